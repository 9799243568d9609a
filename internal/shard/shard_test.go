package shard

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/fixtures/hostilefile"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Spec
		bad  bool
	}{
		{in: "1/1", want: Spec{1, 1}},
		{in: "2/4", want: Spec{2, 4}},
		{in: " 4/4 ", want: Spec{4, 4}},
		{in: "none", want: Spec{}},
		{in: "None", want: Spec{}},
		{in: "0/4", bad: true},
		{in: "5/4", bad: true},
		{in: "a/b", bad: true},
		{in: "2", bad: true},
		{in: "2/0", bad: true},
		{in: "-1/4", bad: true},
		{in: "2/4/8", bad: true},
		{in: "10000/10000", want: Spec{10000, 10000}},
		{in: "1/10001", bad: true},
		{in: "1/1000000000", bad: true},
		{in: "9223372036854775807/9223372036854775807", bad: true},
		{in: "1/99999999999999999999", bad: true},
	} {
		got, err := Parse(tc.in)
		if tc.bad {
			want := fmt.Sprintf("BDD_SHARD=%q: not accepted (accepted: i/n with 1 <= i <= n <= 10000, e.g. 2/4, or none)", tc.in)
			if err == nil || err.Error() != want || exitcode.Code(err) != exitcode.Misuse {
				t.Errorf("Parse(%q) = %v, %v; want the error %q, exit 2", tc.in, got, err, want)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestSpecNames(t *testing.T) {
	s := Spec{2, 4}
	if s.String() != "2/4" || s.Dir() != "2-of-4" || !s.Sharded() || (Spec{}).Sharded() {
		t.Errorf("names of %v: %q %q %v", s, s.String(), s.Dir(), s.Sharded())
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want Spec
		from string
		bad  string // a part of the error
	}{
		{name: "nothing", env: nil},
		{name: "explicit", env: map[string]string{"BDD_SHARD": "2/3"}, want: Spec{2, 3}, from: "BDD_SHARD"},
		{name: "explicit wins", env: map[string]string{"BDD_SHARD": "1/2", "CI_NODE_INDEX": "3", "CI_NODE_TOTAL": "4"}, want: Spec{1, 2}, from: "BDD_SHARD"},
		{name: "none wins over the CI", env: map[string]string{"BDD_SHARD": "none", "CI_NODE_INDEX": "3", "CI_NODE_TOTAL": "4"}},
		{name: "explicit bad", env: map[string]string{"BDD_SHARD": "5/4"}, bad: `BDD_SHARD="5/4"`},
		{name: "gitlab is 1-based", env: map[string]string{"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "4"}, want: Spec{1, 4}, from: "GitLab CI_NODE_INDEX/CI_NODE_TOTAL"},
		{name: "gitlab last", env: map[string]string{"CI_NODE_INDEX": "4", "CI_NODE_TOTAL": "4"}, want: Spec{4, 4}, from: "GitLab CI_NODE_INDEX/CI_NODE_TOTAL"},
		{name: "gitlab 0 refused", env: map[string]string{"CI_NODE_INDEX": "0", "CI_NODE_TOTAL": "4"}, bad: `CI_NODE_INDEX="0", CI_NODE_TOTAL="4": not accepted (accepted: a total from 1 to 10000 and an index from 1 to total, as GitLab sets them`},
		{name: "gitlab huge total", env: map[string]string{"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "9223372036854775807"}, bad: `CI_NODE_TOTAL="9223372036854775807": not accepted`},
		{name: "gitlab total only", env: map[string]string{"CI_NODE_TOTAL": "1"}},
		{name: "circleci is 0-based", env: map[string]string{"CIRCLE_NODE_INDEX": "0", "CIRCLE_NODE_TOTAL": "4"}, want: Spec{1, 4}, from: "CircleCI CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL"},
		{name: "circleci last", env: map[string]string{"CIRCLE_NODE_INDEX": "3", "CIRCLE_NODE_TOTAL": "4"}, want: Spec{4, 4}, from: "CircleCI CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL"},
		{name: "circleci 4 of 4 refused", env: map[string]string{"CIRCLE_NODE_INDEX": "4", "CIRCLE_NODE_TOTAL": "4"}, bad: "an index from 0 to total-1, as CircleCI sets them"},
		{name: "one job is no shard", env: map[string]string{"CIRCLE_NODE_INDEX": "0", "CIRCLE_NODE_TOTAL": "1"}},
		{name: "buildkite", env: map[string]string{"BUILDKITE_PARALLEL_JOB": "2", "BUILDKITE_PARALLEL_JOB_COUNT": "3"}, want: Spec{3, 3}, from: "Buildkite BUILDKITE_PARALLEL_JOB/BUILDKITE_PARALLEL_JOB_COUNT"},
		{name: "buildkite missing total", env: map[string]string{"BUILDKITE_PARALLEL_JOB": "2"}, bad: `BUILDKITE_PARALLEL_JOB="2", BUILDKITE_PARALLEL_JOB_COUNT=""`},
		{name: "bazel", env: map[string]string{"TEST_SHARD_INDEX": "1", "TEST_TOTAL_SHARDS": "2"}, want: Spec{2, 2}, from: "Bazel TEST_SHARD_INDEX/TEST_TOTAL_SHARDS"},
		{name: "bazel junk", env: map[string]string{"TEST_SHARD_INDEX": "x", "TEST_TOTAL_SHARDS": "2"}, bad: `TEST_SHARD_INDEX="x"`},
	} {
		got, from, err := Detect(func(k string) string { return tc.env[k] })
		if tc.bad != "" {
			if err == nil || !strings.Contains(err.Error(), tc.bad) || exitcode.Code(err) != exitcode.Misuse || strings.Contains(err.Error(), "\n") {
				t.Errorf("%s: Detect = %v, %v; want one misuse line containing %q", tc.name, got, err, tc.bad)
			}
			continue
		}
		if err != nil || got != tc.want || from != tc.from {
			t.Errorf("%s: Detect = %v, %q, %v; want %v, %q", tc.name, got, from, err, tc.want, tc.from)
		}
	}
}

// suite makes n keys over a few files, with durations from a skewed,
// deterministic distribution.
func suite(n int) ([]string, map[string]float64) {
	keys := make([]string, n)
	h := map[string]float64{}
	for i := range keys {
		keys[i] = fmt.Sprintf("features/f%02d.feature:%d", i%13, 3+i)
		h[keys[i]] = 0.01 + math.Pow(float64((i*7919)%97)/97, 4)*3
	}
	return keys, h
}

func TestSplitPartitions(t *testing.T) {
	keys, full := suite(200)
	half := map[string]float64{}
	for i, k := range keys {
		if i%2 == 0 {
			half[k] = full[k]
		}
	}
	for _, tc := range []struct {
		name string
		h    map[string]float64
	}{{"full history", full}, {"half known", half}, {"no history", nil}} {
		for _, n := range []int{1, 2, 3, 4, 7, 16, 300} {
			assign := Split(keys, tc.h, n)
			seen := map[string]int{}
			for s := 1; s <= n; s++ {
				for _, i := range Select(assign, Spec{s, n}) {
					seen[keys[i]]++
				}
			}
			if len(seen) != len(keys) {
				t.Errorf("%s, %d shards: union has %d of %d scenarios", tc.name, n, len(seen), len(keys))
			}
			for k, c := range seen {
				if c != 1 {
					t.Errorf("%s, %d shards: %s in %d shards", tc.name, n, k, c)
				}
			}
			// The same split whatever order the keys come in.
			rev := slices.Clone(keys)
			slices.Reverse(rev)
			again := Split(rev, tc.h, n)
			for i := range keys {
				if assign[i] != again[len(keys)-1-i] {
					t.Fatalf("%s, %d shards: %s moved from shard %d to %d when the order changed", tc.name, n, keys[i], assign[i], again[len(keys)-1-i])
				}
			}
		}
	}
}

func TestSplitBalances(t *testing.T) {
	keys, h := suite(400)
	for _, n := range []int{2, 4, 8} {
		if p := Predict(PlanInput{Keys: keys, History: h, Counts: []int{n}, Workers: 1})[0]; p.Balance > 1.02 {
			t.Errorf("%d shards: busiest/mean = %.3f, want <= 1.02", n, p.Balance)
		}
	}
}

func TestSplitSmallCases(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys []string
		h    map[string]float64
		n    int
		want []int
	}{
		{"longest first onto the least loaded", []string{"a", "b", "c", "d"}, map[string]float64{"a": 1, "b": 4, "c": 3, "d": 2}, 2, []int{1, 1, 2, 2}},
		{"ties go to the lower shard, equal times in key order", []string{"b", "a", "c"}, map[string]float64{"a": 1, "b": 1, "c": 1}, 3, []int{2, 1, 3}},
		{"one shard takes all", []string{"x", "y"}, nil, 1, []int{1, 1}},
		{"n below 1 is one shard", []string{"x"}, nil, 0, []int{1}},
		{"more shards than scenarios", []string{"a", "b"}, map[string]float64{"a": 2, "b": 1}, 4, []int{1, 2}},
		{"nothing selected", nil, nil, 4, []int{}},
	} {
		if got := Split(tc.keys, tc.h, tc.n); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Split = %v, want %v", tc.name, got, tc.want)
		}
	}
	// Unknown scenarios land by hash alone: the history of the others
	// does not move them.
	keys := []string{"new.feature:3", "a:1", "b:1", "c:1"}
	one := Split(keys, map[string]float64{"a:1": 5}, 4)
	two := Split(keys, map[string]float64{"a:1": 1, "b:1": 9, "c:1": 2}, 4)
	if one[0] != two[0] {
		t.Errorf("an unknown scenario moved from shard %d to %d when the history of others changed", one[0], two[0])
	}
}

func TestManifestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	keys, h := suite(20)
	assign := Split(keys, h, 3)
	m := NewManifest(Spec{2, 3}, "BDD_SHARD", keys, h, assign)
	if err := m.Write(dir); err != nil {
		t.Fatal(err)
	}
	got, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.Index != 2 || got.Total != 3 || got.Shard != "2/3" || got.Selection != m.Selection || got.History != m.History || got.Known != 20 {
		t.Errorf("read back %+v", got)
	}
	if !slices.Equal(got.Scenarios, keys) || !slices.Equal(got.Assign, assign) {
		t.Errorf("read back scenarios %v assigned %v, want %v assigned %v", got.Scenarios, got.Assign, keys, assign)
	}
	other := map[string]float64{}
	for k, v := range h {
		other[k] = v * 2
	}
	if NewManifest(Spec{2, 3}, "", keys, other, assign).History == m.History {
		t.Error("a different history has the same fingerprint")
	}
}

func TestManifestProblems(t *testing.T) {
	for _, tc := range []struct{ name, content, want string }{
		{"not json", "{", "not a shard manifest"},
		{"version", `{"version":9}`, "manifest version 9"},
		{"not a shard", `{"version":1,"index":5,"total":4}`, "shard 5/4 is not a shard"},
		{"huge total", `{"version":1,"index":1,"total":9223372036854775807}`, "shard 1/9223372036854775807 is not a shard (accepted: i/n with 1 <= i <= n <= 10000)"},
		{"edited list", `{"version":1,"index":1,"total":2,"scenarios":["a:1"],"assign":[1],"selection_sha256":"x"}`, "does not match its fingerprint"},
		{"bad assignment", fmt.Sprintf(`{"version":1,"index":1,"total":2,"scenarios":["a:1"],"assign":[3],"selection_sha256":%q}`, fingerprint([]string{"a:1"})), "assigns a scenario to shard 3 of 2"},
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, ManifestFile), []byte(tc.content), 0o644)
		if _, err := ReadManifest(dir); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := ReadManifest(t.TempDir()); err == nil {
		t.Error("a missing manifest should not read")
	}
}

func TestMakespan(t *testing.T) {
	for _, tc := range []struct {
		d       []float64
		workers int
		want    float64
	}{
		{nil, 4, 0},
		{[]float64{1, 1, 1, 1}, 2, 2},
		{[]float64{3, 1, 1, 1}, 2, 3},
		{[]float64{5, 1}, 0, 6},
	} {
		if got := Makespan(tc.d, tc.workers); got != tc.want {
			t.Errorf("Makespan(%v, %d) = %v, want %v", tc.d, tc.workers, got, tc.want)
		}
	}
}

func TestPlan(t *testing.T) {
	keys := []string{"long:1", "a:1", "b:1", "c:1", "d:1", "e:1", "f:1", "g:1", "new:1"}
	h := map[string]float64{"long:1": 8, "a:1": 4, "b:1": 4, "c:1": 4, "d:1": 4, "e:1": 4, "f:1": 4, "g:1": 4}
	in := PlanInput{Keys: keys, History: h, Counts: []int{1, 2, 4, 8, 16}, Workers: 1, Setup: 2}
	preds := Predict(in)
	walls := []float64{}
	for _, p := range preds {
		walls = append(walls, p.Wall)
	}
	// 40.5 s of scenarios (the unknown one at the mean, 4.5 s) on one
	// worker per shard, 2 s of setup each; the 8 s scenario is the floor.
	if want := []float64{42.5, 22.5, 14, 10, 10}; !slices.Equal(walls, want) {
		t.Errorf("walls %v, want %v", walls, want)
	}
	if p := preds[0]; p.Share != 1 || p.Balance != 1 || p.Busiest != 1 {
		t.Errorf("one shard: %+v", p)
	}
	if i := StopsPaying(preds); preds[i].Shards != 8 {
		t.Errorf("stops paying at %d shards, want 8", preds[i].Shards)
	}
	var b bytes.Buffer
	if err := WritePlan(&b, in, preds); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"9 scenarios, 8 known to the timing history (40.50s of scenario time); 1 worker per shard, 2.00s setup per shard",
		"1 scenarios the history does not know are counted at the mean, 4.50s, and split by hash",
		"floor: 10.00s = setup 2.00s + longest scenario 8.00s",
		"stops paying after 8 shards: 16 save 0.00s of 10.00s (0%, less than 10%)",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("plan lacks %q:\n%s", want, b.String())
		}
	}
}

func TestManifestRefused(t *testing.T) {
	for name, path := range hostilefile.Make(t, t.TempDir(), ".json") {
		dir := t.TempDir()
		if err := os.Symlink(path, filepath.Join(dir, ManifestFile)); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadManifest(dir); !atomicfile.IsRefused(err) {
			t.Errorf("%s as %s: %v, want refused", name, ManifestFile, err)
		}
	}
}

// Two machines that checked the project out in different directories, with
// features outside the module (absolute paths), split new scenarios alike.
func TestSplitIgnoresTheCheckoutDirectory(t *testing.T) {
	var a, b []string
	for i := range 40 {
		loc := fmt.Sprintf("f%d.feature:%d", i%7, 3+i)
		a = append(a, "/home/ci/run-1/test/features/"+loc)
		b = append(b, "/tmp/job-829/test/features/"+loc)
	}
	sa, sb := Split(a, nil, 3), Split(b, nil, 3)
	if !slices.Equal(sa, sb) {
		t.Fatalf("split depends on the directory:\n%v\n%v", sa, sb)
	}
	if slices.Min(sa) == slices.Max(sa) {
		t.Fatalf("every key on shard %d: the hash does not spread", sa[0])
	}
}
