package runner

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/mushbdd/mush/internal/adapt"
	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/console"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/finish"
	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/runlock"
	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/supervise"
)

// Env is the outside world of one run: where settings come from and where
// output goes. Tests build one; Main uses the process's.
type Env struct {
	Getenv         func(string) string
	Stdout, Stderr io.Writer
	// Terminal reports whether Stdout is a terminal (live progress, colour).
	Terminal bool
	// Grace is how long running scenarios may still take after the run was
	// stopped by an interrupt, a timeout or the deadline (Grace when 0).
	Grace time.Duration
	// Observer, when set, is also told about every scenario, before the
	// journal and the progress line are (Main uses it to flush coverage
	// counters as scenarios finish).
	Observer Observer
	// Filter, when set, chooses among the selected scenarios, given every
	// scenario of the files the paths reach (discover.SelectOptions);
	// mush.Test applies go test's -run and -skip this way. When it keeps
	// none, Run returns an outcome with no closing line and runs nothing.
	Filter func(every []discover.Scenario) func(discover.Scenario) bool
	// Wrap, when set, runs each scenario: it must call run once, on the
	// calling goroutine or one it waits for, and return run's result
	// (mush.Test makes each scenario a go test subtest this way).
	Wrap func(sc discover.Scenario, run func() result.Scenario) result.Scenario
	// Start, when set, is how the run was started (mush.Test: go test);
	// unset, config.Rerun reads it from the environment. Rerun, when set,
	// is the command that reruns one failed scenario (view.Options.RerunFor).
	Start result.Start
	Rerun func(result.Scenario) string
	// Meter and Cores, when set, replace the readings of this process and
	// its GOMAXPROCS for BDD_WORKERS=auto (tests drive the controller).
	Meter func() adapt.Reading
	Cores int
	// Profile makes the run write the CPU profile MUSH_CPUPROFILE names
	// (Main sets it; in-process callers have go test's own -cpuprofile).
	Profile bool
	// Dir is the directory the settings' relative paths are read from, and
	// locations and report paths are shown relative to: the directory the
	// user ran the command in (mush.Test: the module root); empty, the
	// working directory. Under a supervisor it is config.DirVar, the
	// supervisor's. Every path is made absolute when the run starts, so a
	// BeforeSuite that changes the working directory moves nothing.
	Dir string
	// Serve, when set, makes the run a worker process of process mode
	// (serve.go): it runs the locations read from Serve, writes its
	// journal on Stdout, and prints nothing else.
	Serve io.Reader
	// Args and Environ start this program again as a worker process when
	// the run supervises them (superviseSelf); Signals, when set, are
	// forwarded to them (Main's SIGINT and SIGTERM).
	Args, Environ []string
	Signals       <-chan os.Signal
}

// Grace is the default time running scenarios get to finish after an
// interrupt, a timeout or the run deadline, before they are abandoned and
// the partial summary is printed. It stays below Mage's 5 s cleanup window,
// so an interrupted `go tool mage unitTests` still shows its summary.
const Grace = 3 * time.Second

// Main runs the suite as a program: settings from the environment, output
// on the terminal, and os.Exit with the documented code. The first SIGINT or
// SIGTERM stops handing out scenarios and ends with a partial summary and
// the reports (exit 130 or 143); a second one ends the process at once.
// Every way out is a return through os.Exit, never a default-handled
// signal, so coverage counters of an instrumented binary are written.
// Each option changes the run's Env before it starts (mush.Test as the
// feature runner gives its settings' defaults and directory).
func Main(s Suite, options ...func(*Env)) {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	env := Env{
		Getenv:   os.Getenv,
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		Terminal: config.Terminal(os.Stdout),
		Profile:  true,
		Args:     os.Args[1:],
		Environ:  os.Environ(),
	}
	if os.Getenv(config.ServeVar) != "" {
		env.Serve = os.Stdin
	}
	for _, o := range options {
		o(&env)
	}
	if _, ok := processMode(env); ok { // the worker processes get the signals
		env.Signals = sigs
		os.Exit(ExitCode(Run(context.Background(), s, env)))
	}
	// The counters are written as the process exits, after the last
	// snapshot is removed (covflush.go).
	flusher := &coverageFlusher{every: CoverageFlush, off: true}
	if dir := os.Getenv("GOCOVERDIR"); dir != "" { // a BeforeSuite that changes directory must not move it
		flusher.dir, _ = filepath.Abs(dir)
		flusher.off = false
		env.Observer = flusher
	}
	ctx, cancel := context.WithCancel(context.Background())
	var code atomic.Int32
	go func() {
		code.Store(int32(signalCode(<-sigs)))
		cancel()
		if Interrupted != nil {
			Interrupted()
		}
		sig := <-sigs
		fmt.Fprintf(os.Stderr, "mush: second %v: stopping at once\n", sig)
		flusher.Close()
		os.Exit(int(code.Load()))
	}()
	out, err := Run(ctx, s, env)
	status := ExitCode(out, err)
	if ctx.Err() != nil {
		status = int(code.Load())
	}
	flusher.Close()
	os.Exit(status)
}

