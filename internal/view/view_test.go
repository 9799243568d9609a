package view

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/result"
)

// run is a run in file order with a failure, a flaky scenario, two
// scenarios of the same duration and one never started.
func run() result.Run {
	return result.Run{Workers: 2, Rerun: result.Start{Command: "go tool mage unitTests"}, Scenarios: []result.Scenario{
		{Name: "a", File: "f.feature", Line: 3, Order: 0, Status: result.Passed, Duration: time.Second, Start: time.Unix(1, 0), Worker: 1},
		{Name: "b", File: "my f.feature", Line: 5, Order: 1, Status: result.Failed, Duration: 3 * time.Second},
		{Name: "c", File: "f.feature", Line: 7, Order: 2, Status: result.Passed, Duration: time.Second,
			Retries: []result.Try{{Status: result.Failed}}},
		{Name: "d", File: "f.feature", Line: 9, Order: 3, Status: result.TimedOut, Duration: 2 * time.Second},
		{Name: "e", File: "f.feature", Line: 11, Order: 4, Status: result.Skipped},
	}}
}

func names(scs []*result.Scenario) string {
	var out []string
	for _, s := range scs {
		out = append(out, s.Name)
	}
	return strings.Join(out, " ")
}

func TestNew(t *testing.T) {
	v := New(run(), Options{Slowest: 3})
	if v.Counts[result.Passed] != 2 || v.Counts[result.Skipped] != 1 || len(v.Failures) != 2 || v.OK() {
		t.Errorf("counts %v, %d failed, ok %v", v.Counts, len(v.Failures), v.OK())
	}
	var fails []string
	for _, f := range v.Failures {
		fails = append(fails, f.Name+": "+f.Rerun)
	}
	if got, want := strings.Join(fails, "\n"), "b: BDD_PATHS='\"my f.feature:5\"' go tool mage unitTests\nd: BDD_PATHS=f.feature:9 go tool mage unitTests"; got != want {
		t.Errorf("failures:\n%s\nwant\n%s", got, want)
	}
	if got := names(v.Flaky); got != "c" {
		t.Errorf("flaky %q", got)
	}
	// Longest first; among equals, file order; none that never ran.
	if got := names(v.Slowest); got != "b d a" {
		t.Errorf("slowest %q, want b d a", got)
	}
	if got := names(New(run(), Options{}).Slowest); got != "b d a c" {
		t.Errorf("slowest by default %q", got)
	}
	if v.Failures[0].Scenario != &v.Run.Scenarios[1] || v.Timeline.Lanes[0].Bars[0].Scenario != &v.Run.Scenarios[0] {
		t.Error("the view copies the scenarios it points to")
	}
	goTest := func(s result.Scenario) string { return "go test -run " + s.Name }
	if f := New(run(), Options{RerunFor: goTest}).Failures; f[0].Rerun != "go test -run b" {
		t.Errorf("RerunFor not used: %q", f[0].Rerun)
	}
	r := run()
	r.Rerun = result.Start{}
	if f := New(r, Options{}).Failures; f[0].Rerun != "" {
		t.Errorf("a run without a rerun command shows %q", f[0].Rerun)
	}
}

