package runner_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/runner"
)

const hangDir = "../fixtures/hang"

// stopOptions are what a stop test changes in a run: its context, how
// long the grace period is, and an observer of its scenarios.
type stopOptions struct {
	ctx      context.Context
	grace    time.Duration
	rec      *fixtures.Recorder
	observer runner.Observer
}

// runStopped runs the fixture suite with 32 workers (run it with -race)
// and a 200 ms grace period unless o says otherwise.
func runStopped(t *testing.T, o stopOptions, env map[string]string) outcome {
	t.Helper()
	dir := t.TempDir()
	full := map[string]string{
		"BDD_REPORTS_DIR": filepath.Join(dir, "reports"),
		"BDD_TIMINGS":     filepath.Join(dir, "timings.json"),
		"BDD_WORKERS":     "32",
	}
	for k, v := range env {
		full[k] = v
	}
	if o.ctx == nil {
		o.ctx = context.Background()
	}
	if o.grace == 0 {
		o.grace = 200 * time.Millisecond
	}
	if o.rec == nil {
		o.rec = &fixtures.Recorder{}
	}
	var out, errOut bytes.Buffer
	code := runner.ExitCode(runner.Run(o.ctx, fixtures.Suite(o.rec), runner.Env{
		Getenv: func(k string) string { return full[k] },
		Stdout: &out, Stderr: &errOut, Grace: o.grace, Observer: o.observer,
	}))
	res := outcome{code: code, stdout: out.String(), stderr: errOut.String(), rec: o.rec}
	if b, err := os.ReadFile(filepath.Join(full["BDD_REPORTS_DIR"], "results.json")); err == nil {
		if err := json.Unmarshal(b, &res.run); err != nil {
			t.Fatalf("results.json: %v", err)
		}
	}
	return res
}

// onStarts calls fn once, from the worker, when n scenarios have started.
type onStarts struct {
	mu sync.Mutex
	n  int
	fn func()
}

func (o *onStarts) ScenarioStarted(string, int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.n--; o.n == 0 {
		o.fn()
	}
}

func (o *onStarts) ScenarioFinished(result.Scenario) {}

