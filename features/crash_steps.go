package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/supervise"
	"github.com/mushbdd/mush/internal/view"
)

// crashSuiteBinary is the fixture feature runner (internal/fixtures/crashsuite),
// built once per run of the features: crash scenarios must take down a
// real child process, never this one.
var crashSuiteBinary = sync.OnceValues(func() (string, error) { return buildCrashSuite() })

// crashSuiteCoverBinary is the same runner built with coverage instrumentation.
var crashSuiteCoverBinary = sync.OnceValues(func() (string, error) {
	return buildCrashSuite("-cover", "-covermode=atomic", "-coverpkg=github.com/mushbdd/mush/internal/...")
})

func buildCrashSuite(flags ...string) (string, error) {
	dir, err := os.MkdirTemp("", "mush-crashsuite-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "crashsuite")
	args := append(append([]string{"build"}, flags...), "-o", path, "./internal/fixtures/crashsuite")
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the fixture runner: %v\n%s", err, out)
	}
	return path, nil
}

// runMarker tells the children of one scenario apart from any other
// process, so that leftovers can be found.
var runMarker atomic.Int64

// crashSteps are the steps of the crash, timeout and interrupt features:
// they run the fixture suite in a supervised child process.
func crashSteps(sc *godog.ScenarioContext, shared *world) {
	w := &crashRun{world: shared}
	isolationSteps(sc, w)
	sc.Step(`^the supervised fixture runner runs "([^"]*)" with (\d+) workers?$`, func(paths string, n int) error {
		return w.runSupervised(paths, n, nil)
	})
	sc.Step(`^the supervised fixture runner runs "([^"]*)" with (\d+) workers? and gets (SIGINT|SIGTERM) once (\d+) scenarios? finished and (\d+) (?:is|are) running$`,
		func(paths string, n int, sig string, finished, running int) error {
			return w.runSupervised(paths, n, &interrupt{sig: sig, finished: finished, running: running})
		})
	sc.Step(`^the supervised fixture runner runs "([^"]*)" with (\d+) workers? and gets (SIGINT|SIGTERM) before attempt (\d+)$`,
		func(paths string, n int, sig string, attempt int) error {
			return w.runSupervised(paths, n, &interrupt{sig: sig, beforeAttempt: attempt})
		})
	sc.Step(`^scenario "([^"]*)" is (crashed|timed out)$`, func(name, status string) error {
		return w.scenarioIs(name, strings.ReplaceAll(status, " ", "_"))
	})
	sc.Step(`^(\d+) scenarios are (passed|skipped|crashed)$`, w.countIs)
	sc.Step(`^the summary is shown once$`, w.summaryOnce)
	sc.Step(`^the fixture runner is built for coverage$`, func() { w.cover = true })
	sc.Step(`^the fixture runner starts in an empty directory$`, func() { w.fresh = true })
	sc.Step(`^every child process that finished a scenario wrote coverage counters$`, w.counterProcesses)
	sc.Step(`^the results file lists (\d+) scenarios$`, w.resultsList)
	sc.Step(`^no process of that run is left$`, w.noLeftover)
}

// crashRun is the world of a scenario plus what a supervised run adds.
type crashRun struct {
	*world
	marker string // in the environment of every child of the run
	cover  bool   // run the instrumented fixture runner
	// fresh starts each run in an empty working directory of its own
	// (paths in the module stay what they name): the shared-state
	// fixtures write relative to it.
	fresh bool
}

// interrupt is a signal the supervised run gets at a moment given by a
// handshake: once the first child's journal shows that many scenarios
// finished and that many running, or just before the given attempt starts.
type interrupt struct {
	sig               string
	finished, running int
	beforeAttempt     int
}

