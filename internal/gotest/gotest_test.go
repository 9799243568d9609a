package gotest

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

const arithmetic = "../fixtures/testdata/arithmetic.feature"

// fakeT records what run does to a test: its subtests, each with what it
// reported, and the test's own errors, skips and fatal errors.
type fakeT struct {
	name     string // "" is TestFeatures
	mu       sync.Mutex
	subtests map[string]string // name -> "error: ..." / "skip: ..." / ""
	order    []string
	errors   []string
	ended    string // "skip: ..." or "fatal: ..."
	// noStart makes Sub return without running the subtest, as testing does
	// after a failure under go test -failfast.
	noStart bool
}

func (f *fakeT) Name() string { return cmp.Or(f.name, "TestFeatures") }

func (f *fakeT) Sub(name string, fn func(child)) bool {
	if f.noStart {
		return true
	}
	c := &fakeChild{}
	fn(c)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.subtests == nil {
		f.subtests = map[string]string{}
	}
	f.subtests[name] = c.said
	f.order = append(f.order, name)
	return c.said == ""
}

func (f *fakeT) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.ended = "fatal: " + fmt.Sprintf(format, args...)
}
func (f *fakeT) Skipf(format string, args ...any) { f.ended = "skip: " + fmt.Sprintf(format, args...) }

type fakeChild struct{ said string }

func (c *fakeChild) Error(args ...any) { c.said = "error: " + fmt.Sprint(args...) }
func (c *fakeChild) Skip(args ...any)  { c.said = "skip: " + fmt.Sprint(args...) }

// runFake runs the fixture suite through run with env as the environment.
func runFake(t *testing.T, f *fakeT, flags goFlags, env ...string) (stdout string, rec *fixtures.Recorder) {
	t.Helper()
	dir := t.TempDir()
	vars := map[string]string{
		"BDD_REPORTS_DIR": filepath.Join(dir, "reports"),
		"BDD_TIMINGS":     filepath.Join(dir, "timings.json"),
		"BDD_PATHS":       arithmetic,
	}
	for i := 0; i+1 < len(env); i += 2 {
		vars[env[i]] = env[i+1]
	}
	rec = &fixtures.Recorder{}
	var out bytes.Buffer
	var environ []string
	for k, v := range vars {
		environ = append(environ, k+"="+v)
	}
	run(context.Background(), f, fixtures.Suite(rec), flags, place{pkg: "./features"}, environ, &out, io.Discard)
	return out.String(), rec
}

func TestEachScenarioIsASubtest(t *testing.T) {
	f := &fakeT{}
	out, rec := runFake(t, f, goFlags{})
	want := []string{
		"Arithmetic/Small sum", "Arithmetic/Slow sum", "Arithmetic/Wrong sum",
		"Arithmetic/Sums from a table (line 24)", "Arithmetic/Sums from a table (line 25)", "Arithmetic/Sums from a table (line 26)",
	}
	got := slices.Sorted(func(yield func(string) bool) {
		for name := range f.subtests {
			if !yield(name) {
				return
			}
		}
	})
	if slices.Sort(want); !slices.Equal(got, want) {
		t.Fatalf("subtests %q, want %q", got, want)
	}
	if before, after := rec.Counts(); before != 1 || after != 1 {
		t.Errorf("suite hooks ran %d/%d times, want once each", before, after)
	}
	wrong := f.subtests["Arithmetic/Wrong sum"]
	for _, part := range []string{
		"error: " + arithmetic + ":14: failed\n",
		"    step:  Then 2 plus 2 is 5  (" + arithmetic + ":16)\n",
		"    error: ",
		// The run set BDD_PATHS: the rerun keeps it, narrowed to the scenario.
		"    rerun: BDD_PATHS=" + arithmetic + ":14 go test -run '^TestFeatures$/^Arithmetic$/^Wrong_sum$' ./features\n",
	} {
		if !strings.Contains(wrong, part) {
			t.Errorf("the failed subtest says\n%s\nwithout %q", wrong, part)
		}
	}
	if row := f.subtests["Arithmetic/Sums from a table (line 25)"]; !strings.Contains(row, `:25 go test -run '^TestFeatures$/^Arithmetic$/^Sums_from_a_table_\(line_25\)$' ./features`) {
		t.Errorf("the failed outline row says\n%s", row)
	}
	if f.subtests["Arithmetic/Small sum"] != "" {
		t.Errorf("a passing scenario reported %q", f.subtests["Arithmetic/Small sum"])
	}
	if len(f.errors) != 1 || !strings.HasPrefix(f.errors[0], "mush: exit status 1: a scenario failed") {
		t.Errorf("test errors %q", f.errors)
	}
	if !strings.Contains(out, ":14 go test -run '^TestFeatures$/^Arithmetic$/^Wrong_sum$' ./features") ||
		!strings.Contains(out, "rerun.txt go test -run '^TestFeatures$' ./features\n") ||
		!strings.HasSuffix(out, "4 passed, 2 failed\n") {
		t.Errorf("summary:\n%s", out)
	}
}

