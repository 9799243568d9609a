package targets

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/merge"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/runner"
	"github.com/mushbdd/mush/internal/shard"
	"github.com/mushbdd/mush/internal/view"
)

func TestMergeReportsTarget(t *testing.T) {
	root := t.TempDir()
	features, _ := filepath.Abs("../fixtures/testdata/passing.feature")
	for _, s := range []string{"1/2", "2/2"} {
		env := map[string]string{
			"BDD_SHARD": s, "BDD_PATHS": features, "BDD_WORKERS": "2",
			"BDD_REPORTS_DIR": filepath.Join(root, "build", "shards", strings.Replace(s, "/", "-of-", 1)),
			"BDD_TIMINGS":     filepath.Join(root, "timings.json"),
		}
		var out bytes.Buffer
		if code := runner.ExitCode(runner.Run(context.Background(), fixtures.Suite(&fixtures.Recorder{}), runner.Env{
			Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &out,
		})); code != 0 {
			t.Fatalf("shard %s: exit %d\n%s", s, code, out.String())
		}
	}
	var out, errOut bytes.Buffer
	p := Project{Root: root, Stdout: &out, Stderr: &errOut}
	env := map[string]string{"BDD_NO_COLOR": "1"}
	if err := MergeReports(context.Background(), withVars(p, env)); err != nil {
		t.Fatalf("merge: %v\n%s", err, errOut.String())
	}
	if !strings.HasSuffix(out.String(), "\n5 passed, 0 failed\n") || !strings.Contains(out.String(), "2 shards merged from build/shards/*") {
		t.Errorf("merged summary:\n%s", out.String())
	}
	for _, f := range []string{"build/reports/junit.xml", "build/reports/results.json", "build/cache/timings.json"} {
		if _, err := filepath.Glob(filepath.Join(root, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	env["MUSH_MERGE_FROM"] = "elsewhere/*"
	if err := MergeReports(context.Background(), withVars(p, env)); exitcode.Code(err) != exitcode.Incomplete {
		t.Errorf("no shards: %v, want exit 6", err)
	}
	env["BDD_NO_COLOR"] = "maybe"
	if err := MergeReports(context.Background(), withVars(p, env)); exitcode.Code(err) != exitcode.Misuse {
		t.Errorf("bad BDD_NO_COLOR: %v, want exit 2", err)
	}
	// The targets' flags go over the variables.
	from := filepath.Join(root, "nothing", "*")
	if err := MergeReports(context.Background(), withVars(p, nil).WithFlags("mergeReports", nil, &from, nil)); exitcode.Code(err) != exitcode.Incomplete {
		t.Errorf("MergeReports with no shards: %v, want exit 6", err)
	}
	counts := "x"
	err := ShardPlan(context.Background(), withVars(p, nil).WithFlags("shardPlan", nil, nil, nil, &counts, nil))
	if exitcode.Code(err) != exitcode.Misuse || !strings.HasPrefix(err.Error(), `-shards / MUSH_SHARDS="x"`) {
		t.Errorf("ShardPlan -shards=x: %v, want exit 2", err)
	}
}

func TestShardPlanTarget(t *testing.T) {
	root, _ := filepath.Abs("../fixtures")
	for _, tc := range []struct {
		env  map[string]string
		code int
		want string
	}{
		{map[string]string{"MUSH_SHARDS": "1,2", "MUSH_SHARD_SETUP": "1s", "BDD_WORKERS": "2", "BDD_PATHS": "testdata"},
			0, "20 scenarios, 0 known to the timing history"},
		{map[string]string{"MUSH_SHARDS": "2", "BDD_PATHS": "testdata"}, 0, "BDD_WORKERS=auto adapts during a run; the plan counts"},
		{map[string]string{"MUSH_SHARDS": "0"}, 2, "MUSH_SHARDS=\"0\""},
		{map[string]string{"MUSH_SHARD_SETUP": "soon"}, 2, "MUSH_SHARD_SETUP=\"soon\""},
		{map[string]string{"BDD_WORKERS": "none"}, 2, "BDD_WORKERS=\"none\""},
		{map[string]string{"BDD_TAGS": "@a &&"}, 2, "BDD_TAGS"},
		{map[string]string{"BDD_PATHS": "nowhere"}, 2, "nowhere"},
		{map[string]string{"BDD_PATHS": "testdata", "BDD_TAGS": "@none"}, 2, `BDD_TAGS="@none" selects no scenario`},
		// Mage runs outside the root here: the history still knows the
		// scenarios by their paths from the root.
		{map[string]string{"BDD_PATHS": "testdata/passing.feature", "MUSH_SHARDS": "1", "BDD_WORKERS": "1",
			"BDD_TIMINGS": "timings.json"}, 0, "5 scenarios, 2 known to the timing history"},
	} {
		var out, errOut bytes.Buffer
		if tc.env["BDD_TIMINGS"] == "" {
			tc.env["BDD_TIMINGS"] = filepath.Join(t.TempDir(), "none.json")
		} else {
			tc.env["BDD_TIMINGS"] = filepath.Join(t.TempDir(), "timings.json")
			os.WriteFile(tc.env["BDD_TIMINGS"], []byte(`{"version": 1, "scenarios": {"testdata/passing.feature:3": 1, "testdata/passing.feature:6": 2}}`), 0o644)
		}
		err := ShardPlan(context.Background(), withVars(Project{Root: root, Stdout: &out, Stderr: &errOut}, tc.env))
		if code := exitcode.Code(err); code != tc.code {
			t.Errorf("%v: exit %d (%v), want %d", tc.env, code, err, tc.code)
		}
		if got := out.String() + errOut.String() + fmt.Sprint(err); !strings.Contains(got, tc.want) {
			t.Errorf("%v: output lacks %q:\n%s", tc.env, tc.want, got)
		}
	}
}

// coverageStats reads coverage.json's statement counts.
func coverageStats(t *testing.T, root string) (covered, statements int64) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "build", "coverage", "coverage.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Packages []struct{ Covered, Statements int64 }
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Packages {
		covered, statements = covered+p.Covered, statements+p.Statements
	}
	return covered, statements
}

// TestCoverageShardsMergeToTheOneMachineTotal runs coverageReport as two
// shards of the small module, then the merge: the same statements covered
// as one coverageReport, gated once. The module's stand-in feature runner
// writes no shard outputs, so the test writes the two shards' manifests and
// results as a runner would; the coverage data and go test's profile are
// real.
func TestCoverageShardsMergeToTheOneMachineTotal(t *testing.T) {
	p, out := testProject(t)
	p.Env = p.Env.Set("COVERAGE_THRESHOLD", "80", "")
	if err := CoverageReport(context.Background(), p); err != nil {
		t.Fatalf("one machine: %v\n%s", err, out)
	}
	wantCovered, wantStatements := coverageStats(t, p.Root)
	os.RemoveAll(filepath.Join(p.Root, "build", "coverage"))

	keys := []string{"features/a.feature:3", "features/b.feature:3"}
	assign := shard.Split(keys, nil, 2)
	for i := 1; i <= 2; i++ {
		spec := shard.Spec{Index: i, Total: 2}
		s := spec.String()
		err := CoverageReport(context.Background(), p.WithFlags("coverageReport", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, &s, nil))
		if err != nil {
			t.Fatalf("shard %s: %v\n%s", s, err, out)
		}
		if !strings.Contains(out.String(), "coverage: shard "+s+" left its data in build/shards/"+spec.Dir()+"/covdata") {
			t.Fatalf("shard %s does not say where its data is:\n%s", s, out)
		}
		dir := filepath.Join(p.Root, "build", "shards", spec.Dir())
		if err := shard.NewManifest(spec, "BDD_SHARD", keys, nil, assign).Write(dir); err != nil {
			t.Fatal(err)
		}
		run := result.Run{Workers: 1}
		for j, k := range keys {
			if assign[j] == i {
				file, _, _ := strings.Cut(k, ":")
				run.Scenarios = append(run.Scenarios, result.Scenario{File: file, Line: 3, Order: j, Status: result.Passed})
			}
		}
		if _, err := report.WriteAll(dir, view.New(run, view.Options{}), true); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(p.Root, "build", "shards", "2-of-2", shard.GoTestProfile)); err == nil {
		t.Error("go test ran on shard 2/2 too")
	}
	for _, tc := range []struct {
		threshold string
		code      int
		gate      string
	}{
		{"80", exitcode.OK, "coverage: 80.0% of statements (threshold 80.0%)"},
		{"80.01", exitcode.Coverage, "coverage: 80.0% of statements (threshold 80.01%)"},
	} {
		out.mu.Lock()
		out.b.Reset()
		out.mu.Unlock()
		err := MergeReports(context.Background(), withVars(p, map[string]string{"COVERAGE_THRESHOLD": tc.threshold}))
		if code := exitcode.Code(err); code != tc.code {
			t.Fatalf("merge at %s: exit %d (%v)\n%s", tc.threshold, code, err, out)
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		if last := lines[len(lines)-1]; last != tc.gate {
			t.Errorf("merge at %s: last line %q, want %q", tc.threshold, last, tc.gate)
		}
		if c, s := coverageStats(t, p.Root); c != wantCovered || s != wantStatements {
			t.Errorf("merged coverage: %d of %d statements, one machine %d of %d", c, s, wantCovered, wantStatements)
		}
	}

	// Go test failed in shard 1: the merge fails as coverageReport would
	// on one machine, and still shows the merged coverage.
	exitFile := filepath.Join(p.Root, "build", "shards", "1-of-2", shard.GoTestExit)
	if err := os.WriteFile(exitFile, []byte("1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := MergeReports(context.Background(), withVars(p, map[string]string{"COVERAGE_THRESHOLD": "80"}))
	if exitcode.Code(err) != exitcode.Failed || err.Error() != "go test failed (in shard 1, see its job's output)" {
		t.Errorf("go test failed in shard 1: exit %d (%v), want 1", exitcode.Code(err), err)
	}
	if !strings.Contains(out.String(), "coverage: 80.0% of statements (threshold 80.0%)") {
		t.Errorf("go test failed in shard 1: the merged coverage is not shown:\n%s", out)
	}
	if err := os.WriteFile(exitFile, []byte("0\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// Data from another build of the module is refused: the two shards'
	// builds had the same meta-data, which another build would not.
	metas, _ := filepath.Glob(filepath.Join(p.Root, "build", "shards", "2-of-2", shard.CovdataDir, "covmeta.*"))
	if len(metas) != 1 {
		t.Fatalf("shard 2/2 meta-data files: %v", metas)
	}
	os.Rename(metas[0], filepath.Join(filepath.Dir(metas[0]), "covmeta.0123456789abcdef"))
	err = MergeReports(context.Background(), withVars(p, nil))
	if exitcode.Code(err) != exitcode.Incomplete || !strings.Contains(err.Error(), "shard 2/2's coverage data comes from another build than shard 1/2's") {
		t.Errorf("data of another build: %v", err)
	}
	// A shard without coverage data next to shards with it is refused.
	os.RemoveAll(filepath.Join(p.Root, "build", "shards", "2-of-2", shard.CovdataDir))
	err = MergeReports(context.Background(), withVars(p, nil))
	if exitcode.Code(err) != exitcode.Incomplete || !strings.Contains(err.Error(), "shard 2/2 has no coverage data (covdata/) while the others do") {
		t.Errorf("a shard without coverage data: %v", err)
	}
	// So is shard 1 without go test's profile; and a bad threshold is
	// refused before anything is read.
	os.RemoveAll(filepath.Join(p.Root, "build", "shards", "1-of-2", shard.GoTestProfile))
	err = MergeReports(context.Background(), withVars(p, nil))
	if exitcode.Code(err) != exitcode.Incomplete || !strings.Contains(err.Error(), "no shard left go test's coverage profile (gotest.out)") {
		t.Errorf("no go test profile: %v", err)
	}
	err = MergeReports(context.Background(), withVars(p, map[string]string{"COVERAGE_THRESHOLD": "high"}))
	if exitcode.Code(err) != exitcode.Misuse {
		t.Errorf("a bad threshold: %v", err)
	}
}

// withVars is p with exactly the variables vars as its environment, and
// the test module's policy (testProject) under them.
func withVars(p Project, vars map[string]string) Project {
	var env []string
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	p.Env = config.NewEnv(env).Default(config.ExcludeVar, "features")
	return p
}

// A covdata merge that fails ends with one line saying so and where what
// it merged is kept, and leaves no earlier run's coverage.out to pass for
// this one's.
func TestMergeCoverageFailure(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.24\n", "a.go": "package m\n\nfunc A() int { return 1 }\n",
		"build/coverage/coverage.out": "mode: atomic\n", "shard/covdata/covmeta.0123": "x", "shard/covdata/covcounters.0123.1.2": "x",
	}
	for name, content := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755)
		if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut bytes.Buffer
	p := Project{Root: root, Stdout: &out, Stderr: &errOut}
	err := p.mergeCoverage(context.Background(), merge.Coverage{Covdirs: []string{filepath.Join(root, "shard", "covdata")}}, config.Settings{}, nil)
	kept := filepath.Join(root, "build", "coverage", shard.CovdataDir)
	if exitcode.Code(err) != exitcode.Coverage || !strings.HasPrefix(err.Error(), "coverage: merging the shards' data failed, what it merged is kept in "+kept+": go tool covdata merge") ||
		strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v (exit %d), want one line and exit 3", err, exitcode.Code(err))
	}
	if _, serr := os.Stat(filepath.Join(root, "build", "coverage", "coverage.out")); serr == nil {
		t.Error("the earlier run's coverage.out is still there")
	}
	if _, serr := os.Stat(kept); serr != nil {
		t.Errorf("what the merge wrote is gone: %v", serr)
	}
}
