// Package supervise runs the feature runner as a child process and makes
// sure no result is lost when that child dies.
//
// The child (a program calling runner.Main) writes a journal as it runs
// (package journal holds the protocol): a plan event listing the selected
// scenarios, a line when each scenario starts and when it finishes, and,
// after its summary and reports, a done event. A child that exits without
// the done event died: a panic in a goroutine started by step code, os.Exit
// in a step, a fatal runtime error or a kill. The supervisor then
//
//   - keeps every result in the journal;
//   - marks the scenario that was running crashed, with the child's last
//     stderr lines (the panic and its stack); when several were running,
//     they are first rerun one at a time in a fresh child to find the one
//     that crashes, so the others still get a verdict;
//   - starts a fresh child for the scenarios not yet run (BDD_PATHS set to
//     their file:LINE list), up to BDD_MAX_RESTARTS restarts (default 3);
//   - prints one summary, with a crash section, and writes one set of
//     reports for the whole run, and exits with code 4.
//
// A scenario that runs past BDD_TIMEOUT costs only itself: the child
// records it timed out with the goroutine stacks, lets the scenarios
// running alongside finish (each under its own BDD_TIMEOUT), and ends with
// a done event that hands the scenarios it did not start over. The stuck
// goroutine cannot be killed, so the supervisor replaces the whole child:
// a fresh one runs the rest, as after a crash (the timed-out scenario is
// not run again). Such replacements do not count against
// BDD_MAX_RESTARTS: each one gives at least one scenario its verdict, so
// there are never more than hung scenarios; BDD_DEADLINE bounds the whole
// run, every child getting what is left of it. The run ends with exit
// code 5 (4 if a child also crashed).
//
// An interrupt at any moment, in a child or between two children, ends the
// run with 130 (SIGINT) or 143 (SIGTERM): no further child starts, and the
// scenarios not run are reported interrupted in the merged summary.
//
// With BDD_ISOLATION=process the supervisor instead runs several children
// at once as worker processes fed one scenario at a time (procs.go).
//
// When the first child finishes normally nothing of this happens: its
// summary is the one shown and its exit code passes through unchanged.
// Every child runs with MUSH_ATTEMPT=N; later ones write their reports and
// journal under BDD_REPORTS_DIR/attempt-N and print no summary.
package supervise

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/console"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/finish"
	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/runlock"
	"github.com/mushbdd/mush/internal/tailbuf"
	"github.com/mushbdd/mush/internal/view"
)

// Options say which child to run and where its output goes.
type Options struct {
	Bin  string   // the feature runner
	Args []string // its arguments
	Dir  string   // its working directory
	// Base is the run's directory, where the user ran the command: the
	// settings' relative paths are read from it, locations and report
	// paths shown relative to it (children get it as config.DirVar).
	// Empty: Dir.
	Base string
	Env  []string // its environment, BDD_* settings included
	// Stdout receives the child's stdout and the merged summary; Stderr the
	// child's stderr, which is also kept for crash reports.
	Stdout, Stderr io.Writer
	// Signals are forwarded to the child, the first one only; cancelling
	// the context forwards os.Interrupt the same way. Either way no child
	// is started afterwards.
	Signals <-chan os.Signal
	// Start and Rerun, when set, are how the run was started and the
	// command that reruns one failed scenario (mush.Test: go test -run
	// ...), as in runner.Env.
	Start result.Start
	Rerun func(result.Scenario) string
	// BeforeAttempt, when set, is called before each child after the first
	// is started, with its attempt number: tests interrupt a run there.
	BeforeAttempt func(n int)
}

// tailSize bounds how much of a child's stderr is kept.
const tailSize = 64 << 10