// runSupervised runs the fixture runner on paths through supervise.Run, as
// `go tool mage unitTests` does, with the scenario's variables.
func (w *crashRun) runSupervised(paths string, workers int, intr *interrupt) error {
	if w.run.Scenarios != nil {
		w.previous = append(w.previous, w.run)
	}
	build := crashSuiteBinary
	if w.cover {
		build = crashSuiteCoverBinary
	}
	bin, err := build()
	if err != nil {
		return err
	}
	if w.dir == "" {
		if w.dir, err = os.MkdirTemp("", "mush-feature-"); err != nil {
			return err
		}
	}
	w.marker = fmt.Sprintf("%d-%d", os.Getpid(), runMarker.Add(1))
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	paths, dir := w.abs(paths), wd
	if w.fresh {
		if dir, err = os.MkdirTemp(w.dir, "wd-"); err != nil {
			return err
		}
		entries, err := view.SplitPaths(paths)
		if err != nil {
			return err
		}
		for i, e := range entries {
			name, at := strings.CutPrefix(e, "@") // a rerun file
			if !filepath.IsAbs(name) {
				entries[i] = filepath.Join(wd, name)
				if at {
					entries[i] = "@" + entries[i]
				}
			}
		}
		paths = view.JoinPaths(entries)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BDD_") && !strings.HasPrefix(kv, "MUSH_") {
			env = append(env, kv)
		}
	}
	env = append(env,
		"BDD_PATHS="+paths,
		"BDD_REPORTS_DIR="+filepath.Join(w.dir, "reports"),
		"BDD_TIMINGS="+filepath.Join(w.dir, "timings.json"),
		"MUSH_RERUN=go tool mage unitTests",
		"MUSH_FEATURE_RUN="+w.marker,
	)
	if workers > 0 { // 0: process mode's default
		env = append(env, "BDD_WORKERS="+strconv.Itoa(workers))
	}
	for k, v := range w.env {
		env = append(env, k+"="+v)
	}
	if w.cover {
		covdir := filepath.Join(w.dir, "covdata")
		if err := os.MkdirAll(covdir, 0o755); err != nil {
			return err
		}
		env = append(env, "GOCOVERDIR="+covdir)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	signals := make(chan os.Signal, 1)
	send := func() {
		if intr.sig == "SIGTERM" {
			signals <- syscall.SIGTERM
		} else {
			cancel()
		}
	}
	var out, errOut bytes.Buffer
	opts := supervise.Options{Bin: bin, Dir: dir, Env: env, Stdout: &out, Stderr: &errOut, Signals: signals}
	switch {
	case intr == nil:
	case intr.beforeAttempt > 0:
		opts.BeforeAttempt = func(n int) {
			if n == intr.beforeAttempt {
				send()
			}
		}
	default:
		stop, waited := make(chan struct{}), make(chan struct{})
		defer func() { close(stop); <-waited }()
		go func() {
			defer close(waited)
			if waitForJournal(filepath.Join(w.dir, "reports", "journal.ndjson"), intr.finished, intr.running, stop) {
				send()
			}
		}()
	}
	res, err := supervise.Run(ctx, opts)
	if err == nil {
		err = res.Err()
	}
	w.code = exitcode.Code(err)
	w.stdout, w.stderr = w.rel(out.String()), w.rel(errOut.String())
	if w.fresh {
		w.stdout, w.stderr = strings.ReplaceAll(w.stdout, wd+"/", ""), strings.ReplaceAll(w.stderr, wd+"/", "")
	}
	if err != nil && !exitcode.IsReported(err) {
		w.stderr += "mush: " + err.Error() + "\n"
	}
	w.run = result.Run{}
	f, err := os.Open(filepath.Join(w.dir, "reports", report.ResultsFile))
	if err != nil {
		return nil
	}
	defer f.Close()
	if w.run, err = report.ReadJSON(f); err != nil {
		return fmt.Errorf("results.json: %w", err)
	}
	return nil
}

func (w *crashRun) countIs(n int, status string) error {
	if got := w.run.Count()[result.Status(status)]; got != n {
		return fmt.Errorf("%d scenarios are %s, want %d\n%s", got, status, n, w.stdout)
	}
	return nil
}

// waitForJournal polls the journal at path until it shows finished
// scenarios finished and running ones running (true), or stop closes.
func waitForJournal(path string, finished, running int, stop <-chan struct{}) bool {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if st := journal.ReadState(path); len(st.Finished) == finished && len(st.Running) == running {
			return true
		}
		select {
		case <-tick.C:
		case <-stop:
			return false
		}
	}
}

func (w *crashRun) summaryOnce() error {
	if n := strings.Count(w.stdout, "\nscenarios: "); n != 1 {
		return fmt.Errorf("the summary is shown %d times:\n%s", n, w.stdout)
	}
	return nil
}

func (w *crashRun) resultsList(n int) error {
	if len(w.run.Scenarios) != n {
		return fmt.Errorf("results.json lists %d scenarios, want %d", len(w.run.Scenarios), n)
	}
	return nil
}

// noLeftover looks for any process still carrying the run's marker.
func (w *crashRun) noLeftover() error {
	if pid := leftover("environ", "MUSH_FEATURE_RUN="+w.marker+"\x00"); pid != "" {
		return fmt.Errorf("process %s of the run is still there", pid)
	}
	return nil
}

// counterProcesses checks that coverage counter files in the run's
// GOCOVERDIR come from as many processes (the pid is part of each name) as
// the supervisor started children that finished a scenario: the first
// child plus each attempt-N reports directory whose journal has a finished
// scenario. A child writes its counters as scenarios finish, before it
// journals the finish, so one that crashed on its first scenario has none
// to give, and one that crashed between writing and journalling has given
// them without a journalled finish: at least one counter file per child
// that journalled a finish, at most one per child started.
func (w *crashRun) counterProcesses() error {
	pids, err := w.counterPids()
	if err != nil {
		return err
	}
	attempts, err := filepath.Glob(filepath.Join(w.dir, "reports", "attempt-*"))
	if err != nil {
		return err
	}
	finished := 0
	for _, dir := range append([]string{filepath.Join(w.dir, "reports")}, attempts...) {
		if len(journal.ReadState(filepath.Join(dir, "journal.ndjson")).Finished) > 0 {
			finished++
		}
	}
	if len(attempts) == 0 || finished < 2 || len(pids) < finished || len(pids) > len(attempts)+1 {
		return fmt.Errorf("coverage counters from %d processes, but %d of the %d children the supervisor started finished a scenario",
			len(pids), finished, len(attempts)+1)
	}
	return nil
}

// counterPids is the set of processes (by pid, part of each file's name)
// that wrote coverage counter files into the run's GOCOVERDIR.
func (w *crashRun) counterPids() (map[string]bool, error) {
	entries, err := os.ReadDir(filepath.Join(w.dir, "covdata"))
	if err != nil {
		return nil, err
	}
	pids := map[string]bool{}
	for _, e := range entries {
		if parts := strings.Split(e.Name(), "."); parts[0] == "covcounters" && len(parts) == 4 {
			pids[parts[2]] = true
		}
	}
	return pids, nil
}
