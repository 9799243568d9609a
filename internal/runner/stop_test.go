package runner_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/runner"
)

const hangDir = "../fixtures/hang"

// runStopped runs the fixture suite with 32 workers (run it with -race),
// a short grace period and ctx.
func runStopped(t *testing.T, ctx context.Context, env map[string]string) outcome {
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
	var out, errOut bytes.Buffer
	rec := &fixtures.Recorder{}
	code := runner.Run(ctx, fixtures.Suite(rec), runner.Env{
		Getenv: func(k string) string { return full[k] },
		Stdout: &out, Stderr: &errOut, Grace: 200 * time.Millisecond,
	})
	o := outcome{code: code, stdout: out.String(), stderr: errOut.String(), rec: rec}
	if b, err := os.ReadFile(filepath.Join(dir, "reports", "results.json")); err == nil {
		if err := json.Unmarshal(b, &o.run); err != nil {
			t.Fatalf("results.json: %v", err)
		}
	}
	return o
}

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

func TestTimeoutStopsTheRunWithStacks(t *testing.T) {
	start := time.Now()
	o := runStopped(t, context.Background(), map[string]string{"BDD_PATHS": hangDir + "/hang.feature", "BDD_TIMEOUT": "1s"})
	if o.code != 5 {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("took %s", took)
	}
	s := o.scenario(t, "Hung scenario")
	if s.Status != result.TimedOut || s.FailedStep != "When a step that hangs" ||
		!strings.Contains(s.Error, "fixtures.crashSteps") || !strings.Contains(s.Error, "goroutine stacks") {
		t.Fatalf("%s %q: %s", s.Status, s.FailedStep, s.Error)
	}
	if got := o.scenario(t, "Quick after").Status; got != result.Passed {
		t.Fatalf("quick after is %s", got)
	}
}

func TestTimeoutAbandonsTheOthersAfterTheGrace(t *testing.T) {
	o := runStopped(t, context.Background(), map[string]string{
		"BDD_PATHS": hangDir + "/two.feature", "BDD_TIMEOUT": "1s", "BDD_WORKERS": "2"})
	if o.code != 5 {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if s := o.scenario(t, "Hung later"); s.Status != result.Skipped || !strings.Contains(s.Error, "abandoned: still running 200ms after another scenario timed out") {
		t.Fatalf("%s: %s", s.Status, s.Error)
	}
}

func TestInterruptGivesAGracePeriod(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(300*time.Millisecond, cancel)
	o := runStopped(t, ctx, map[string]string{"BDD_PATHS": hangDir + "/hang.feature"})
	if o.code != 130 {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if s := o.scenario(t, "Hung scenario"); s.Status != result.Skipped || !strings.Contains(s.Error, "abandoned: still running 200ms after the interrupt") {
		t.Fatalf("%s: %s", s.Status, s.Error)
	}
	if s := o.scenario(t, "Quick after"); s.Status != result.Passed {
		t.Fatalf("quick after (within the grace period) is %s: %s", s.Status, s.Error)
	}
}

func TestDeadlineTimesOutWhatStillRuns(t *testing.T) {
	o := runStopped(t, context.Background(), map[string]string{"BDD_PATHS": hangDir + "/hang.feature", "BDD_DEADLINE": "500ms"})
	if o.code != 5 {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if s := o.scenario(t, "Hung scenario"); s.Status != result.TimedOut || !strings.Contains(s.Error, "the run deadline (BDD_DEADLINE=500ms) passed") {
		t.Fatalf("%s: %s", s.Status, s.Error)
	}
}

func TestLaterAttemptsPrintNoSummary(t *testing.T) {
	o := runStopped(t, context.Background(), map[string]string{"BDD_PATHS": testdata + "/passing.feature", "MUSH_ATTEMPT": "2"})
	if o.code != 0 || strings.Contains(o.stdout, "passed, 0 failed") {
		t.Fatalf("code %d\n%s", o.code, o.stdout)
	}
	for _, s := range o.run.Scenarios {
		if s.Attempt != 2 {
			t.Fatalf("%s: attempt %d", s.Location(), s.Attempt)
		}
	}
	o = runStopped(t, context.Background(), map[string]string{"BDD_PATHS": testdata + "/passing.feature", "MUSH_ATTEMPT": "x"})
	if o.code != 2 || !strings.Contains(o.stderr, `MUSH_ATTEMPT="x": not accepted`) {
		t.Fatalf("code %d, %q", o.code, o.stderr)
	}
}