// Run runs the child until the run is complete, restarting it after a
// crash, and returns how the run ended: the child's own exit code and
// closing line when it finished, exitcode.Crashed and the merged run's
// closing line after a crash. An error is a run that could not be made
// (bad settings, a child that cannot start or died before selecting).
func Run(ctx context.Context, o Options) (result.Outcome, error) {
	dir, err := filepath.Abs(cmp.Or(o.Base, o.Dir))
	if err != nil {
		return result.Outcome{}, exitcode.Misusef("cannot find the working directory: %v", err)
	}
	o.Env = append(slices.Clip(o.Env), config.DirVar+"="+dir)
	getenv := config.Lookup(o.Env)
	set, err := config.NewEnv(nil).Under(getenv).In(dir).Load(config.Run)
	if err != nil {
		return result.Outcome{}, err
	}
	s := &supervisor{o: o, set: set, getenv: getenv, dir: dir, start: time.Now(),
		results: map[string]result.Scenario{}}
	release, err := runlock.Take(set.ReportsDir)
	if err != nil {
		return result.Outcome{}, err
	}
	defer release()
	defer followParent()()
	// Inside GitHub Actions the run prints with workflow commands stopped;
	// a child resumes them with the same token for its annotations and
	// its closing line.
	s.commands = report.StopCommands(getenv, o.Stdout)
	defer s.commands.Resume(o.Stderr)
	s.o.Env = append(slices.Clip(o.Env), s.commands.Env()...)
	if set.Isolation == config.IsolationProcess {
		return s.runProcesses(ctx)
	}
	return s.run(ctx)
}

type supervisor struct {
	o      Options
	set    config.Settings
	getenv func(string) string
	dir    string // the run's directory (config.DirVar), absolute
	start  time.Time
	// commands are GitHub's workflow commands, stopped while the run
	// prints (nil outside GitHub Actions).
	commands *report.Commands

	plan     *journal.Plan // what the first child selected: the whole run
	index    map[string]result.Scenario
	results  map[string]result.Scenario
	suspects []string // running together at a crash: rerun one at a time
	crashes  []crash
	notes    []string
	signal   int    // 130 or 143 once a signal was forwarded
	stop     string // why no further child is started (empty: keep going)
	timedOut bool   // a child ended with exit code 5
	deadline bool   // BDD_DEADLINE passed between two children
	// writeFailed: a journal could not be written, a later child's (said
	// on stderr by it) or, in process mode, the supervisor's own.
	writeFailed bool
	failCode    int // process mode: a process's exit code that stopped the run
	attempts    int // children started, the diagnosis's included
	// deferred: the first child left the summary to the supervisor, which
	// ran its failures again alone (journal.Done.Diagnose); the exit code
	// is then the merged run's.
	deferred bool
}

// crash is one child that died.
type crash struct {
	attempt int
	how     string
	tail    string
	running []string
}

// attempt is what one child left behind.
type attempt struct {
	n      int
	dir    string // its reports directory
	wait   error  // from cmd.Wait
	state  journal.State
	stderr string
}

func (s *supervisor) run(ctx context.Context) (result.Outcome, error) {
	for n := 1; ; n++ {
		var paths []string
		serial := false
		if n > 1 {
			if len(s.suspects) > 0 {
				paths, serial, s.suspects = s.suspects, true, nil
			} else {
				_, paths = s.inPlan()
			}
			if len(paths) == 0 || s.stop != "" || s.interrupted(ctx) || s.pastDeadline() {
				break
			}
			if s.o.BeforeAttempt != nil {
				s.o.BeforeAttempt(n)
				if s.interrupted(ctx) {
					break
				}
			}
		}
		s.attempts = n
		a, err := s.attempt(ctx, n, paths, serial)
		if err != nil {
			return result.Outcome{}, err
		}
		if a.state.Done != nil && n == 1 && !a.state.Done.Handover || n == 1 && a.state.Plan == nil && exitCode(a.wait) >= 0 {
			s.commands.Resumed() // the child ended its run, and resumed them
		} else {
			s.commands.Stop() // again, whatever the child did
		}
		if a.state.Done != nil {
			if n == 1 && !a.state.Done.Handover && !a.state.Done.Diagnose {
				return childExit(a.wait, *a.state.Done)
			}
			s.deferred = s.deferred || a.state.Done.Diagnose
			s.mergeDone(a)
			continue
		}
		if line, ok := journalFailure(a); ok {
			if n == 1 { // its summary is shown; its exit code passes through
				return result.Outcome{Code: exitcode.Reports, Reason: line}, nil
			}
			s.merge(a)
			s.notes = append(s.notes, fmt.Sprintf("attempt %d: %s", a.n, line))
			s.stop = fmt.Sprintf("not run: attempt %d could not write its journal", a.n)
			s.writeFailed = true
			continue
		}
		if n == 1 && a.state.Plan == nil {
			return s.noPlan(a.wait, a.stderr)
		}
		for _, r := range a.state.Finished { // it died: keep what it finished
			s.keep(r)
		}
		s.died(n, a.wait, a.stderr, a.state.Running, true)
	}
	s.diagnose(ctx)
	return s.end(ctx), nil
}

