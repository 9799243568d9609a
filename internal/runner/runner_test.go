package runner_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/adapt"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/runner"
	"github.com/mushbdd/mush/internal/schedule"
)

const testdata = "../fixtures/testdata"

type outcome struct {
	code           int
	stdout, stderr string
	run            result.Run
	rec            *fixtures.Recorder
}

func runMush(t *testing.T, env map[string]string, rec *fixtures.Recorder) outcome {
	t.Helper()
	return runMushWith(t, env, rec, runner.Env{})
}

// runMushWith runs like runMush with base's Meter and Cores.
func runMushWith(t *testing.T, env map[string]string, rec *fixtures.Recorder, base runner.Env) outcome {
	t.Helper()
	dir := t.TempDir()
	full := map[string]string{
		"BDD_REPORTS_DIR": filepath.Join(dir, "reports"),
		"BDD_TIMINGS":     filepath.Join(dir, "timings.json"),
	}
	for k, v := range env {
		full[k] = v
	}
	if rec == nil {
		rec = &fixtures.Recorder{}
	}
	var out, errOut bytes.Buffer
	base.Getenv, base.Stdout, base.Stderr = func(k string) string { return full[k] }, &out, &errOut
	code := runner.ExitCode(runner.Run(context.Background(), fixtures.Suite(rec), base))
	o := outcome{code: code, stdout: out.String(), stderr: errOut.String(), rec: rec}
	if b, err := os.ReadFile(filepath.Join(dir, "reports", "results.json")); err == nil {
		if err := json.Unmarshal(b, &o.run); err != nil {
			t.Fatalf("results.json: %v", err)
		}
	}
	return o
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// TestWorkersGiveSameVerdicts runs the whole fixture suite with 1 to 32
// workers and with auto (run it with -race), and compares every scenario's
// verdict.
func TestWorkersGiveSameVerdicts(t *testing.T) {
	paths := strings.Join([]string{
		testdata + "/arithmetic.feature", testdata + "/words.feature", testdata + "/passing.feature",
		testdata + "/strict", testdata + "/panics",
	}, ",")
	var want map[string]result.Status
	for _, tc := range []struct{ workers, max string }{{"1", ""}, {"2", ""}, {"8", ""}, {"32", ""}, {"auto", ""}, {"auto", "1"}, {"auto", "3"}} {
		t.Run(tc.workers+"/"+tc.max, func(t *testing.T) {
			o := runMush(t, map[string]string{"BDD_PATHS": paths, "BDD_WORKERS": tc.workers, "BDD_MAX_WORKERS": tc.max}, nil)
			workers, _ := strconv.Atoi(tc.workers)
			if tc.workers == "auto" {
				workers, _ = strconv.Atoi(cmp.Or(tc.max, "64"))
				if !o.run.Auto || o.run.WorkersMin < 1 || o.run.WorkersMax > workers {
					t.Errorf("auto run: %d-%d workers (cap %d)", o.run.WorkersMin, o.run.WorkersMax, workers)
				}
			}
			if o.code != 1 {
				t.Fatalf("exit code %d, want 1\n%s%s", o.code, o.stdout, o.stderr)
			}
			if got := lastLine(o.stdout); got != "12 passed, 8 failed" {
				t.Fatalf("last line %q", got)
			}
			if b, a := o.rec.Counts(); b != 1 || a != 1 {
				t.Fatalf("suite hooks ran %d/%d times, want 1/1", b, a)
			}
			got := map[string]result.Status{}
			for _, s := range o.run.Scenarios {
				got[s.Location()] = s.Status
				if s.Worker < 1 || s.Worker > workers {
					t.Errorf("%s ran on worker %d of %d", s.Location(), s.Worker, workers)
				}
			}
			if want == nil {
				want = got
				return
			}
			for loc, st := range want {
				if got[loc] != st {
					t.Errorf("%s: %s with %s workers (max %q), %s with 1", loc, got[loc], tc.workers, tc.max, st)
				}
			}
		})
	}
}

// TestAutoAddsWorkersWhileTheCoresIdle runs twelve scenarios that each
// wait until twelve run at once. The meter says the cores are idle, so the
// controller must grow past its start (adapt.PerCore workers per core, 8
// on 2 cores) to let them meet; with a cap of 8 they could not.
func TestAutoAddsWorkersWhileTheCoresIdle(t *testing.T) {
	idle := func() adapt.Reading { return adapt.Reading{Elapsed: time.Since(t0), Runnable: 0} }
	crowd := filepath.Join(t.TempDir(), "crowd.feature")
	rows := strings.Repeat("      | x |\n", 12)
	if err := os.WriteFile(crowd, []byte("Feature: Crowd\n\n  Scenario Outline: Meets the crowd\n"+
		"    Given a step that waits until 12 scenarios run at once\n\n    Examples:\n      | n |\n"+rows), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"BDD_PATHS": crowd, "BDD_WORKERS": "auto"}
	o := runMushWith(t, env, nil, runner.Env{Meter: idle, Cores: 2})
	if start := 2 * adapt.PerCore; o.code != 0 || !o.run.Auto || o.run.WorkersMin != start || o.run.WorkersMax < 12 {
		t.Fatalf("code %d, auto %v, workers %d-%d; want 0, true, %d-12 or more\n%s", o.code, o.run.Auto, o.run.WorkersMin, o.run.WorkersMax, start, o.stdout)
	}
	if !strings.Contains(o.stdout, "workers (auto, average ") {
		t.Errorf("the time line does not show auto's worker counts:\n%s", o.stdout)
	}
}

var t0 = time.Now()

func TestSetupPanicStopsBeforeScenarios(t *testing.T) {
	o := runMush(t, map[string]string{"BDD_PATHS": testdata + "/passing.feature"}, &fixtures.Recorder{PanicIn: "BeforeSuite"})
	if o.code != 1 || len(o.rec.Started()) != 0 {
		t.Fatalf("code %d, started %v", o.code, o.rec.Started())
	}
	if !strings.Contains(o.stderr, "mush: suite setup failed: panic: database unreachable") {
		t.Fatalf("stderr %q", o.stderr)
	}
}

func TestBadInputIsOneLine(t *testing.T) {
	for _, tc := range []struct{ name, key, value, want string }{
		{"workers", "BDD_WORKERS", "x", `BDD_WORKERS="x": not accepted`},
		{"tags", "BDD_TAGS", "@a and or @b", "BDD_TAGS: invalid tag expression"},
		{"path", "BDD_PATHS", "nope.feature", `path "nope.feature" does not exist`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"BDD_PATHS": testdata + "/passing.feature", tc.key: tc.value}
			o := runMush(t, env, nil)
			if o.code != 2 || strings.Count(o.stderr, "\n") != 1 || !strings.Contains(o.stderr, tc.want) {
				t.Fatalf("code %d, stderr %q, want one line with %q", o.code, o.stderr, tc.want)
			}
		})
	}
}

