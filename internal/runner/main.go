package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/console"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/tagexpr"
)

// Env is the outside world of one run: where settings come from and where
// output goes. Tests build one; Main uses the process's.
type Env struct {
	Getenv         func(string) string
	Stdout, Stderr io.Writer
	// Terminal reports whether Stdout is a terminal (live progress, colour).
	Terminal bool
	// Now is the clock used for the random seed (time.Now when nil).
	Now func() time.Time
}

// RerunVar names the variable through which a Mage target tells the runner
// the command that reruns the suite (default "go tool mage unitTests").
const RerunVar = "MUSH_RERUN"

// Main runs the suite as a program: settings from the environment, output
// on the terminal, and os.Exit with the documented code. The first SIGINT or
// SIGTERM stops handing out scenarios and ends with a partial summary and
// the reports (exit 130 or 143); a second one ends the process at once.
func Main(s Suite) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	var code = make(chan int, 1)
	go func() {
		sig := <-sigs
		if sig == syscall.SIGTERM {
			code <- exitcode.SIGTERM
		} else {
			code <- exitcode.SIGINT
		}
		cancel()
		<-sigs
		os.Exit(<-code)
	}()
	status := Run(ctx, s, Env{
		Getenv:   os.Getenv,
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		Terminal: isatty.IsTerminal(os.Stdout.Fd()),
	})
	if ctx.Err() != nil {
		status = <-code
	}
	os.Exit(status)
}

// Run runs the suite once and returns the exit code. Bad settings or paths
// give one line on Stderr and exit code 2, before any scenario runs.
func Run(ctx context.Context, s Suite, env Env) int {
	if env.Now == nil {
		env.Now = time.Now
	}
	code, err := run(ctx, s, env)
	if err != nil && !exitcode.IsReported(err) {
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(env.Stderr, "mush: "+line)
		}
	}
	if err != nil {
		return exitcode.Code(err)
	}
	return code
}

func run(ctx context.Context, s Suite, env Env) (int, error) {
	set, err := config.Load(env.Getenv)
	if err != nil {
		return 0, err
	}
	if _, err := tagexpr.Parse(set.Tags); err != nil {
		return 0, exitcode.Misusef("BDD_TAGS: %v", err)
	}
	found, warnings, err := discover.Find(discover.Options{Paths: set.Paths, Tags: set.Tags})
	if err != nil {
		return 0, exitcode.Misusef("%v", err)
	}
	for _, w := range warnings {
		fmt.Fprintln(env.Stderr, "mush: warning: "+w)
	}
	if len(found) == 0 {
		return 0, exitcode.Misusef("BDD_TAGS=%q selects no scenario in %s (accepted: an expression that matches at least one scenario)",
			set.Tags, strings.Join(orFeatures(set.Paths), ", "))
	}

	history, herr := schedule.LoadHistory(set.Timings)
	if herr != nil {
		fmt.Fprintln(env.Stderr, "mush: warning: "+herr.Error())
	}
	seed := set.Seed
	if set.RandomSeed {
		seed = env.Now().UnixNano()%1_000_000_000 + 1
	}
	keys := make([]string, len(found))
	for i, sc := range found {
		keys[i] = sc.File + ":" + itoa(sc.Line)
	}
	order := schedule.Order(keys, history, seed)

	jw, err := journal.Create(set.Journal)
	if err != nil {
		return 0, exitcode.Misusef("BDD_REPORTS_DIR=%q: cannot write the journal: %v", set.ReportsDir, err)
	}
	defer jw.Close()
	colour := config.Colour(set, env.Getenv, env.Terminal)
	progress := console.NewProgress(env.Stdout, len(found), console.ProgressOptions{
		Color:     colour,
		Live:      env.Terminal && set.Format == config.FormatProgress,
		Pretty:    set.Format == config.FormatPretty,
		Heartbeat: heartbeat(env.Terminal),
	})
	obs := observers{progress, journalObserver{jw}}
	runRes, err := execute(ctx, s, plan{scenarios: found, order: order, workers: set.Workers, failFast: set.FailFast}, obs)
	progress.Close()
	var setup *SetupError
	if errors.As(err, &setup) {
		return 0, exitcode.New(exitcode.Failed, "%s", err)
	}
	runRes.Seed = seed

	for _, sc := range runRes.Scenarios {
		if sc.Duration > 0 {
			history.Record(sc.Location(), sc.Duration)
		}
	}
	if err := history.Save(set.Timings); err != nil {
		fmt.Fprintln(env.Stderr, "mush: warning: cannot save the timing history: "+err.Error())
	}
	paths, err := report.WriteAll(set.ReportsDir, runRes)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mush: cannot write the reports: "+err.Error())
	}
	rerun := env.Getenv(RerunVar)
	if rerun == "" {
		rerun = "go tool mage unitTests"
	}
	console.WriteSummary(env.Stdout, runRes, console.SummaryOptions{
		Color:   colour,
		Rerun:   rerun,
		Order:   describeOrder(seed, set.Timings, len(history) > 0),
		Reports: paths,
		Slowest: 10,
	})
	switch {
	case ctx.Err() != nil:
		return exitcode.SIGINT, nil
	case err != nil, !runRes.OK():
		return exitcode.Failed, nil
	}
	return exitcode.OK, nil
}

func heartbeat(terminal bool) time.Duration {
	if terminal {
		return 0
	}
	return 30 * time.Second
}

func describeOrder(seed int64, timings string, known bool) string {
	if seed != 0 {
		return fmt.Sprintf("shuffled with seed %d (BDD_SEED=%d repeats it)", seed, seed)
	}
	if known {
		return "longest first, from the timing history " + timings
	}
	return "file order (no timing history yet at " + timings + ")"
}

func orFeatures(paths []string) []string {
	if len(paths) == 0 {
		return []string{"features"}
	}
	return paths
}

// observers fans events out to several observers.
type observers []Observer

func (o observers) ScenarioStarted(loc string, worker int) {
	for _, x := range o {
		x.ScenarioStarted(loc, worker)
	}
}

func (o observers) ScenarioFinished(s result.Scenario) {
	for _, x := range o {
		x.ScenarioFinished(s)
	}
}

// journalObserver appends every start and finish to the results journal.
type journalObserver struct{ w *journal.Writer }

func (j journalObserver) ScenarioStarted(loc string, worker int) {
	j.w.Start(loc, worker, time.Now())
}

func (j journalObserver) ScenarioFinished(s result.Scenario) {
	j.w.Finish(s, time.Now())
}