// noPlan is the end of a run whose first child selected nothing to run:
// it refused (bad input, said why) or it is not a mush runner. Its exit
// code passes through; a signal that ended it is a crash, unless it is
// the interrupt forwarded to a child that had not yet set up its handling
// (130 or 143, nothing run).
func (s *supervisor) noPlan(wait error, stderr string) (result.Outcome, error) {
	if s.signal != 0 {
		return result.Outcome{Code: s.signal, Reason: "interrupted before the feature runner selected any scenario"}, nil
	}
	if code := exitCode(wait); code >= 0 {
		return result.Outcome{Code: code}, nil
	}
	return result.Outcome{}, exitcode.New(exitcode.Crashed, "the feature runner %s before selecting any scenario; its last stderr lines:\n%s",
		describe(wait), lastLines(stderr))
}

// attempt runs child number n: the first with the caller's environment,
// later ones on paths only, in their own reports directory.
func (s *supervisor) attempt(ctx context.Context, n int, paths []string, serial bool) (attempt, error) {
	a := attempt{n: n, dir: s.set.ReportsDir}
	var env []string
	if n > 1 {
		a.dir = runlock.AttemptDir(s.set.ReportsDir, n)
		env = append(env, "BDD_REPORTS_DIR="+a.dir, "BDD_PATHS="+view.JoinPaths(paths))
		if s.set.Deadline > 0 { // what is left of it
			env = append(env, config.DeadlineLeftVar+"="+(s.set.Deadline-time.Since(s.start)).String())
		}
		if serial {
			env = append(env, "BDD_WORKERS=1")
		}
	}
	jpath := filepath.Join(a.dir, journal.File)
	os.Remove(jpath) // a journal left by an earlier run must not count
	tail := &tailbuf.Buffer{Max: tailSize}
	cmd := s.command(n, env...)
	cmd.Stdout, cmd.Stderr = s.o.Stdout, io.MultiWriter(s.o.Stderr, tail)
	if err := cmd.Start(); err != nil {
		return a, exitcode.New(exitcode.Misuse, "starting the feature runner: %w", err)
	}
	a.wait = s.wait(ctx, cmd, func(sig os.Signal) {
		if s.record(sig) {
			interrupt(cmd.Process, sig)
		}
	})
	a.stderr = tail.String()
	if done, ok := journal.Finished(jpath); ok && !done.Handover && !done.Diagnose {
		// It finished: its summary and reports stand, and only a later
		// attempt's results are merged (from its results.json).
		a.state = journal.State{Done: &done}
	} else {
		a.state = journal.ReadState(jpath)
	}
	if n == 1 && a.state.Plan != nil {
		s.setPlan(a.state.Plan)
	}
	return a, nil
}