// Every rerun hint repeats how the run started: the command, the build
// tags and the settings that choose the code, with the selection replaced.
func TestRerunCommand(t *testing.T) {
	mage := result.Start{Command: "go tool mage unitTests"}
	tagged := result.Start{Command: "go tool mage unitTests", Env: []string{"GOFLAGS=-mod=mod -tags=integration", "BDD_RUNNER_PKG=./test"}}
	goRun := result.Start{Command: result.GoRun, Pkg: "./test", Tags: "integration"}
	goTest := result.Start{Command: result.GoTest, Pkg: "./test", Test: "TestFeatures/all", Tags: "integration,slow"}
	pathsSet := goTest
	pathsSet.Env = []string{"BDD_PATHS=test/features"}
	tags := ShellQuote(goTest.Tags)
	for _, tc := range []struct {
		s     result.Start
		paths string
		names []string
		want  string
	}{
		{mage, "f.feature:3", nil, "BDD_PATHS=f.feature:3 go tool mage unitTests"},
		{tagged, "f.feature:3", nil, "GOFLAGS='-mod=mod -tags=integration' BDD_RUNNER_PKG=./test BDD_PATHS=f.feature:3 go tool mage unitTests"},
		{tagged, "@r/rerun.txt", []string{"F", "S"}, "GOFLAGS='-mod=mod -tags=integration' BDD_RUNNER_PKG=./test BDD_PATHS=@r/rerun.txt go tool mage unitTests"},
		{goRun, "my f.feature:3", nil, `BDD_PATHS='"my f.feature:3"' go run -tags integration ./test`},
		{result.Start{Command: result.GoRun, Pkg: "."}, "f.feature:3", nil, "BDD_PATHS=f.feature:3 go run ."},
		{goTest, "f.feature:3", []string{"Arith", "Div_(x)"}, "go test -tags " + tags + ` -run '^TestFeatures$/^all$/^Arith$/^Div_\(x\)$' ./test`},
		{goTest, "@r/rerun.txt", nil, "BDD_PATHS=@r/rerun.txt go test -tags " + tags + " -run '^TestFeatures$/^all$' ./test"},
		{pathsSet, "test/features/a.feature:3", []string{"A", "B"}, "BDD_PATHS=test/features/a.feature:3 go test -tags " + tags + " -run '^TestFeatures$/^all$/^A$/^B$' ./test"},
		{result.Start{Command: result.GoTest, Pkg: "./x"}, "f.feature:3", []string{"A", "B"}, "BDD_PATHS=f.feature:3 go test ./x"},
	} {
		if got := RerunCommand(tc.s, tc.paths, tc.names...); got != tc.want {
			t.Errorf("RerunCommand(%+v, %q, %q) =\n%s\nwant\n%s", tc.s, tc.paths, tc.names, got, tc.want)
		}
	}
}

// RunPattern anchors every level and quotes what regexp would read: the
// one pattern gotest, the targets and the rerun hints give to -run.
func TestRunPattern(t *testing.T) {
	for _, c := range []struct {
		elems []string
		want  string
	}{
		{[]string{"TestFeatures"}, "^TestFeatures$"},
		{[]string{"TestFeatures", "Sums", "a_b_(1+2)"}, `^TestFeatures$/^Sums$/^a_b_\(1\+2\)$`},
	} {
		if got := RunPattern(c.elems...); got != c.want {
			t.Errorf("RunPattern(%q) = %q, want %q", c.elems, got, c.want)
		}
	}
}

func TestCountsLine(t *testing.T) {
	paint := func(st result.Status, s string) string { return "<" + string(st) + ">" + s }
	if got := New(run(), Options{}).CountsLine(paint); got != "<passed>2 passed, <failed>2 failed, <skipped>1 skipped" {
		t.Errorf("CountsLine = %q", got)
	}
	if got := New(result.Run{}, Options{}).CountsLine(nil); got != "0 passed, 0 failed" {
		t.Errorf("empty CountsLine = %q", got)
	}
	if got := New(result.Run{}, Options{}).CountsLine(paint); got != "<passed>0 passed, 0 failed" {
		t.Errorf("the failed part is painted only when some failed: %q", got)
	}
	if !New(result.Run{}, Options{}).OK() || New(result.Run{Failed: true}, Options{}).OK() {
		t.Error("OK")
	}
}

func TestWorkers(t *testing.T) {
	for _, tc := range []struct {
		run  result.Run
		want string
	}{
		{result.Run{Workers: 1}, "1 worker"},
		{result.Run{Workers: 8}, "8 workers"},
		{result.Run{Workers: 4, Auto: true, WorkersMin: 4, WorkersMax: 4}, "4 workers (auto)"},
		{result.Run{Workers: 12, Auto: true, WorkersMin: 2, WorkersMax: 12, WorkerTime: 15 * time.Second, Wall: 2 * time.Second},
			"2-12 workers (auto, average 7.5)"},
	} {
		if got := New(tc.run, Options{}).Workers(); got != tc.want {
			t.Errorf("Workers = %q, want %q", got, tc.want)
		}
	}
}

