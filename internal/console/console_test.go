package console

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

func sampleRun() result.Run {
	return result.Run{Workers: 2, Wall: 2 * time.Second, Busy: 3 * time.Second, Notes: []string{"1 scenario not run"},
		Scenarios: []result.Scenario{
			{Feature: "Login", Name: "Good password", File: "f/login.feature", Line: 3, Order: 0, Status: result.Passed,
				Duration: 1500 * time.Millisecond, Worker: 1, Steps: []result.Step{{Keyword: "Given", Text: "a user", Line: 4, Status: result.Passed}}},
			{Feature: "Login", Name: "Bad password", File: "f/login.feature", Line: 6, Order: 1, Status: result.Failed,
				Error: "expected denied\ngot welcome", FailedStep: "Then I am denied", FailedLine: 8, Duration: 12 * time.Second, Worker: 2,
				Steps: []result.Step{{Keyword: "Given", Text: "a user", Line: 7, Status: result.Passed},
					{Keyword: "Then", Text: "I am denied", Line: 8, Status: result.Failed, Error: "expected denied\ngot welcome"}}},
			{Feature: "Cart", Name: "Has apples", File: "f/my cart.feature", Line: 2, Order: 2, Status: result.Undefined,
				Error: "undefined step: 3 apples", Snippet: "func apples() error {}", Duration: 90 * time.Second, Worker: 1,
				Steps: []result.Step{{Keyword: "Given", Text: "3 apples", Line: 3, Status: result.Undefined}}},
			{Feature: "Cart", Name: "Not run", File: "f/my cart.feature", Line: 9, Order: 3, Status: result.Skipped, Error: "not run"},
		}}
}

// summary is the summary of run with its notes.
func summary(run result.Run, vo view.Options, o SummaryOptions) string {
	var b bytes.Buffer
	o.Notes = run.Notes
	if err := WriteSummary(&b, view.New(run, vo), o); err != nil {
		panic(err) // a strings.Builder does not fail
	}
	return b.String()
}

func TestSummary(t *testing.T) {
	run := sampleRun()
	run.Rerun = result.Start{Command: "go tool mage unitTests"}
	out := summary(run, view.Options{Slowest: 2}, SummaryOptions{Order: "file order", Reports: []string{"r/junit.xml", "r/rerun.txt"}})
	for _, want := range []string{
		"Failures (2)\n",
		"FAILED f/login.feature:6  Login › Bad password (12.0s, worker 2)\n    step:  Then I am denied  (f/login.feature:8)\n    error: expected denied\n           got welcome\n    rerun: BDD_PATHS=f/login.feature:6 go tool mage unitTests\n",
		"UNDEFINED f/my cart.feature:2",
		"implement the missing step(s) with:\n        func apples() error {}\n",
		"rerun: BDD_PATHS='\"f/my cart.feature:2\"' go tool mage unitTests", // a Go string: the space
		"Slowest scenarios\n     1m30s  f/my cart.feature:2  Cart › Has apples\n     12.0s  f/login.feature:6",
		"note: 1 scenario not run\n",
		"features:  2 (1 failed, 1 undefined)\n",
		"scenarios: 4 (1 passed, 1 failed, 1 undefined, 1 skipped)\n",
		"steps:     4 (2 passed, 1 failed, 1 undefined)\n",
		"time:      2.00s wall, 2 workers, 75% utilisation (busy 3.00s of 4.00s)\n",
		"order:     file order\n", "reports:   r/junit.xml, r/rerun.txt\n",
		"Rerun every failed scenario: BDD_PATHS=@r/rerun.txt go tool mage unitTests\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "1.50s  f/login.feature:3") {
		t.Errorf("only the 2 slowest should be listed:\n%s", out)
	}
	if !strings.HasSuffix(out, "\n\n1 passed, 2 failed, 1 skipped\n") {
		t.Errorf("summary does not end with the counts line:\n%s", out)
	}
	if out := summary(sampleRun(), view.Options{}, SummaryOptions{Reports: []string{"r/rerun.txt"}}); strings.Contains(out, "Rerun every") {
		t.Errorf("a run without a rerun command shows a command to rerun every failure:\n%s", out)
	}
	out = summary(result.Run{Scenarios: []result.Scenario{{Status: result.Skipped}, {Status: result.Passed}}}, view.Options{}, SummaryOptions{})
	if !strings.Contains(out, "features:  1 (1 passed)") || !strings.HasSuffix(out, "1 passed, 0 failed, 1 skipped\n") {
		t.Errorf("passed+skipped feature:\n%s", out)
	}
}