// command is the feature runner as attempt n, with env added.
func (s *supervisor) command(n int, env ...string) *exec.Cmd {
	cmd := exec.Command(s.o.Bin, s.o.Args...)
	cmd.Dir = s.o.Dir
	cmd.Env = append(append(slices.Clone(s.o.Env), config.AttemptVar+"="+strconv.Itoa(n)), env...)
	cmd.SysProcAttr = procAttr()
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// wait waits for the started cmd, calling stop with each signal that comes
// meanwhile (os.Interrupt when ctx ends), then kills whatever it left
// running in its process group.
func (s *supervisor) wait(ctx context.Context, cmd *exec.Cmd, stop func(os.Signal)) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	cancelled := ctx.Done()
	for {
		select {
		case err := <-done:
			killGroup(cmd.Process)
			return err
		case <-cancelled:
			cancelled = nil
			stop(os.Interrupt)
		case sig := <-s.o.Signals:
			stop(sig)
		}
	}
}

// setPlan takes pl, the first child's, as the whole run's.
func (s *supervisor) setPlan(pl *journal.Plan) {
	s.plan = pl
	s.index = make(map[string]result.Scenario, len(pl.Scenarios))
	for _, p := range pl.Scenarios {
		s.index[p.Location()] = p
	}
}

// record notes that the run was interrupted by sig, unless it already
// was (false): only the first signal is passed on to the children.
func (s *supervisor) record(sig os.Signal) bool {
	if s.signal != 0 {
		return false
	}
	s.signal = exitcode.SIGINT
	if sig == syscall.SIGTERM {
		s.signal = exitcode.SIGTERM
	}
	s.stop = "not run: the run was interrupted"
	return true
}

// keep records a child's result under the whole run's order.
func (s *supervisor) keep(r result.Scenario) {
	if p, ok := s.index[r.Location()]; ok {
		r.Order = p.Order
	}
	s.results[r.Location()] = r
}

// journalFailure tells a child whose journal stops short because it could
// not write it (a full disk) from one that died: it exits with code 7
// after its line "mush: cannot write the journal ..." on stderr, which is
// returned. Such a child ran what it ran; nothing is run again for it.
func journalFailure(a attempt) (line string, ok bool) {
	if a.state.Done != nil || exitCode(a.wait) != exitcode.Reports {
		return "", false
	}
	for _, l := range strings.Split(a.stderr, "\n") {
		if rest, found := strings.CutPrefix(l, "mush: "+journal.WriteFailed); found {
			line, ok = journal.WriteFailed+rest, true
		}
	}
	return line, ok
}

// merge takes the results of a later child: its results.json (skipped
// scenarios and notes included), else its journal. An earlier run's
// results.json is never there: each run starts without attempt
// directories (runlock.Take).
func (s *supervisor) merge(a attempt) {
	run, err := report.ReadFile(filepath.Join(a.dir, report.ResultsFile))
	if err != nil {
		run = result.Run{Scenarios: journal.ReadState(filepath.Join(a.dir, journal.File)).Finished}
	}
	for _, r := range run.Scenarios {
		s.keep(r)
	}
	for _, n := range run.Notes {
		if a.n > 1 {
			n = fmt.Sprintf("attempt %d: %s", a.n, n)
		}
		s.notes = append(s.notes, n)
	}
}

// mergeDone takes the results of a later child that finished.
func (s *supervisor) mergeDone(a attempt) {
	s.merge(a)
	switch code := a.state.Done.Code; {
	case code == exitcode.OK, code == exitcode.Failed:
	case s.signal != 0: // it stopped for the interrupt forwarded to it
	case code == exitcode.Timeout:
		s.timedOut = true
		if a.state.Done.Handover {
			s.notes = append(s.notes, fmt.Sprintf("attempt %d: a scenario timed out; the feature runner holding its goroutine was replaced by a fresh one for the scenarios not yet run", a.n))
		}
	default:
		s.notes = append(s.notes, fmt.Sprintf("attempt %d ended with exit code %d", a.n, code))
		s.stop = fmt.Sprintf("not run: attempt %d ended with exit code %d", a.n, code)
	}
}

// stoppedAtOnce: after a second signal, or the kill that is the interrupt on Windows.
const stoppedAtOnce = "interrupted: the feature runner stopped at once while this scenario ran"

