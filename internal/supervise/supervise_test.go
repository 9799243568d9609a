package supervise_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/runner"
	"github.com/mushbdd/mush/internal/supervise"
)

// childVar turns the test binary into the child a test supervises: the
// fixture suite under runner.Main, or a process that misbehaves at once.
const childVar = "SUPERVISE_TEST_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(childVar) {
	case "runner":
		runner.Main(fixtures.Suite(&fixtures.Recorder{}))
	case "runner-setup-panics":
		runner.Main(fixtures.Suite(&fixtures.Recorder{PanicIn: "BeforeSuite"}))
	case "args":
		fmt.Println("args:", strings.Join(os.Args[1:], " "))
		os.Exit(exitcode.Misuse)
	case "exit0":
		os.Exit(0)
	case "kill":
		fmt.Fprintln(os.Stderr, "about to be killed")
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			p.Kill()
		}
		time.Sleep(time.Minute)
	case "refuse":
		fmt.Fprintln(os.Stderr, "mush: BDD_X: not accepted")
		os.Exit(exitcode.Misuse)
	default:
		if child, ok := systemChildren[os.Getenv(childVar)]; ok { // fulldisk_*_test.go
			child()
		}
	}
	os.Exit(m.Run())
}

// systemChildren are the children that need a system's own calls.
var systemChildren = map[string]func(){}

const crashDir = "../fixtures/crash/"

type outcome struct {
	code           int
	err            error
	stdout, stderr string
	run            result.Run
	dir            string
	closing        string // the outcome's closing line
}

// supervised runs the test binary as the child, with vars added to a clean
// BDD environment, until it returns or ctx ends.
func supervised(t *testing.T, ctx context.Context, mode string, signals chan os.Signal, vars ...string) outcome {
	t.Helper()
	return supervisedWith(t, ctx, mode, func(_ string, o *supervise.Options) { o.Signals = signals }, vars...)
}

// supervisedWith is supervised with setup given the run's directory (its
// reports go to dir/reports) and its options before it starts.
func supervisedWith(t *testing.T, ctx context.Context, mode string, setup func(dir string, o *supervise.Options), vars ...string) outcome {
	t.Helper()
	dir := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), childVar + "=" + mode,
		"BDD_REPORTS_DIR=" + filepath.Join(dir, "reports"), "BDD_TIMINGS=" + filepath.Join(dir, "timings.json"),
		"BDD_WORKERS=1"}
	wd, _ := os.Getwd()
	var out, errOut bytes.Buffer
	opts := supervise.Options{Bin: os.Args[0], Dir: wd, Env: append(env, vars...), Stdout: &out, Stderr: &errOut}
	if setup != nil {
		setup(dir, &opts)
	}
	res, err := supervise.Run(ctx, opts)
	if err == nil {
		err = res.Err()
	}
	o := outcome{code: exitcode.Code(err), err: err, stdout: out.String(), stderr: errOut.String(), dir: dir, closing: res.Closing}
	if f, ferr := os.Open(filepath.Join(dir, "reports", report.ResultsFile)); ferr == nil {
		defer f.Close()
		if o.run, ferr = report.ReadJSON(f); ferr != nil {
			t.Fatalf("results.json: %v", ferr)
		}
	}
	return o
}

// whenJournal calls fn once the journal at path satisfies ready: a
// handshake with the child, instead of a guess at how long it takes. It
// polls the file; a child that never gets there fails the test when the
// run ends without fn having been called.
func whenJournal(path string, ready func(journal.State) bool, fn func()) (called func() bool) {
	var done atomic.Bool
	stop := make(chan struct{})
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			if ready(journal.ReadState(path)) {
				done.Store(true)
				fn()
				return
			}
			select {
			case <-tick.C:
			case <-stop:
				return
			}
		}
	}()
	return func() bool { close(stop); return done.Load() }
}

