package supervise

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/result"
)

func TestLastLines(t *testing.T) {
	many := strings.Repeat("noise\n", 30) + "the end\n"
	for _, tc := range []struct{ in, want string }{
		{"", "(nothing on stderr)"},
		{"a\nb\n", "a\nb"},
		{many, strings.Repeat("noise\n", 19) + "the end"},
		{"x\npanic: boom\n\ngoroutine 1 [running]:\nmain.f()\n", "panic: boom\n\ngoroutine 1 [running]:\nmain.f()"},
		{"fatal error: concurrent map writes\nstack\n", "fatal error: concurrent map writes\nstack"},
	} {
		if got := lastLines(tc.in); got != tc.want {
			t.Errorf("lastLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestExitHelpers(t *testing.T) {
	other := errors.New("wait failed")
	if got := describe(other); got != "failed: wait failed" {
		t.Fatal(got)
	}
	if _, err := childExit(other, journal.Done{}); exitCode(other) != -1 || !strings.Contains(err.Error(), "the feature runner failed: wait failed") {
		t.Fatal(err)
	}
	if out, err := childExit(nil, journal.Done{Code: 1, Closing: "1 passed, 1 failed"}); err != nil || out.Code != 0 || out.Closing != "1 passed, 1 failed" {
		t.Fatalf("%+v %v", out, err) // the process's own code wins over the done event's
	}
}

// A child that died after the interrupt was forwarded (a second signal)
// leaves its running scenarios skipped, not crashed, and nothing restarts.
func TestCrashAfterInterrupt(t *testing.T) {
	p := &journal.Plan{Scenarios: []result.Scenario{{Name: "A", File: "a.feature", Line: 3}, {Name: "B", File: "a.feature", Line: 6}}}
	s := &supervisor{plan: p, index: map[string]result.Scenario{}, results: map[string]result.Scenario{}, signal: 130}
	for _, x := range p.Scenarios {
		s.index[x.Location()] = x
	}
	s.died(1, nil, "", []string{"a.feature:3"}, true)
	if r := s.results["a.feature:3"]; r.Status != result.Skipped || !strings.Contains(r.Error, "interrupted") {
		t.Fatalf("%+v", r)
	}
	if len(s.suspects) != 0 {
		t.Fatal("suspects after an interrupt")
	}
}

// A later child whose results.json cannot be read still gives its journal's
// results; an odd exit code stops the run; unwritable reports are said.
func TestMergeAndFinishFallbacks(t *testing.T) {
	dir := t.TempDir()
	blocker := dir + "/file"
	os.WriteFile(blocker, nil, 0o644)
	p := &journal.Plan{Scenarios: []result.Scenario{{Name: "A", File: "a.feature", Line: 3}, {Name: "B", File: "a.feature", Line: 6}}}
	var out, errOut strings.Builder
	s := &supervisor{o: Options{Stdout: &out, Stderr: &errOut}, plan: p, index: map[string]result.Scenario{},
		results: map[string]result.Scenario{}, set: config.Settings{ReportsDir: blocker + "/reports", Timings: dir + "/timings.json"}, getenv: func(string) string { return "" },
		crashes: []crash{{attempt: 1, how: "exited with status 2 before finishing", tail: "(nothing on stderr)"}}}
	for _, x := range p.Scenarios {
		s.index[x.Location()] = x
	}
	jw, err := journal.Create(dir + "/attempt-2/journal.ndjson") // and no results.json
	if err != nil {
		t.Fatal(err)
	}
	jw.Finish(result.Scenario{Name: "A", File: "a.feature", Line: 3, Status: result.Passed}, time.Now())
	jw.Close()
	s.mergeDone(attempt{n: 2, dir: dir + "/attempt-2", state: journal.State{Done: &journal.Done{Code: 2}}})
	if s.results["a.feature:3"].Status != result.Passed || !strings.Contains(s.stop, "attempt 2 ended with exit code 2") {
		t.Fatalf("%+v %q", s.results, s.stop)
	}
	if out := s.end(context.Background()); out.Code != exitcode.Crashed || out.Closing != "1 passed, 0 failed, 1 skipped" || !strings.Contains(errOut.String(), "cannot write the reports") {
		t.Fatalf("%+v %q", out, errOut.String())
	}
	if !strings.Contains(out.String(), "running: no scenario") || !strings.Contains(out.String(), "1 scenario not run: attempt 2 ended with exit code 2") {
		t.Fatalf("%s", out.String())
	}
}

// Between two children: a passed BDD_DEADLINE starts no further child and
// says why; a signal waiting on the channel, or a cancelled context, is an
// interrupt with its own exit code.
func TestBetweenChildren(t *testing.T) {
	s := &supervisor{set: config.Settings{Deadline: time.Second}, start: time.Now().Add(-2 * time.Second)}
	if !s.pastDeadline() || s.stop != "not run: the run deadline passed (BDD_DEADLINE=1s)" || !s.timedOut {
		t.Fatalf("%+v", s)
	}
	if s := (&supervisor{set: config.Settings{Deadline: time.Hour}, start: time.Now()}); s.pastDeadline() {
		t.Fatal("an hour has not passed")
	}
	signals := make(chan os.Signal, 1)
	signals <- syscall.SIGTERM
	s = &supervisor{o: Options{Signals: signals}}
	if !s.interrupted(context.Background()) || s.signal != 143 || !s.interrupted(context.Background()) {
		t.Fatalf("%+v", s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if s := (&supervisor{}); !s.interrupted(ctx) || s.signal != 130 || s.stop != "not run: the run was interrupted" {
		t.Fatalf("%+v", s)
	}
	if s := (&supervisor{}); s.interrupted(context.Background()) {
		t.Fatal("interrupted without a signal")
	}
}

// The diagnosis of scenarios that failed beside others gives up without a
// verdict, never a wrong one: at the run deadline it tries nothing; a
// trial process that cannot start gives no status; an interrupt stops the
// search for a culprit.
func TestDiagnosisGivesUp(t *testing.T) {
	failed := result.Scenario{Name: "A", File: "a.feature", Line: 3, Status: result.Failed, Start: time.Now(), Duration: time.Second}
	beside := result.Scenario{Name: "B", File: "a.feature", Line: 6, Status: result.Passed, Start: failed.Start, Duration: time.Second}
	newS := func() *supervisor {
		return &supervisor{o: Options{Bin: filepath.Join(t.TempDir(), "no-such-runner")}, start: time.Now(),
			plan:    &journal.Plan{Workers: 2, Scenarios: []result.Scenario{failed, beside}},
			results: map[string]result.Scenario{failed.Location(): failed, beside.Location(): beside},
			set:     config.Settings{Alone: 1}}
	}

	s := newS()
	s.set.Deadline, s.start = time.Second, time.Now().Add(-2*time.Second)
	s.diagnose(context.Background())
	if s.attempts != 0 || s.results[failed.Location()].Alone != "" {
		t.Errorf("past the deadline: %d trials, alone %q; want none", s.attempts, s.results[failed.Location()].Alone)
	}

	s = newS()
	s.diagnose(context.Background())
	if s.attempts != 1 || s.results[failed.Location()].Alone != "" {
		t.Errorf("no runner: %d trials, alone %q; want 1 and no verdict", s.attempts, s.results[failed.Location()].Alone)
	}

	s = newS()
	if c := s.culprit(context.Background(), failed.Location(), []string{"a.feature:6", "a.feature:9"}, []string{"a.feature:12"}); c != "" || s.attempts != 3 {
		t.Errorf("no runner: culprit %q after %d trials; want none after 3", c, s.attempts)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s = newS()
	if c := s.culprit(ctx, failed.Location(), []string{"a.feature:6"}, []string{"a.feature:12"}); c != "" || s.attempts != 0 || s.signal != exitcode.SIGINT {
		t.Errorf("interrupted: culprit %q after %d trials, signal %d; want none, no trial, %d", c, s.attempts, s.signal, exitcode.SIGINT)
	}
}