// died records that attempt n died while running: skipped after an
// interrupt, else a crash, which stops the run after too many. With
// rerun, several running while the run goes on are rerun one at a time
// (suspects) to find the one that crashes.
func (s *supervisor) died(n int, wait error, stderr string, running []string, rerun bool) {
	if s.signal != 0 {
		s.mark(running, n, result.Skipped, stoppedAtOnce)
		return
	}
	c := crash{attempt: n, how: describe(wait), tail: lastLines(stderr), running: running}
	s.crashes = append(s.crashes, c)
	switch {
	case s.set.FailFast:
		s.stop = "not run: fail-fast stopped the run after the crash"
	case len(s.crashes) > s.set.MaxRestarts:
		s.stop = fmt.Sprintf("not run: the feature runner crashed %s, more than BDD_MAX_RESTARTS=%d", view.Plural(len(s.crashes), "time"), s.set.MaxRestarts)
	case rerun && len(running) > 1:
		s.suspects = running
		return
	}
	what := "scenario ran"
	if len(running) > 1 {
		what += " alongside " + view.Plural(len(running)-1, "other scenario") + " in the same process (BDD_WORKERS above 1)"
	}
	s.mark(running, n, result.Crashed, fmt.Sprintf("crashed: the feature runner %s while this %s (attempt %d); its last stderr lines:\n%s", c.how, what, n, c.tail))
}

// mark records the planned scenarios at locs, which ran in attempt n, with
// status and msg.
func (s *supervisor) mark(locs []string, n int, st result.Status, msg string) {
	for _, loc := range locs {
		if p, ok := s.index[loc]; ok {
			p.Status, p.Error, p.Attempt = st, msg, n
			s.results[loc] = p
		}
	}
}

// inPlan is the planned scenarios' results, in file order, and the
// locations of those without one.
func (s *supervisor) inPlan() (got []result.Scenario, missing []string) {
	for _, p := range s.plan.Scenarios {
		if r, ok := s.results[p.Location()]; ok {
			got = append(got, r)
		} else {
			missing = append(missing, p.Location())
		}
	}
	return got, missing
}

// end prints the crash section and the one summary of the whole run,
// writes its reports and returns its outcome: 130 or 143 also for an
// interrupt that came while it wrote them (none is forwarded then, and
// none may be lost).
func (s *supervisor) end(ctx context.Context) result.Outcome {
	reason := cmp.Or(s.stop, "not run: the feature runner stopped before it")
	run := result.Run{Workers: s.plan.Workers, Seed: s.plan.Seed, Started: s.start, Wall: time.Since(s.start), Rerun: s.o.Start,
		Definitions: s.plan.Definitions, Complete: s.plan.Complete}
	_, missing := s.inPlan()
	s.mark(missing, 0, result.Skipped, reason)
	run.Scenarios, _ = s.inPlan()
	for _, r := range run.Scenarios {
		run.Busy += r.Duration
	}
	run.Notes = append([]string(nil), s.notes...)
	switch {
	case s.deadline:
		run.Notes = append(run.Notes, view.DeadlineNote(s.set.Deadline, 0, len(missing), run.Count()[result.TimedOut]))
	case len(missing) > 0:
		run.Notes = append(run.Notes, view.Plural(len(missing), "scenario")+" "+reason)
	}
	run.Failed = len(s.crashes) > 0 || s.failCode != 0
	// Reports that cannot be written are said on Stderr; the exit code
	// below is not 0 anyway.
	v, err := finish.Run(run, finish.Options{
		Settings: s.set, Getenv: s.getenv, Stdout: s.o.Stdout, Stderr: s.o.Stderr, Terminal: config.Terminal(s.o.Stdout),
		Order: s.plan.Order, Dir: s.dir, RerunFor: s.o.Rerun, Preface: s.crashSection(), ReportNotes: s.crashNotes(), Commands: s.commands,
	})
	// In one-child mode finish is only reached after a crash or a
	// handover: the first child's own exit code passes through when it
	// finishes. In process mode it ends every run.
	out := result.Outcome{Code: exitcode.Crashed, Closing: v.CountsLine(nil)}
	procs := s.set.Isolation == config.IsolationProcess
	switch {
	case s.signal != 0:
		out.Code = s.signal
	case len(s.crashes) > 0:
	case s.timedOut:
		out.Code = exitcode.Timeout
	case s.writeFailed, procs && err != nil: // a journal or the reports
		out.Code = exitcode.Reports
	case !procs && !s.deferred:
	case s.failCode != 0:
		out.Code = s.failCode
	case !run.OK(), s.set.UnusedFail && len(v.Unused) > 0:
		out.Code = exitcode.Failed
	default:
		out.Code = exitcode.OK
	}
	if s.signal == 0 && s.interrupted(ctx) {
		out.Code = s.signal
	}
	return out
}