// TestTerminalGetsALiveLineAndColour runs as if stdout were a terminal.
func TestTerminalGetsALiveLineAndColour(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"BDD_PATHS":       testdata + "/words.feature",
		"BDD_REPORTS_DIR": filepath.Join(dir, "reports"),
		"BDD_TIMINGS":     filepath.Join(dir, "timings.json"),
	}
	var out, errOut bytes.Buffer
	code := runner.ExitCode(runner.Run(context.Background(), fixtures.Suite(&fixtures.Recorder{}), runner.Env{
		Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &errOut, Terminal: true,
	}))
	if code != 1 {
		t.Fatalf("exit code %d\n%s%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{"\r\x1b[K", "3/3 scenarios", "\x1b[31;1m1 failed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("terminal output lacks %q:\n%q", want, out.String())
		}
	}
}

// TestStepDetails: every step that ran carries its duration and the step
// definition that matched it; the run carries its suite setup and teardown
// time and the rerun command, which the timeline and the reports show.
func TestStepDetails(t *testing.T) {
	o := runMush(t, map[string]string{"BDD_PATHS": testdata + "/arithmetic.feature:10", "MUSH_RERUN": "make bdd"}, nil)
	if len(o.run.Scenarios) != 1 || len(o.run.Scenarios[0].Steps) != 2 {
		t.Fatalf("scenarios %+v", o.run.Scenarios)
	}
	sleep := o.run.Scenarios[0].Steps[0]
	if sleep.Duration < 30*time.Millisecond || !strings.HasPrefix(sleep.Match, "fixtures.go:") {
		t.Errorf("sleeping step: duration %v match %q; want >= 30ms and fixtures.go:LINE", sleep.Duration, sleep.Match)
	}
	if o.run.Setup <= 0 || o.run.Teardown <= 0 || o.run.Rerun.Command != "make bdd" {
		t.Errorf("setup %v teardown %v rerun %q", o.run.Setup, o.run.Teardown, o.run.Rerun)
	}
}

// Every scenario of every run is sampled, side by side with the others
// (the CPU profile pins nothing), so the first run completes the history.
func TestSamplesEveryScenario(t *testing.T) {
	dir := t.TempDir()
	crowd := filepath.Join(dir, "crowd.feature")
	rows := strings.Repeat("      | x |\n", 4)
	if err := os.WriteFile(crowd, []byte("Feature: Crowd\n\n  Scenario Outline: Meets the crowd\n"+
		"    Given a step that waits until 4 scenarios run at once\n\n    Examples:\n      | n |\n"+rows), 0o644); err != nil {
		t.Fatal(err)
	}
	timings := filepath.Join(dir, "timings.json")
	env := map[string]string{"BDD_PATHS": crowd, "BDD_WORKERS": "4", "BDD_TIMINGS": timings}
	if o := runMushWith(t, env, nil, runner.Env{Cores: 1}); o.code != 0 {
		t.Fatalf("exit %d\n%s", o.code, o.stdout)
	}
	if _, cpu, _, _ := schedule.Load(timings); len(cpu) != 4 {
		t.Fatalf("after one run the history has the CPU times %v, want all 4 scenarios", cpu)
	}
}

// Run returns how the run ended as values: the closing line the summary
// ends with, the reason nothing ran, errors that keep what they wrap.
func TestOutcomes(t *testing.T) {
	run := func(env map[string]string, rec *fixtures.Recorder) (result.Outcome, error, string, string) {
		dir := t.TempDir()
		full := map[string]string{"BDD_REPORTS_DIR": filepath.Join(dir, "reports"), "BDD_TIMINGS": filepath.Join(dir, "timings.json")}
		for k, v := range env {
			full[k] = v
		}
		if rec == nil {
			rec = &fixtures.Recorder{}
		}
		var out, errOut bytes.Buffer
		res, err := runner.Run(context.Background(), fixtures.Suite(rec), runner.Env{
			Getenv: func(k string) string { return full[k] }, Stdout: &out, Stderr: &errOut})
		return res, err, out.String(), errOut.String()
	}
	res, err, out, _ := run(map[string]string{"BDD_PATHS": testdata + "/arithmetic.feature"}, nil)
	if err != nil || res.Code != exitcode.Failed || !strings.HasSuffix(out, "\n"+res.Closing+"\n") || res.Closing != "4 passed, 2 failed" {
		t.Errorf("a failed run: %+v, %v", res, err)
	}
	// Reports that cannot be written: the summary, then exit code 7.
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "reports", "results.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	res, err, out, errOut := run(map[string]string{"BDD_PATHS": testdata + "/passing.feature", "BDD_REPORTS_DIR": filepath.Join(dir, "reports")}, nil)
	if err != nil || res.Code != exitcode.Reports || !strings.HasSuffix(out, res.Closing+"\n") || !strings.Contains(errOut, "mush: cannot write the reports") {
		t.Errorf("unwritable reports: %+v, %v\n%s%s", res, err, out, errOut)
	}
	// An empty rerun file: nothing ran, exit 0, the reason on stderr.
	empty := filepath.Join(t.TempDir(), "rerun.txt")
	os.WriteFile(empty, nil, 0o644)
	res, err, out, errOut = run(map[string]string{"BDD_PATHS": "@" + empty}, nil)
	if err != nil || res.Code != exitcode.OK || res.Closing != "" || !strings.HasPrefix(res.Reason, "nothing to rerun: ") ||
		out != "" || errOut != "mush: "+res.Reason+"\n" || runner.ExitCode(res, err) != 0 {
		t.Errorf("nothing to rerun: %+v, %v, %q %q", res, err, out, errOut)
	}
	// Errors keep what they wrap.
	_, err, _, _ = run(map[string]string{"BDD_PATHS": "nope.feature"}, nil)
	var derr *discover.Error
	if !errors.As(err, &derr) || runner.ExitCode(res, err) != exitcode.Misuse {
		t.Errorf("a bad path: %v (%T)", err, err)
	}
	_, err, _, _ = run(map[string]string{"BDD_PATHS": testdata + "/passing.feature"}, &fixtures.Recorder{PanicIn: "BeforeSuite"})
	var setup *runner.SetupError
	if !errors.As(err, &setup) || runner.ExitCode(res, err) != exitcode.Failed {
		t.Errorf("a failed setup: %v (%T)", err, err)
	}
}

// Every path of a run is resolved once, from the run's directory, when it
// starts: a BeforeSuite that changes the working directory moves neither
// the reports, the journal nor the timing history, and the summary shows
// them relative to the run's directory.
func TestPathsResolvedAtStart(t *testing.T) {
	abs, err := filepath.Abs(testdata + "/passing.feature")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(t.TempDir()) // restored after the test
	vars := map[string]string{"BDD_PATHS": abs, "BDD_REPORTS_DIR": "out/reports", "BDD_TIMINGS": "out/timings.json", "BDD_WORKERS": "2"}
	s := fixtures.Suite(&fixtures.Recorder{})
	init := s.TestSuiteInitializer
	s.TestSuiteInitializer = func(ts *godog.TestSuiteContext) {
		init(ts)
		ts.BeforeSuite(func() { os.Chdir(t.TempDir()) })
	}
	var out bytes.Buffer
	code := runner.ExitCode(runner.Run(context.Background(), s, runner.Env{Getenv: func(k string) string { return vars[k] }, Dir: dir, Stdout: &out, Stderr: &out}))
	if code != exitcode.OK {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	for _, f := range []string{"out/reports/results.json", "out/reports/journal.ndjson", "out/reports/rerun.txt", "out/timings.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(out.String(), "reports:   out/reports/junit.xml, ") {
		t.Errorf("the summary does not show the reports from the run's directory:\n%s", out.String())
	}
}