// -run and -skip select what is planned, matched as testing matches the
// subtests' names; the rerun command of a scenario selects it alone.
func TestRunAndSkipSelectScenarios(t *testing.T) {
	for _, tc := range []struct {
		name  string
		flags goFlags
		want  []string
	}{
		{"one feature", goFlags{run: "TestFeatures/Arith"}, []string{"Small sum", "Slow sum", "Wrong sum",
			"Sums from a table (line 24)", "Sums from a table (line 25)", "Sums from a table (line 26)"}},
		{"by scenario, spaces as in the name", goFlags{run: "TestFeatures//S.* sum$"}, []string{"Small sum", "Slow sum"}},
		{"outline rows", goFlags{run: `TestFeatures/Arithmetic/table_\(line_2[56]\)`}, []string{"Sums from a table (line 25)", "Sums from a table (line 26)"}},
		{"skip", goFlags{skip: "TestFeatures/Arithmetic/table|TestFeatures/Arithmetic/Wrong"}, []string{"Small sum", "Slow sum"}},
		{"alternatives start at the test", goFlags{skip: "TestFeatures/Arithmetic/table|Wrong"}, []string{"Small sum", "Slow sum", "Wrong sum"}},
		{"a rerun command", goFlags{run: `^TestFeatures$/^Arithmetic$/^Sums_from_a_table_\(line_25\)$`}, []string{"Sums from a table (line 25)"}},
		{"deeper than the names", goFlags{run: "TestFeatures/Arithmetic/Small/more"}, []string{"Small sum"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeT{}
			runFake(t, f, tc.flags)
			var got []string
			for name := range f.subtests {
				got = append(got, strings.TrimPrefix(name, "Arithmetic/"))
			}
			slices.Sort(got)
			slices.Sort(tc.want)
			if !slices.Equal(got, tc.want) {
				t.Errorf("ran %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNothingToRun(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "rerun.txt")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		flags goFlags
		env   []string
		ended string
	}{
		{"no match", goFlags{run: "TestFeatures/Nothing"}, nil, `skip: mush: no scenario matches -run "TestFeatures/Nothing"`},
		{"bad pattern", goFlags{run: "TestFeatures/(("}, nil, `fatal: mush: -run "TestFeatures/((" / -skip "": error parsing regexp`},
		{"bad skip pattern", goFlags{skip: "[z-a]"}, nil, `fatal: mush: -run "" / -skip "[z-a]": error parsing regexp`},
		{"coverageReport runs it", goFlags{}, []string{config.SkipTestVar, "1"}, "skip: mush: MUSH_SKIP_TEST is set"},
		{"bad skip variable", goFlags{}, []string{config.SkipTestVar, "often"}, `fatal: mush: MUSH_SKIP_TEST="often": not accepted`},
		{"bad variable", goFlags{}, []string{"BDD_WORKERS", "many"}, `fatal: mush: BDD_WORKERS="many": not accepted`},
		// An empty rerun file: nothing to rerun is no failure.
		{"nothing to rerun", goFlags{}, []string{"BDD_PATHS", "@" + empty},
			"skip: mush: nothing to rerun: " + empty + " is empty (the run that wrote it had no failed scenario)"},
		// A misuse the runner finds fails the test with the runner's reason.
		{"missing path", goFlags{}, []string{"BDD_PATHS", "missing.feature"}, `fatal: mush: path "missing.feature"`},
		{"reports under a file", goFlags{}, []string{"BDD_REPORTS_DIR", filepath.Join(file, "reports")}, "fatal: mush: BDD_REPORTS_DIR="},
	} {
		// With BDD_ISOLATION=process the test ends the same way, before
		// any worker process runs a scenario.
		for _, isolation := range []string{"goroutine", "process"} {
			t.Run(tc.name+"/"+isolation, func(t *testing.T) {
				f := &fakeT{}
				_, rec := runFake(t, f, tc.flags, append([]string{"BDD_ISOLATION", isolation}, tc.env...)...)
				if !strings.HasPrefix(f.ended, tc.ended) || len(f.subtests) > 0 || len(f.errors) > 0 || len(rec.Started()) > 0 {
					t.Errorf("ended %q with %d subtests, errors %q, started %q; want %q", f.ended, len(f.subtests), f.errors, rec.Started(), tc.ended)
				}
			})
		}
	}
}

// Under go test -failfast testing starts no subtest after a failure; the
// scenarios a worker had already taken still run and keep their results.
func TestSubtestNotStarted(t *testing.T) {
	f := &fakeT{noStart: true}
	out, _ := runFake(t, f, goFlags{}, "BDD_PATHS", arithmetic+":5")
	if !strings.HasSuffix(out, "1 passed, 0 failed\n") || len(f.errors) != 0 {
		t.Errorf("errors %q, summary:\n%s", f.errors, out)
	}
}

func TestAbandonedScenarioSkipsItsSubtest(t *testing.T) {
	f := &fakeT{}
	res := subtest(f, "F/S", func() result.Scenario {
		return result.Scenario{File: "f.feature", Line: 3, Status: result.Skipped, Error: "abandoned: still running"}
	}, nil)
	if f.subtests["F/S"] != "skip: abandoned: still running" || res.Line != 3 {
		t.Errorf("subtest said %q, result %+v", f.subtests["F/S"], res)
	}
}

func TestFlagsOverVariables(t *testing.T) {
	base := func(k string) string {
		return map[string]string{"BDD_SEED": "7", "BDD_TAGS": "@a"}[k]
	}
	soon := time.Now().Add(10 * time.Minute)
	for _, tc := range []struct {
		flags goFlags
		want  map[string]string
	}{
		{goFlags{}, map[string]string{"BDD_SEED": "7", "BDD_FAIL_FAST": "", "BDD_DEADLINE": "", "BDD_TAGS": "@a"}},
		{goFlags{failFast: true, shuffle: "on"}, map[string]string{"BDD_FAIL_FAST": "true", "BDD_SEED": "random"}},
		{goFlags{shuffle: "42"}, map[string]string{"BDD_SEED": "42"}},
		{goFlags{shuffle: "off"}, map[string]string{"BDD_SEED": "7"}},
		{goFlags{deadline: soon}, map[string]string{"BDD_DEADLINE": "9m50s"}},
		{goFlags{deadline: time.Now().Add(15 * time.Second)}, map[string]string{"BDD_DEADLINE": ""}},
	} {
		get := overlay(config.NewEnv(nil).Under(base), tc.flags).Getenv
		for k, want := range tc.want {
			if got := get(k); got != want && !(k == "BDD_DEADLINE" && strings.HasPrefix(want, "9m") && strings.HasPrefix(got, "9m")) {
				t.Errorf("%+v: %s = %q, want %q", tc.flags, k, got, want)
			}
		}
	}
}

// Run itself: the module root as working directory, flags from go test,
// subtests of this very test.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	fixtures.Hermetic(t)
	t.Setenv("BDD_PATHS", "internal/fixtures/testdata/passing.feature") // from the module root
	t.Setenv("BDD_REPORTS_DIR", filepath.Join(dir, "reports"))
	t.Setenv("BDD_TIMINGS", filepath.Join(dir, "timings.json"))
	rec := &fixtures.Recorder{}
	Run(t, fixtures.Suite(rec))
	if started := rec.Started(); len(started) != 5 {
		t.Errorf("ran %q, want the 5 scenarios of passing.feature", started)
	}
	if _, err := os.Stat(filepath.Join(dir, "reports", "results.json")); err != nil {
		t.Error(err)
	}
	if packagePath("/m", "/m") != "." || packagePath("/m", "/m/a/b") != "./a/b" {
		t.Error("packagePath")
	}
}

func TestExplain(t *testing.T) {
	for _, tc := range []struct {
		code int
		want string
	}{
		{1, "a scenario failed (see the summary above)"},
		{5, "a scenario or the run exceeded its time limit (BDD_TIMEOUT, BDD_DEADLINE)"},
		{7, "the reports could not all be written (see the output above)"},
		{130, "see the output above"},
	} {
		if got := explain(tc.code); got != tc.want {
			t.Errorf("explain(%d) = %q, want %q", tc.code, got, tc.want)
		}
	}
}

func TestWhere(t *testing.T) {
	pl, err := where()
	if err != nil || pl.pkg != "./internal/gotest" || filepath.Base(filepath.Join(pl.root, pl.pkg)) != "gotest" || filepath.Join(pl.root, pl.pkg) != pl.dir {
		t.Errorf("where = %+v, %v", pl, err)
	}
	if got := pl.defaultPaths(); got != "internal/gotest" {
		t.Errorf("default paths %q, want the package directory, which has no features directory", got)
	}
	if got := (place{root: pl.root, dir: filepath.Join(pl.root, "features")}).defaultPaths(); got != "features" {
		t.Errorf("default paths %q, want features", got)
	}
	if got := (place{root: pl.root, dir: pl.root}).defaultPaths(); got != "features" {
		t.Errorf("default paths %q, want the root's features directory", got)
	}
	if got := (place{root: "/elsewhere", dir: pl.dir}).defaultPaths(); got != pl.dir {
		t.Errorf("default paths %q, want %q", got, pl.dir)
	}
	t.Chdir(t.TempDir())
	if _, err := where(); err == nil || !strings.Contains(err.Error(), "no go.mod") {
		t.Errorf("where outside a module: %v", err)
	}
}

// TestWorkerProcess is the worker process of TestProcesses: this test
// binary run again with MUSH_MAIN, as process mode runs it.
func TestWorkerProcess(t *testing.T) {
	if os.Getenv(config.MainVar) == "" {
		t.Skip("the worker process of TestProcesses, run by it")
	}
	Run(t, fixtures.Suite(&fixtures.Recorder{}))
}

// With BDD_ISOLATION=process the test binary is run again as the worker
// processes, under the supervisor: the scenarios -run selects run there,
// not in this process, and each result becomes a subtest afterwards. The
// selection reaches the workers as BDD_PATHS, a path with a comma in it
// included.
func TestProcesses(t *testing.T) {
	comma := filepath.Join(t.TempDir(), "my dir, 2", "arithmetic.feature")
	b, err := os.ReadFile(arithmetic)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(comma), 0o755)
	}
	if err == nil {
		err = os.WriteFile(comma, b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, paths := range []string{arithmetic, view.QuotePath(comma)} {
		t.Run(paths, func(t *testing.T) {
			testProcesses(t, paths)
		})
	}
}

func testProcesses(t *testing.T, paths string) {
	f := &fakeT{name: "TestWorkerProcess"}
	out, rec := runFake(t, f, goFlags{run: "TestWorkerProcess/Arithmetic/sum"}, "BDD_ISOLATION", "process", "BDD_PROCESSES", "2", "BDD_PATHS", paths)
	if started := rec.Started(); len(started) != 0 {
		t.Errorf("this process ran %q, want nothing: the worker processes run the scenarios", started)
	}
	want := map[string]string{"Arithmetic/Small sum": "", "Arithmetic/Slow sum": "", "Arithmetic/Wrong sum": "error: "}
	if len(f.subtests) != len(want) {
		t.Errorf("subtests %q, want %d", f.order, len(want))
	}
	for name, said := range want {
		if got, ok := f.subtests[name]; !ok || !strings.HasPrefix(got, said) || (said == "") != (got == "") {
			t.Errorf("subtest %s said %q", name, got)
		}
	}
	if !strings.Contains(f.subtests["Arithmetic/Wrong sum"], " go test -run '^TestWorkerProcess$/^Arithmetic$/^Wrong_sum$' ./features") {
		t.Errorf("the failed subtest says %q", f.subtests["Arithmetic/Wrong sum"])
	}
	if len(f.errors) != 1 || !strings.HasPrefix(f.errors[0], "mush: exit status 1") || !strings.HasSuffix(out, "2 passed, 1 failed\n") ||
		!strings.Contains(out, " go test -run '^TestWorkerProcess$/^Arithmetic$/^Wrong_sum$' ./features\n") {
		t.Errorf("errors %q, summary:\n%s", f.errors, out)
	}
}

// TestRerunVariable: a feature runner whose starter names its own command
// in MUSH_RERUN (a Mage target) gets that command in each failure's rerun
// hint, not go test -run.
func TestRerunVariable(t *testing.T) {
	f := &fakeT{}
	runFake(t, f, goFlags{run: "TestFeatures/Arithmetic/Wrong_sum"}, config.RerunVar, "go tool mage unitTests")
	said := f.subtests["Arithmetic/Wrong sum"]
	if !strings.Contains(said, "BDD_PATHS="+arithmetic+":") || !strings.Contains(said, " go tool mage unitTests") || strings.Contains(said, "go test -run") {
		t.Errorf("the failed subtest says %q", said)
	}
}