// interrupted tells whether the run was interrupted between two children
// (the context ended, or a signal came): nothing more is started, and the
// scenarios not run are reported interrupted with exit code 130 or 143.
func (s *supervisor) interrupted(ctx context.Context) bool {
	if s.signal != 0 {
		return true
	}
	select {
	case sig := <-s.o.Signals:
		s.record(sig)
	default:
		if ctx.Err() != nil {
			s.record(os.Interrupt)
		}
	}
	return s.signal != 0
}

// pastDeadline stops the run when BDD_DEADLINE has passed between two
// children; each child gets what is left of it.
func (s *supervisor) pastDeadline() bool {
	if s.set.Deadline <= 0 || time.Since(s.start) < s.set.Deadline {
		return false
	}
	s.stop = fmt.Sprintf("not run: the run deadline passed (BDD_DEADLINE=%s)", s.set.Deadline)
	s.timedOut, s.deadline = true, true
	return true
}

// crashNotes are the crash section as one line per crash, for the reports.
func (s *supervisor) crashNotes() []string {
	var notes []string
	for _, c := range s.crashes {
		notes = append(notes, fmt.Sprintf("crash: attempt %d: the feature runner %s while running %s",
			c.attempt, c.how, orNone(c.running)))
	}
	return notes
}

// crashSection is printed before the summary: every crash, what was
// running, and the child's last stderr lines.
func (s *supervisor) crashSection() string {
	if len(s.crashes) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Crashes (%d): the feature runner died before finishing; results from the journal were kept\n\n", len(s.crashes))
	for _, c := range s.crashes {
		fmt.Fprintf(&b, "attempt %d: the feature runner %s\n", c.attempt, c.how)
		fmt.Fprintf(&b, "    running: %s\n", console.Neutral(orNone(c.running)))
		b.WriteString("    stderr:  ")
		b.WriteString(strings.Join(console.Lines(c.tail), "\n             "))
		b.WriteString("\n\n")
	}
	return b.String()
}

func orNone(locs []string) string {
	if len(locs) == 0 {
		return "no scenario"
	}
	return strings.Join(locs, ", ")
}

// describe says how a child ended that did not finish its run.
func describe(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return fmt.Sprintf("was killed by signal %d (%v)", int(ws.Signal()), ws.Signal())
		}
		return fmt.Sprintf("exited with status %d before finishing", ee.ExitCode())
	}
	if err != nil {
		return "failed: " + err.Error()
	}
	return "exited with status 0 before finishing (os.Exit in step code?)"
}

// exitCode is the child's exit status, -1 when a signal ended it.
func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// childExit is the outcome of a child that finished: its exit code (from
// the process, which a signal may have changed after the done event) and
// its closing line.
func childExit(err error, done journal.Done) (result.Outcome, error) {
	if code := exitCode(err); code >= 0 {
		return result.Outcome{Code: code, Closing: done.Closing}, nil
	}
	return result.Outcome{}, exitcode.New(exitcode.Crashed, "the feature runner %s", describe(err))
}