// TestSummaryFlaky: a scenario that passed on a retry counts as passed,
// has its own section with every failed try, and the flaky count stands on
// the line above the counts line; one that failed every try says so.
func TestSummaryFlaky(t *testing.T) {
	run := result.Run{Workers: 1, Scenarios: []result.Scenario{
		{Feature: "Pay", Name: "Card", File: "f/pay.feature", Line: 3, Status: result.Passed, Duration: time.Second, Worker: 1,
			Retries: []result.Try{{Status: result.Failed, Error: "declined\ndetail", FailedStep: "When I pay", FailedLine: 5},
				{Status: result.Failed, Error: "timeout"}}},
		{Feature: "Pay", Name: "Cash", File: "f/pay.feature", Line: 9, Order: 1, Status: result.Failed, Error: "no change",
			Worker: 1, Retries: []result.Try{{Status: result.Failed, Error: "no change"}}},
	}}
	out := summary(run, view.Options{}, SummaryOptions{})
	for _, want := range []string{
		"Flaky (1): passed on a retry, counted as passed\n\n" +
			"FLAKY f/pay.feature:3  Pay › Card (passed on try 3 of 3, 1.00s, worker 1)\n" +
			"    try 1: When I pay  (f/pay.feature:5): declined\n" +
			"    try 2: timeout\n",
		"    tries: 2, every one failed (results.json has each error)\n",
		"1 worker, ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "\n\n1 flaky (passed on a retry)\n1 passed, 1 failed\n") {
		t.Errorf("summary does not end with the flaky line and the counts line:\n%s", out)
	}
	if out := summary(sampleRun(), view.Options{}, SummaryOptions{}); strings.Contains(out, "flaky") || strings.Contains(out, "Flaky") {
		t.Errorf("a run without flaky scenarios mentions them:\n%s", out)
	}
}

func TestTimeLine(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  result.Run
		want string
	}{
		{"fixed count", result.Run{Workers: 8, Wall: 2 * time.Second, Busy: 8 * time.Second, CPU: 3 * time.Second, Cores: 2},
			"time:      2.00s wall, 8 workers, 50% utilisation (busy 8.00s of 16.0s), CPU 75% of 2 cores"},
		{"auto", result.Run{Workers: 12, Auto: true, WorkersMin: 2, WorkersMax: 12, WorkerTime: 15 * time.Second,
			Wall: 2 * time.Second, Busy: 12 * time.Second, CPU: 3800 * time.Millisecond, Cores: 2},
			"time:      2.00s wall, 2-12 workers (auto, average 7.5), 80% utilisation (busy 12.0s of 15.0s), CPU 95% of 2 cores"},
		{"auto that never changed the count", result.Run{Workers: 1, Auto: true, WorkersMin: 1, WorkersMax: 1, WorkerTime: 2 * time.Second,
			Wall: 2 * time.Second, Busy: time.Second},
			"time:      2.00s wall, 1 worker (auto), 50% utilisation (busy 1.00s of 2.00s)"},
		{"one fixed worker", result.Run{Workers: 1, Wall: time.Second, Busy: time.Second},
			"time:      1.00s wall, 1 worker, 100% utilisation (busy 1.00s of 1.00s)"},
		{"serial scenarios", result.Run{Workers: 4, Wall: 2 * time.Second, Busy: 4 * time.Second, Scenarios: []result.Scenario{
			{Serial: true, Duration: 700 * time.Millisecond}, {Serial: true, Duration: 500 * time.Millisecond},
			{Serial: true, Status: result.Skipped}, {Duration: 2800 * time.Millisecond}}},
			"time:      2.00s wall, 4 workers, 50% utilisation (busy 4.00s of 8.00s), serial 2 scenarios 1.20s"},
	} {
		if got := timeLine(view.New(tc.run, view.Options{})); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestSummaryColour(t *testing.T) {
	plain := summary(sampleRun(), view.Options{}, SummaryOptions{})
	coloured := summary(sampleRun(), view.Options{}, SummaryOptions{Color: true})
	if strings.Contains(plain, "\x1b[") || !strings.Contains(coloured, "\x1b[31;1m1 failed") {
		t.Fatalf("colour only when asked:\n%q", coloured)
	}
}

func TestBlock(t *testing.T) {
	s := sampleRun().Scenarios[1]
	got := Block(s, false)
	want := "FAILED f/login.feature:6  Login › Bad password (12.0s)\n" +
		"    ✓ Given a user # line 7\n" +
		"    ✗ Then I am denied # line 8\n" +
		"        expected denied\n        got welcome\n"
	if got != want {
		t.Fatalf("Block =\n%s\nwant\n%s", got, want)
	}
	crashed := result.Scenario{Name: "Boom", File: "a.feature", Line: 1, Status: result.Crashed, Error: "process died",
		Steps: []result.Step{{Keyword: "Given", Text: "x", Line: 2, Status: result.Skipped}}}
	if got := Block(crashed, false); !strings.Contains(got, "CRASHED a.feature:1  Boom") || !strings.Contains(got, "    - Given x") ||
		!strings.HasSuffix(got, "    process died\n") {
		t.Fatalf("crashed block:\n%s", got)
	}
	timedOut := result.Scenario{Name: "Slow", Status: result.TimedOut, Steps: []result.Step{{Text: "p", Status: result.Pending}}}
	if got := Block(timedOut, false); !strings.HasPrefix(got, "TIMEOUT") || !strings.Contains(got, "? ") {
		t.Fatalf("timed out block:\n%s", got)
	}
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	written chan struct{} // closed and replaced at every write
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.written != nil {
		close(s.written)
		s.written = nil
	}
	return s.b.Write(p)
}

// waitFor blocks until the buffer holds text: a handshake with the writer,
// no clock (go test's -timeout bounds a writer that never writes it).
func (s *syncBuffer) waitFor(text string) {
	for {
		s.mu.Lock()
		if strings.Contains(s.b.String(), text) {
			s.mu.Unlock()
			return
		}
		if s.written == nil {
			s.written = make(chan struct{})
		}
		w := s.written
		s.mu.Unlock()
		<-w
	}
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestProgress(t *testing.T) {
	run := sampleRun()
	for _, tc := range []struct {
		name      string
		o         ProgressOptions
		want      []string
		forbidden []string
	}{
		{"plain prints failures only", ProgressOptions{},
			[]string{"FAILED f/login.feature:6  Login › Bad password\n", "UNDEFINED f/my cart.feature:2"},
			[]string{"PASSED", "\r", "scenarios"}},
		{"pretty prints every block", ProgressOptions{Pretty: true},
			[]string{"PASS f/login.feature:3", "    ✓ Given a user # line 4", "FAILED f/login.feature:6"}, []string{"\r"}},
		{"live redraws one line", ProgressOptions{Live: true},
			[]string{"\r\x1b[K0/4 scenarios, 0 failed, 0s", "\r\x1b[K2/4 scenarios, 1 failed, 1s", "FAILED f/login.feature:6"}, nil},
		{"heartbeat in CI", ProgressOptions{Heartbeat: time.Millisecond},
			[]string{"scenarios, 0 failed"}, []string{"\r"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out syncBuffer
			c := &clock{t: time.Unix(0, 0)}
			tc.o.Now = c.now
			p := NewProgress(&out, len(run.Scenarios), tc.o)
			if tc.o.Heartbeat > 0 {
				out.waitFor("scenarios") // the first heartbeat
			}
			p.ScenarioStarted("x", 1)
			for _, s := range run.Scenarios[:2] {
				c.add(500 * time.Millisecond)
				p.ScenarioFinished(s)
			}
			p.ScenarioFinished(run.Scenarios[2])
			p.Close()
			got := out.String()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%q", w, got)
				}
			}
			for _, f := range tc.forbidden {
				if strings.Contains(got, f) {
					t.Errorf("output contains %q:\n%q", f, got)
				}
			}
			if tc.o.Live && !strings.HasSuffix(got, "\r\x1b[K") {
				t.Errorf("live line not cleared at the end: %q", got)
			}
		})
	}
}