// Interrupted, when set (by a test, before Main), is called once the first
// signal has stopped a goroutine-mode run. Main acts on a signal in its own
// goroutine, so a test that signals at a chosen moment waits for this before
// letting the run go on; else the run may end first and exit with its own code.
var Interrupted func()

// signalCode is the exit code of a run stopped by sig: 143 for SIGTERM,
// 130 for SIGINT.
func signalCode(sig os.Signal) int {
	if sig == syscall.SIGTERM {
		return exitcode.SIGTERM
	}
	return exitcode.SIGINT
}

// Run runs the suite once and returns how it ended. An error is a run
// that could not be made: bad settings or paths (exit code 2, before any
// scenario runs) or a failed suite setup (exit code 1); ExitCode gives the
// code either way. An error, or the reason nothing ran, is also shown on
// Stderr as "mush: " lines; the outcome's closing line ends the summary.
func Run(ctx context.Context, s Suite, env Env) (result.Outcome, error) {
	if set, ok := processMode(env); ok {
		out, err := superviseSelf(ctx, env, set)
		if err != nil && !exitcode.IsReported(err) {
			console.Errorln(env.Stderr, err.Error())
		}
		return out, err
	}
	var commands *report.Commands // inside GitHub Actions: stopped while the run prints
	if env.Serve == nil {
		commands = report.StopCommands(env.Getenv, env.Stdout)
	}
	out, err := run(ctx, s, env, commands)
	why := out.Reason
	if err != nil {
		why = err.Error()
	}
	if why != "" && (err == nil || !exitcode.IsReported(err)) {
		console.Errorln(env.Stderr, why)
	}
	commands.Resume(env.Stderr) // after the last line it printed there
	return out, err
}

// ExitCode is the exit code of what Run returned.
func ExitCode(out result.Outcome, err error) int {
	if err != nil {
		return exitcode.Code(err)
	}
	return out.Code
}