func (o outcome) status(t *testing.T, name string) result.Scenario {
	t.Helper()
	for _, s := range o.run.Scenarios {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no scenario %q in results.json\n%s", name, o.stdout)
	return result.Scenario{}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestFinishedChildPassesThrough(t *testing.T) {
	o := supervised(t, context.Background(), "runner", nil, "BDD_PATHS=../fixtures/testdata/arithmetic.feature")
	if o.code != exitcode.Failed || !exitcode.IsReported(o.err) {
		t.Fatalf("code %d (%v)\n%s%s", o.code, o.err, o.stdout, o.stderr)
	}
	if strings.Contains(o.stdout, "Crashes (") || strings.Count(o.stdout, "\nscenarios: ") != 1 {
		t.Fatalf("not the child's summary alone:\n%s", o.stdout)
	}
	// The closing line comes from the child's done event, not its output.
	if o.closing != lastLine(o.stdout) || o.err.Error() != o.closing {
		t.Errorf("closing %q, error %q; want the summary's last line %q", o.closing, o.err, lastLine(o.stdout))
	}
}

func TestGoroutinePanicKeepsEveryResult(t *testing.T) {
	o := supervised(t, context.Background(), "runner", nil, "BDD_PATHS="+crashDir+"fifty.feature")
	if o.code != exitcode.Crashed {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	c := o.run.Count()
	if len(o.run.Scenarios) != 50 || c[result.Passed] != 49 || c[result.Crashed] != 1 {
		t.Fatalf("counts %v of %d\n%s", c, len(o.run.Scenarios), o.stdout)
	}
	if s := o.status(t, "Goroutine panic"); !strings.Contains(s.Error, "panic: goroutine exploded") || !strings.Contains(s.Error, "goroutine ") {
		t.Fatalf("crash error %q", s.Error)
	}
	for i, s := range o.run.Scenarios {
		if s.Order != i {
			t.Fatalf("scenario %d has order %d", i, s.Order)
		}
	}
	if got := lastLine(o.stdout); got != "49 passed, 1 failed" {
		t.Fatalf("last line %q", got)
	}
	if _, err := os.Stat(filepath.Join(o.dir, "reports", "attempt-2", "journal.ndjson")); err != nil {
		t.Fatalf("no journal of attempt 2: %v", err)
	}
}

func TestPartnersOfACrashAreRerunOneByOne(t *testing.T) {
	o := supervised(t, context.Background(), "runner", nil, "BDD_PATHS="+crashDir+"together.feature", "BDD_WORKERS=4")
	if o.code != exitcode.Crashed {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if c := o.run.Count(); c[result.Passed] != 3 || c[result.Crashed] != 1 {
		t.Fatalf("counts %v\n%s", c, o.stdout)
	}
	if s := o.status(t, "Culprit"); s.Status != result.Crashed || !strings.Contains(s.Error, "crashed among partners") {
		t.Fatalf("culprit %s: %s", s.Status, s.Error)
	}
	if !strings.Contains(o.stdout, "Crashes (2)") {
		t.Fatalf("want two crashes:\n%s", o.stdout)
	}
}

func TestRestartLimit(t *testing.T) {
	o := supervised(t, context.Background(), "runner", nil, "BDD_PATHS="+crashDir+"together.feature", "BDD_WORKERS=4", "BDD_MAX_RESTARTS=0")
	if o.code != exitcode.Crashed {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if c := o.run.Count(); c[result.Crashed] != 4 {
		t.Fatalf("counts %v\n%s", c, o.stdout)
	}
	if s := o.status(t, "Partner one"); !strings.Contains(s.Error, "while this scenario ran alongside 3 other scenarios in the same process (BDD_WORKERS above 1)") {
		t.Fatalf("error %q", s.Error)
	}
}

func TestFailFastStopsAfterACrash(t *testing.T) {
	o := supervised(t, context.Background(), "runner", nil, "BDD_PATHS="+crashDir+"exit.feature", "BDD_FAIL_FAST=true")
	if o.code != exitcode.Crashed {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if s := o.status(t, "After the exit one"); s.Status != result.Skipped || !strings.Contains(s.Error, "fail-fast") {
		t.Fatalf("%s: %s", s.Status, s.Error)
	}
	if s := o.status(t, "Exit zero"); !strings.Contains(s.Error, "exited with status 0 before finishing") {
		t.Fatalf("error %q", s.Error)
	}
}

// Acceptance of #11: a scenario that hangs costs only itself. It is timed
// out with the stacks, the runner holding its goroutine is replaced, the
// scenarios not yet run get a fresh one, and every other scenario has its
// real verdict. Replacements do not count against BDD_MAX_RESTARTS.
func TestTimeoutCostsOnlyItsScenario(t *testing.T) {
	for _, restarts := range []string{"3", "0"} {
		t.Run("BDD_MAX_RESTARTS="+restarts, func(t *testing.T) {
			o := supervised(t, context.Background(), "runner", nil, "BDD_PATHS=../fixtures/hang/fifty.feature",
				"BDD_WORKERS=2", "BDD_TIMEOUT=2s", "BDD_MAX_RESTARTS="+restarts)
			if o.code != exitcode.Timeout {
				t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
			}
			c := o.run.Count()
			if len(o.run.Scenarios) != 50 || c[result.Passed] != 49 || c[result.TimedOut] != 1 || c[result.Skipped] != 0 {
				t.Fatalf("counts %v of %d\n%s", c, len(o.run.Scenarios), o.stdout)
			}
			if s := o.status(t, "Hangs first"); s.Attempt != 1 || !strings.Contains(s.Error, "goroutine stacks") {
				t.Fatalf("attempt %d: %s", s.Attempt, s.Error)
			}
			if s := o.status(t, "Passing 49"); s.Attempt != 2 {
				t.Fatalf("the last scenario ran in attempt %d, not in the fresh runner", s.Attempt)
			}
			if strings.Contains(o.stdout, "Crashes (") || strings.Count(o.stdout, "\nscenarios: ") != 1 ||
				!strings.Contains(o.stdout, "attempt 1: a scenario timed out; the feature runner holding its goroutine was replaced") {
				t.Fatalf("summary:\n%s", o.stdout)
			}
			if got := lastLine(o.stdout); got != "49 passed, 1 failed" {
				t.Fatalf("last line %q", got)
			}
		})
	}
}

// After a crash, a timeout in the fresh runner costs only its scenario too:
// the one after it runs in a third runner. The crash decides the exit code.
func TestTimeoutAfterACrash(t *testing.T) {
	o := supervised(t, context.Background(), "runner", nil, "BDD_PATHS="+crashDir+"then_hang.feature", "BDD_TIMEOUT=1s")
	if o.code != exitcode.Crashed {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if s := o.status(t, "Hangs after the crash"); s.Status != result.TimedOut || s.Attempt != 2 {
		t.Fatalf("%s attempt %d", s.Status, s.Attempt)
	}
	if s := o.status(t, "Never reached"); s.Status != result.Passed || s.Attempt != 3 {
		t.Fatalf("never reached is %s in attempt %d", s.Status, s.Attempt)
	}
}

// The deadline bounds the whole run, not each runner: a fresh runner gets
// what is left of it, and none starts once it has passed.
func TestDeadlineSpansTheReplacements(t *testing.T) {
	o := supervised(t, context.Background(), "runner", nil, "BDD_PATHS="+crashDir+"then_hang.feature",
		"BDD_TIMEOUT=1s", "BDD_DEADLINE=1s")
	if o.code != exitcode.Crashed {
		t.Fatalf("code %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	if s := o.status(t, "Never reached"); s.Status != result.Skipped || !strings.Contains(s.Error, "the run deadline passed (BDD_DEADLINE=1s)") {
		t.Fatalf("never reached is %s: %s", s.Status, s.Error)
	}
	if !strings.Contains(o.stdout, "BDD_DEADLINE=1s ended the run: 1 scenario not run") {
		t.Fatalf("the summary does not say the deadline ended the run:\n%s", o.stdout)
	}
}

// signalCases are the two signals that stop a run, and their exit codes.
var signalCases = []struct {
	name string
	sig  os.Signal
	code int
}{{"sigint", os.Interrupt, exitcode.SIGINT}, {"sigterm", syscall.SIGTERM, exitcode.SIGTERM}}

// deliver stops a supervised run as Mage does: SIGINT cancels the context,
// SIGTERM comes on the signal channel.
func deliver(sig os.Signal, cancel func(), signals chan<- os.Signal) {
	if sig == os.Interrupt {
		cancel()
	} else {
		signals <- sig
	}
}

// An interrupt in the middle of a run, sent once both workers are in a
// hung scenario after the two quick ones finished: the child stops, the
// two running are abandoned after its grace period, the six waiting are
// not run, and the exit code says which signal it was. A second signal is
// not forwarded.
func TestInterruptPassesThrough(t *testing.T) {
	for _, tc := range signalCases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			signals := make(chan os.Signal, 2)
			var sent func() bool
			o := supervisedWith(t, ctx, "runner", func(dir string, o *supervise.Options) {
				o.Signals = signals
				sent = whenJournal(filepath.Join(dir, "reports", "journal.ndjson"), func(st journal.State) bool {
					return len(st.Finished) == 2 && len(st.Running) == 2
				}, func() {
					deliver(tc.sig, cancel, signals)
					signals <- tc.sig
				})
			}, "BDD_PATHS="+crashDir+"interrupt.feature", "BDD_WORKERS=2")
			if !sent() || o.code != tc.code {
				t.Fatalf("code %d, want %d\n%s%s", o.code, tc.code, o.stdout, o.stderr)
			}
			c := o.run.Count()
			if len(o.run.Scenarios) != 10 || c[result.Passed] != 2 || c[result.Skipped] != 8 {
				t.Fatalf("counts %v\n%s", c, o.stdout)
			}
			if s := o.status(t, "Hung 1"); !strings.Contains(s.Error, "abandoned: still running 3s after the interrupt") {
				t.Fatalf("hung 1: %s", s.Error)
			}
			if s := o.status(t, "Hung 8"); s.Error != "not run: the run was interrupted" {
				t.Fatalf("hung 8: %s", s.Error)
			}
		})
	}
}

// Acceptance of #11: an interrupt that comes after a crash, before the
// next runner starts, ends the run with the signal's exit code, and the
// scenarios not run are reported interrupted.
func TestInterruptBetweenAttempts(t *testing.T) {
	for _, tc := range signalCases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			signals := make(chan os.Signal, 1)
			var before []int
			o := supervisedWith(t, ctx, "runner", func(_ string, o *supervise.Options) {
				o.Signals = signals
				o.BeforeAttempt = func(n int) {
					before = append(before, n)
					deliver(tc.sig, cancel, signals)
				}
			}, "BDD_PATHS="+crashDir+"then_slow.feature")
			if o.code != tc.code || !slices.Equal(before, []int{2}) {
				t.Fatalf("code %d, hook called before %v\n%s%s", o.code, before, o.stdout, o.stderr)
			}
			if s := o.status(t, "Culprit first"); s.Status != result.Crashed || !strings.Contains(s.Error, "exited with status 3") {
				t.Fatalf("%s: %s", s.Status, s.Error)
			}
			if c := o.run.Count(); c[result.Skipped] != 6 || len(o.run.Scenarios) != 7 {
				t.Fatalf("counts %v\n%s", c, o.stdout)
			}
			if s := o.status(t, "Slow after the crash 1"); s.Error != "not run: the run was interrupted" {
				t.Fatalf("not run: %q", s.Error)
			}
			if strings.Contains(o.stdout, "stopped before it") {
				t.Fatalf("summary:\n%s", o.stdout)
			}
		})
	}
}

func TestChildThatNeverPlanned(t *testing.T) {
	o := supervised(t, context.Background(), "kill", nil)
	want := "was killed by signal 9 (killed) before selecting any scenario; its last stderr lines:\nabout to be killed"
	if o.code != exitcode.Crashed || !strings.Contains(o.err.Error(), want) {
		t.Fatalf("code %d, error %v", o.code, o.err)
	}
	// Not a mush runner, or nothing selected: the exit code passes through.
	if o := supervised(t, context.Background(), "exit0", nil); o.err != nil {
		t.Fatalf("exit 0 gave %v", o.err)
	}
}

func TestChildThatRefusesPassesThrough(t *testing.T) {
	o := supervised(t, context.Background(), "refuse", nil)
	if o.code != exitcode.Misuse || !exitcode.IsReported(o.err) || !strings.HasPrefix(o.stderr, "mush: BDD_X: not accepted\n") {
		t.Fatalf("code %d, %v, stderr %q", o.code, o.err, o.stderr)
	}
}

func TestBadSetupIsMisuse(t *testing.T) {
	_, err := supervise.Run(context.Background(), supervise.Options{Bin: os.Args[0], Env: []string{"BDD_MAX_RESTARTS=x"}})
	if exitcode.Code(err) != exitcode.Misuse || !strings.Contains(err.Error(), "BDD_MAX_RESTARTS") {
		t.Fatalf("%v", err)
	}
	_, err = supervise.Run(context.Background(), supervise.Options{Bin: filepath.Join(t.TempDir(), "missing"),
		Env: []string{"BDD_REPORTS_DIR=" + t.TempDir()}})
	if exitcode.Code(err) != exitcode.Misuse || !strings.Contains(err.Error(), "starting the feature runner") {
		t.Fatalf("%v", err)
	}
}

// An interrupt that comes as the first child starts, before it selected
// anything (it may not even handle signals yet, and die of it), ends the
// run with the signal's exit code: never a crash, nothing run again. With
// process mode as well.
func TestInterruptAtStart(t *testing.T) {
	for _, mode := range []string{"goroutine", "process"} {
		for _, tc := range signalCases {
			t.Run(mode+"/"+tc.name, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				signals := make(chan os.Signal, 1)
				deliver(tc.sig, cancel, signals) // before anything started
				o := supervised(t, ctx, "runner", signals, "BDD_PATHS="+crashDir+"interrupt.feature", "BDD_ISOLATION="+mode)
				if o.code != tc.code || strings.Contains(o.stdout, "Crashes (") {
					t.Fatalf("code %d, want %d\n%s%s", o.code, tc.code, o.stdout, o.stderr)
				}
				if _, err := os.Stat(filepath.Join(o.dir, "reports", "attempt-2")); err == nil {
					t.Error("a second feature runner was started")
				}
			})

		}
	}
}

// Inside GitHub Actions the run's output is read with workflow commands
// stopped, but for the annotations of its failures, whichever process
// prints them (the first runner when it finishes, the supervisor after a
// crash), and commands are on again when the run ends.
func TestWorkflowCommandsStopped(t *testing.T) {
	for _, paths := range []string{"../fixtures/testdata/words.feature", crashDir + "exit.feature"} {
		o := supervised(t, context.Background(), "runner", nil, "BDD_PATHS="+paths, "GITHUB_ACTIONS=true")
		failed := 0
		for _, s := range o.run.Scenarios {
			if s.Status.IsFailure() {
				failed++
			}
		}
		cmds, stopped := fixtures.WorkflowCommands(o.stdout)
		if failed == 0 || len(cmds) != failed || stopped || !strings.HasPrefix(o.stdout, "::stop-commands::") {
			t.Errorf("%s: %d failed, GitHub obeys %q, stopped at the end %v:\n%s", paths, failed, cmds, stopped, o.stdout)
		}
		for _, c := range cmds {
			if !strings.HasPrefix(c, "::error file=") {
				t.Errorf("%s: GitHub obeys %q", paths, c)
			}
		}
	}
}