func (o outcome) scenario(t *testing.T, name string) result.Scenario {
	t.Helper()
	for _, s := range o.run.Scenarios {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no scenario %q\n%s", name, o.stdout)
	return result.Scenario{}
}

// In a process that cannot be replaced (no supervisor), a timeout stops the
// hand-out: the hung scenario is timed out with the stacks, the ones
// running alongside finish, and the rest are skipped with the reason.
func TestTimeoutStopsTheRunWithStacks(t *testing.T) {
	o := runStopped(t, stopOptions{}, map[string]string{"BDD_PATHS": hangDir + "/hang.feature", "BDD_TIMEOUT": "2s"})
	if o.code != 5 {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	s := o.scenario(t, "Hung scenario")
	if s.Status != result.TimedOut || s.FailedStep != "When a step that hangs" || s.Duration < 2*time.Second ||
		!strings.Contains(s.Error, "fixtures.crashSteps") || !strings.Contains(s.Error, "goroutine stacks") {
		t.Fatalf("%s %q after %s: %s", s.Status, s.FailedStep, s.Duration, s.Error)
	}
	if got := o.scenario(t, "Quick after").Status; got != result.Passed {
		t.Fatalf("quick after is %s", got)
	}
	o = runStopped(t, stopOptions{}, map[string]string{"BDD_PATHS": hangDir + "/hang.feature", "BDD_TIMEOUT": "1s", "BDD_WORKERS": "1"})
	if s := o.scenario(t, "Quick after"); o.code != 5 || s.Status != result.Skipped || !strings.Contains(s.Error, "not run: a scenario timed out") {
		t.Fatalf("code %d, quick after %s: %s", o.code, s.Status, s.Error)
	}
}

// The scenarios running alongside a timed-out one are not abandoned after
// the grace period (1 ms here): "Held until released" is released when the
// hung one times out, and finishes under its own BDD_TIMEOUT, passed.
func TestTimeoutLetsTheOthersFinish(t *testing.T) {
	rec := &fixtures.Recorder{Gate: make(chan struct{})}
	release := &onFinish{name: "Hung scenario", fn: func() { close(rec.Gate) }}
	o := runStopped(t, stopOptions{grace: time.Millisecond, rec: rec, observer: release}, map[string]string{
		"BDD_PATHS": hangDir + "/alongside.feature", "BDD_TIMEOUT": "3s", "BDD_WORKERS": "2"})
	if o.code != 5 {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if s := o.scenario(t, "Hung scenario"); s.Status != result.TimedOut {
		t.Fatalf("hung: %s: %s", s.Status, s.Error)
	}
	if s := o.scenario(t, "Held until released"); s.Status != result.Passed {
		t.Fatalf("held until released: %s: %s", s.Status, s.Error)
	}
}

// onFinish calls fn, from the worker, when the scenario name finishes.
type onFinish struct {
	name string
	fn   func()
}

func (o *onFinish) ScenarioStarted(string, int) {}

func (o *onFinish) ScenarioFinished(s result.Scenario) {
	if s.Name == o.name {
		o.fn()
	}
}

// An interrupt gives the running scenarios the grace period: the one held
// at the gate, released after the interrupt, keeps its verdict; the hung
// one is abandoned when the grace period ends.
func TestInterruptGivesAGracePeriod(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &fixtures.Recorder{Gate: make(chan struct{})}
	both := &onStarts{n: 2, fn: func() { cancel(); close(rec.Gate) }}
	o := runStopped(t, stopOptions{ctx: ctx, grace: 2 * time.Second, rec: rec, observer: both},
		map[string]string{"BDD_PATHS": hangDir + "/gated.feature"})
	if o.code != 130 {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if s := o.scenario(t, "Hung scenario"); s.Status != result.Skipped || !strings.Contains(s.Error, "abandoned: still running 2s after the interrupt") {
		t.Fatalf("%s: %s", s.Status, s.Error)
	}
	if s := o.scenario(t, "Held at the gate"); s.Status != result.Passed {
		t.Fatalf("held at the gate (released within the grace period) is %s: %s", s.Status, s.Error)
	}
}

// The deadline's clock starts when the workers do; the hung scenario is
// running when it passes and is timed out after the grace period.
func TestDeadlineTimesOutWhatStillRuns(t *testing.T) {
	o := runStopped(t, stopOptions{}, map[string]string{"BDD_PATHS": hangDir + "/hang.feature", "BDD_DEADLINE": "1s"})
	if o.code != 5 {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if s := o.scenario(t, "Hung scenario"); s.Status != result.TimedOut || !strings.Contains(s.Error, "the run deadline (BDD_DEADLINE=1s) passed") {
		t.Fatalf("%s: %s", s.Status, s.Error)
	}
	if !strings.Contains(o.stdout, "note: BDD_DEADLINE=1s ended the run: ") || !strings.Contains(o.stdout, "1 timed out after the ") {
		t.Fatalf("the summary does not say the deadline ended the run:\n%s", o.stdout)
	}
}

func TestLaterAttemptsPrintNoSummary(t *testing.T) {
	o := runStopped(t, stopOptions{}, map[string]string{"BDD_PATHS": testdata + "/passing.feature", "MUSH_ATTEMPT": "2"})
	if o.code != 0 || strings.Contains(o.stdout, "passed, 0 failed") {
		t.Fatalf("code %d\n%s", o.code, o.stdout)
	}
	for _, s := range o.run.Scenarios {
		if s.Attempt != 2 {
			t.Fatalf("%s: attempt %d", s.Location(), s.Attempt)
		}
	}
	o = runStopped(t, stopOptions{}, map[string]string{"BDD_PATHS": testdata + "/passing.feature", "MUSH_ATTEMPT": "x"})
	if o.code != 2 || !strings.Contains(o.stderr, `MUSH_ATTEMPT="x": not accepted`) {
		t.Fatalf("code %d, %q", o.code, o.stderr)
	}
}

// Under a supervisor (MUSH_ATTEMPT set), a runner stopped by a timeout
// hands the scenarios it did not start over: its results hold only what it
// ran, no "not run" note, no summary (the supervisor prints the merged
// one), and its journal ends with a done event that says so.
func TestTimeoutHandsTheRestOver(t *testing.T) {
	reports := t.TempDir()
	o := runStopped(t, stopOptions{}, map[string]string{"BDD_PATHS": hangDir + "/hang.feature", "BDD_TIMEOUT": "1s",
		"BDD_WORKERS": "1", "MUSH_ATTEMPT": "1", "BDD_REPORTS_DIR": reports})
	if o.code != 5 || strings.Contains(o.stdout, "passed, ") {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if len(o.run.Scenarios) != 1 || o.run.Scenarios[0].Name != "Hung scenario" || len(o.run.Notes) != 0 {
		t.Fatalf("results %+v, notes %q", o.run.Scenarios, o.run.Notes)
	}
	done, ok := journal.Finished(filepath.Join(reports, "journal.ndjson"))
	if !ok || done != (journal.Done{Code: 5, Handover: true}) {
		t.Fatalf("done %+v %v", done, ok)
	}
}

// An interrupt before the run starts (during discovery, the signal
// handled before Run selects anything) runs nothing and still ends with
// the partial summary, every scenario accounted for, the reports and 130.
func TestInterruptBeforeTheFirstScenario(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	o := runStopped(t, stopOptions{ctx: ctx}, map[string]string{"BDD_PATHS": testdata + "/arithmetic.feature"})
	if o.code != 130 || len(o.run.Scenarios) != 6 || o.run.Count()[result.Skipped] != 6 || lastLine(o.stdout) != "0 passed, 0 failed, 6 skipped" {
		t.Fatalf("code %d, %d scenarios %v\n%s%s", o.code, len(o.run.Scenarios), o.run.Count(), o.stdout, o.stderr)
	}
}