func run(ctx context.Context, s Suite, env Env, commands *report.Commands) (out result.Outcome, err error) {
	dir, err := runDir(env)
	if err != nil {
		return out, err
	}
	set, err := config.NewEnv(nil).Under(env.Getenv).In(dir).Load(config.Run)
	if errors.Is(err, config.ErrNothingToRerun) {
		return result.Outcome{Code: exitcode.OK, Reason: err.Error()}, nil
	}
	if err != nil {
		return out, err
	}
	if env.Profile {
		defer startProfile(set.CPUProfile, env.Stderr)()
	}
	attempt, supervised := set.Attempt, set.Supervised
	if !supervised { // a supervisor holds the lock for its runners
		release, err := runlock.Take(set.ReportsDir)
		if err != nil {
			return out, err
		}
		defer release()
	}
	sel, err := discover.Select(set, discover.SelectOptions{Filter: env.Filter, Shard: attempt == 1, Root: dir})
	if err != nil {
		return out, err
	}
	for _, w := range sel.Warnings {
		console.Errorln(env.Stderr, "warning: "+w)
	}
	if sel.Selected == 0 { // the caller's filter kept nothing: it says so
		return out, nil
	}
	if set.DryRun { // before anything is written
		return dryRun(s, env, set, sel, dir)
	}
	if attempt == 1 { // a later attempt runs exactly the paths it is given
		if err := shardFiles(set, sel.Manifest, env.Getenv); err != nil {
			return out, err
		}
	}
	found, keys := sel.Scenarios, sel.Keys

	var jw *journal.Writer
	var served *feed
	if env.Serve != nil {
		jw, served = journal.NewWriter(env.Stdout), newFeed(env.Serve, found)
		env.Stdout = io.Discard
	} else if jw, err = journal.Create(filepath.Join(set.ReportsDir, journal.File)); err != nil {
		return out, exitcode.Misusef("BDD_REPORTS_DIR=%q: cannot write the journal: %w", config.Shown(dir, set.ReportsDir), err)
	}
	// The journal's last line says the run finished, so a supervisor tells
	// a dead process, or a journal that stopped short (exit 7), from a run.
	handover, diagnose := false, false
	var shown error // the journal's failure, once said
	show := func() {
		if jerr := jw.Err(); jerr != nil && shown == nil {
			fmt.Fprintln(env.Stderr, "mush: "+jerr.Error())
			shown = jerr
		}
	}
	defer func() {
		if jw.Err() == nil {
			jw.Done(journal.Done{Code: ExitCode(out, err), Closing: out.Closing, Handover: handover, Diagnose: diagnose}, time.Now())
		}
		jw.Close()
		show()
		switch { // exit code 7 whatever the verdict, unless interrupted
		case shown == nil, ctx.Err() != nil, out.Code == exitcode.SIGINT:
		case err != nil:
			err = &exitcode.Error{Code: exitcode.Reports, Err: err, Reported: exitcode.IsReported(err)}
		default:
			out.Code = exitcode.Reports
		}
	}()
	orderText := describeOrder(sel.Seed, set.FileOrder, config.Shown(dir, set.Timings), len(sel.History) > 0)
	pl := journal.Plan{Seed: sel.Seed, Workers: min(set.WorkerBound(), len(found)), Order: orderText, Scenarios: make([]result.Scenario, len(found))}
	for i, sc := range found {
		pl.Scenarios[i] = skeleton(sc)
	}
	pl.Definitions, pl.Complete = usageOf(s, set, env, dir, attempt)
	if served != nil {
		pl.Queue = sel.Order
	}
	jw.Plan(pl, time.Now())
	pl.Scenarios = nil // written; the run keeps its own records
	// The progress line's estimate and auto's limit on useful workers read
	// the backlog; none when the history knows no scenario of the run.
	backlog := newBacklog(keys, sel.History)
	// The history is read again at the end (finish): held through the run,
	// its maps by location would be marked at every collection.
	sel.History, sel.CPU = nil, nil
	progress := finish.Progress(env.Stdout, len(found), min(set.Workers, len(found)), set, env.Getenv, env.Terminal, backlog)
	// The outside observer hears of a finish before the journal does: the
	// coverage flusher writes a process's first counters before its first
	// finished scenario is journalled, so a child that dies right after a
	// journalled finish has still given its coverage.
	obs := watchers{env.Observer, progress, jw}
	var (
		runRes result.Run
		why    int32
	)
	if len(found) > 0 {
		runRes, why, err = execute(ctx, s, plan{
			scenarios: found, keys: keys, order: sel.Order, workers: set.Workers, maxWorkers: set.MaxWorkers, failFast: set.FailFast, retry: set.Retry,
			attempt: attempt, timeout: set.Timeout, deadline: set.Deadline, left: set.DeadlineLeft, grace: cmp.Or(env.Grace, Grace),
			sample: true, wrap: env.Wrap, backlog: backlog, feed: served, firstWorker: firstWorker(env, set),
			meter: env.Meter, cores: env.Cores,
		}, obs)
	} else { // an empty shard: say so, and pass with 0 scenarios
		fmt.Fprintf(env.Stdout, "shard %s: no scenario to run: the split gave all %d selected scenarios to the other shards\n", set.Shard, sel.Selected)
		runRes.Started = time.Now()
	}
	progress.Close()
	if err != nil { // a *SetupError: no scenario ran
		return out, exitcode.New(exitcode.Failed, "%w", err)
	}
	runRes.Seed, runRes.Rerun = sel.Seed, env.Start
	runRes.Definitions, runRes.Complete = pl.Definitions, pl.Complete && why == stopNone
	if served != nil { // the supervisor merges the results
		return servedExit(ctx, why, runRes, served)
	}
	if supervised && why == stopTimeout && ctx.Err() == nil {
		// A goroutine is stuck: the supervisor replaces this process and
		// runs the scenarios not started in a fresh one.
		runRes, handover = startedOnly(runRes)
	}
	// Failures among scenarios side by side: the supervisor runs them
	// again alone, then prints the summary and rewrites the reports.
	diagnose = supervised && attempt == 1 && !handover && ctx.Err() == nil && why == stopNone &&
		len(supervise.Suspects(runRes, set.Alone)) > 0
	show() // before the summary, whose closing line stays the last
	v, err := finish.Run(runRes, finish.Options{
		Settings: set, Getenv: env.Getenv, Stdout: env.Stdout, Stderr: env.Stderr, Terminal: env.Terminal,
		Order: orderText, RerunFor: env.Rerun, Dir: dir,
		Quiet: attempt > 1 || handover || diagnose, // the supervisor prints the summary
		Shard: shardLine(set, len(found), sel.Selected), Commands: commands,
	})
	out = result.Outcome{Code: runCode(ctx, why, runRes, err, set.UnusedFail && len(v.Unused) > 0)}
	if attempt == 1 && !handover && !diagnose { // the closing line it printed
		out.Closing = v.CountsLine(nil)
	}
	return out, nil
}