// TestFailureLogs: a failure shows what its steps logged, each message with
// its step's line, the last maxLogs of them when there are more.
func TestFailureLogs(t *testing.T) {
	s := result.Scenario{File: "f.feature", Line: 2, Status: result.Failed, Error: "boom",
		Logs: []result.Log{{Line: 3, Text: "connecting"}, {Line: 4, Text: "got 500\nbody: oops"}}}
	want := "    error: boom\n    logs:\n        line 3: connecting\n        line 4: got 500\n        body: oops\n"
	if got := Failure(s, ""); got != want {
		t.Errorf("Failure =\n%s\nwant\n%s", got, want)
	}
	s.Logs = nil
	for i := range maxLogs + 2 {
		s.Logs = append(s.Logs, result.Log{Line: 3, Text: "message " + string(rune('a'+i))})
	}
	got := Failure(s, "")
	if !strings.Contains(got, "    logs:\n        (2 earlier messages in results.json)\n        line 3: message c\n") ||
		!strings.HasSuffix(got, "line 3: message l\n") || strings.Contains(got, "message b") {
		t.Errorf("Failure with %d messages =\n%s", len(s.Logs), got)
	}
}

// TestSummaryUnused: the unused step definitions of a complete run are
// listed one a line, the first maxUnused of them, and say when they fail
// the run.
func TestSummaryUnused(t *testing.T) {
	run := result.Run{Complete: true, Scenarios: []result.Scenario{{File: "f.feature", Line: 2, Status: result.Passed}}}
	for i := range maxUnused + 3 {
		run.Definitions = append(run.Definitions, result.Definition{Pattern: fmt.Sprintf("^s%d$", i), File: "steps.go", Line: i + 1})
	}
	out := summary(run, view.Options{}, SummaryOptions{})
	if !strings.Contains(out, "Unused step definitions (13): no step of the suite matches them\n  steps.go:1  ^s0$\n") ||
		!strings.Contains(out, "  steps.go:10  ^s9$\n  and 3 more in usage.json\n") || strings.Contains(out, "^s10$") {
		t.Errorf("summary:\n%s", out)
	}
	if out := summary(run, view.Options{}, SummaryOptions{UnusedFail: true}); !strings.Contains(out, "(13): no step of the suite matches them; BDD_UNUSED=fail fails the run\n") {
		t.Errorf("with BDD_UNUSED=fail:\n%s", out)
	}
}