func TestText(t *testing.T) {
	for n, want := range map[int]string{0: "0 workers", 1: "1 worker", 2: "2 workers"} {
		if got := Plural(n, "worker"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
	for d, want := range map[time.Duration]string{420 * time.Millisecond: "0.42s", 12340 * time.Millisecond: "12.3s", 65 * time.Second: "1m5s"} {
		if got := Seconds(d); got != want {
			t.Errorf("Seconds(%v) = %q, want %q", d, got, want)
		}
	}
	for in, want := range map[string]string{"f/a_b-c.feature:12": "f/a_b-c.feature:12", "@r.txt": "@r.txt", "my f": "'my f'", "it's": `'it'\''s'`} {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %q, want %q", in, got, want)
		}
	}
	if Label(result.TimedOut) != "timed out" || len(Statuses) != 8 {
		t.Errorf("Label %q, %d statuses", Label(result.TimedOut), len(Statuses))
	}
}

// TestPathsRoundTrip: a path list mush writes (QuotePath, joined by commas
// or lines) reads back (SplitPaths) entry for entry, and, inside a rerun
// hint, through a shell's single quotes.
func TestPathsRoundTrip(t *testing.T) {
	paths := []string{"f.feature:3", "my dir, 2/a b.feature:7", `"quoted".feature`, "tab\there.feature", "line\nbreak.feature",
		"Größe/日本.feature:1", "@r/rerun.txt", "@my reports/rerun.txt", "it's.feature"}
	var quoted []string
	for _, p := range paths {
		quoted = append(quoted, QuotePath(p))
	}
	if quoted[0] != "f.feature:3" || quoted[5] != "Größe/日本.feature:1" || quoted[1] != `"my dir, 2/a b.feature:7"` {
		t.Errorf("QuotePath quotes what it need not, or not what it must: %q", quoted)
	}
	for _, sep := range []string{",", "\n", " , ", "\r\n"} {
		got, err := SplitPaths(strings.Join(quoted, sep) + sep)
		if err != nil || !slices.Equal(got, paths) {
			t.Errorf("joined by %q: SplitPaths = %q, %v; want %q", sep, got, err, paths)
		}
	}
	if got, err := SplitPaths(JoinPaths(paths)); err != nil || !slices.Equal(got, paths) {
		t.Errorf("SplitPaths(JoinPaths) = %q, %v; want %q", got, err, paths)
	}
	if got, err := SplitPaths(" a.feature,,b.feature\tc.feature "); err != nil || !slices.Equal(got, []string{"a.feature", "b.feature", "c.feature"}) {
		t.Errorf("plain list: %q, %v", got, err)
	}
	if _, err := SplitPaths(`a.feature,"my dir/b.feature`); err == nil {
		t.Error("an open Go string was accepted")
	}
	if got := RerunCommand(result.Start{Command: "go tool mage unitTests"}, "my dir, 2/a.feature:3"); got != `BDD_PATHS='"my dir, 2/a.feature:3"' go tool mage unitTests` {
		t.Errorf("RerunCommand = %s", got)
	}
}

func TestDeadlineNote(t *testing.T) {
	for _, tc := range []struct {
		grace            time.Duration
		notRun, timedOut int
		want             string
	}{
		{3 * time.Second, 0, 0, "BDD_DEADLINE=1s ended the run: every scenario had started, and those still running finished within the 3s grace period"},
		{3 * time.Second, 4, 1, "BDD_DEADLINE=1s ended the run: 4 scenarios not run, 1 timed out after the 3s grace period"},
		{3 * time.Second, 1, 0, "BDD_DEADLINE=1s ended the run: 1 scenario not run"},
		{0, 0, 2, "BDD_DEADLINE=1s ended the run: 2 timed out"},
		{0, 0, 0, "BDD_DEADLINE=1s ended the run: every scenario had started, and those still running finished within the grace period"},
	} {
		if got := DeadlineNote(time.Second, tc.grace, tc.notRun, tc.timedOut); got != tc.want {
			t.Errorf("DeadlineNote(1s, %s, %d, %d) =\n %s\nwant\n %s", tc.grace, tc.notRun, tc.timedOut, got, tc.want)
		}
	}
}

// TestByFile: a file's scenarios in one group, files in the order they
// first appear, a file met again after another joining its group without
// changing the scenarios given.
func TestByFile(t *testing.T) {
	scs := []result.Scenario{
		{File: "a.feature", Line: 3}, {File: "a.feature", Line: 7},
		{File: "b.feature", Line: 2},
		{File: "a.feature", Line: 11},
		{File: "c.feature", Line: 4},
	}
	given := slices.Clone(scs)
	var got []string
	for _, g := range ByFile(scs) {
		var locs []string
		for _, s := range g {
			locs = append(locs, s.Location())
		}
		got = append(got, strings.Join(locs, " "))
	}
	want := []string{"a.feature:3 a.feature:7 a.feature:11", "b.feature:2", "c.feature:4"}
	if !slices.Equal(got, want) {
		t.Errorf("groups %q, want %q", got, want)
	}
	if !slices.EqualFunc(scs, given, func(a, b result.Scenario) bool { return a.Location() == b.Location() }) {
		t.Errorf("the scenarios given changed: %v", scs)
	}
	if ByFile(nil) != nil {
		t.Error("no scenarios: groups")
	}
}