// runCode is the exit code of a run that ended: interrupted, timed out,
// with its summary shown but its reports not all written (err), failed, or
// with a step definition no step uses under BDD_UNUSED=fail (unused).
func runCode(ctx context.Context, why int32, run result.Run, err error, unused bool) int {
	switch {
	case ctx.Err() != nil || why == stopInterrupt:
		return exitcode.SIGINT
	case why == stopTimeout, why == stopDeadline:
		return exitcode.Timeout
	case err != nil:
		return exitcode.Reports
	case !run.OK() || unused:
		return exitcode.Failed
	}
	return exitcode.OK
}

// runDir is the run's directory (Env.Dir), absolute.
func runDir(env Env) (string, error) {
	dir := env.Dir
	if env.Getenv(config.AttemptVar) != "" { // a supervisor's, never one left in the environment
		dir = env.Getenv(config.DirVar)
	}
	abs, err := filepath.Abs(dir) // "": the working directory
	if err != nil {
		return "", exitcode.Misusef("cannot find the working directory: %v", err)
	}
	return abs, nil
}

// usageOf is the suite's step definitions (none when godog's cannot be
// read), and whether the run selects every scenario of its feature
// directories, so that a definition no step uses is unused by the suite.
// A later attempt has none: its supervisor reads only the first plan.
func usageOf(s Suite, set config.Settings, env Env, dir string, attempt int) ([]result.Definition, bool) {
	if attempt > 1 {
		return nil, false
	}
	defs, err := stepDefs(s, dir)
	if err != nil {
		return nil, false
	}
	complete := set.Tags == "" && !set.Shard.Sharded() && env.Filter == nil
	paths := set.Paths
	if len(paths) == 0 {
		paths = []string{discover.DefaultPath}
	}
	for _, p := range paths {
		if fi, err := os.Stat(config.Under(dir, p)); err != nil || !fi.IsDir() {
			complete = false
		}
	}
	out := make([]result.Definition, len(defs))
	for i, d := range defs {
		out[i] = d.Definition
	}
	return out, complete
}

// newBacklog follows what the timing history says the scenarios at keys
// take; nil when it knows none of them.
func newBacklog(keys []string, history schedule.History) *schedule.Backlog {
	expected, known := make([]time.Duration, len(keys)), false
	for k, key := range keys {
		expected[k] = schedule.Unknown
		if sec, ok := history[key]; ok {
			expected[k], known = time.Duration(sec*float64(time.Second)), true
		}
	}
	if !known {
		return nil
	}
	return schedule.NewBacklog(expected)
}

// describeOrder is the summary's order line: how the scenarios were
// ordered, and the setting that gives another order (finish adds whether
// it changed since the last run).
func describeOrder(seed int64, fileOrder bool, timings string, known bool) string {
	switch {
	case seed != 0:
		return fmt.Sprintf("%s %d (BDD_SEED=%d repeats it)", schedule.Shuffled, seed, seed)
	case fileOrder:
		return schedule.FileOrder + " (BDD_ORDER=file)"
	case known:
		return schedule.LongestFirst + ", from the timing history " + timings + " (BDD_ORDER=file keeps file order)"
	}
	return schedule.FileOrder + " (no timing history yet at " + timings + "; later runs go longest first unless BDD_ORDER=file)"
}

// watchers tell the outside observer (when set), the progress line and
// the journal, in that order.
type watchers struct {
	outer    Observer
	progress *console.Progress
	jw       *journal.Writer
}

func (w watchers) ScenarioStarted(loc string, worker int) {
	if w.outer != nil {
		w.outer.ScenarioStarted(loc, worker)
	}
	w.progress.ScenarioStarted(loc, worker)
	w.jw.Start(loc, worker, time.Now())
}

func (w watchers) ScenarioFinished(s result.Scenario) {
	if w.outer != nil {
		w.outer.ScenarioFinished(s)
	}
	w.progress.ScenarioFinished(s)
	w.jw.Finish(s, time.Now())
}

// startedOnly drops the scenarios a timeout kept from starting, and the
// note about them, which a fresh runner will run; false when every one
// started.
func startedOnly(run result.Run) (result.Run, bool) {
	kept := slices.DeleteFunc(slices.Clone(run.Scenarios), func(sc result.Scenario) bool { return sc.Error == timedOutReason })
	if len(kept) == len(run.Scenarios) {
		return run, false
	}
	run.Scenarios = kept
	run.Notes = slices.DeleteFunc(slices.Clone(run.Notes), func(n string) bool { return strings.HasSuffix(n, timedOutReason) })
	return run, true
}
