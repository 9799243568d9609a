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
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/supervise"
)

// crashSuite is the fixture feature runner (internal/fixtures/crashsuite),
// built once per run of the features: crash scenarios must take down a
// real child process, never this one.
var crashSuite struct {
	once sync.Once
	path string
	err  error
}

func crashSuiteBinary() (string, error) {
	crashSuite.once.Do(func() {
		dir, err := os.MkdirTemp("", "mush-crashsuite-")
		if err != nil {
			crashSuite.err = err
			return
		}
		crashSuite.path = filepath.Join(dir, "crashsuite")
		out, err := exec.Command("go", "build", "-o", crashSuite.path, "./internal/fixtures/crashsuite").CombinedOutput()
		if err != nil {
			crashSuite.err = fmt.Errorf("building the fixture runner: %v\n%s", err, out)
		}
	})
	return crashSuite.path, crashSuite.err
}

// runMarker tells the children of one scenario apart from any other
// process, so that leftovers can be found.
var runMarker atomic.Int64

// crashSteps are the steps of the crash, timeout and interrupt features:
// they run the fixture suite in a supervised child process.
func crashSteps(sc *godog.ScenarioContext, shared *world) {
	w := &crashRun{world: shared}
	sc.Step(`^the supervised fixture runner runs "([^"]*)" with (\d+) workers?$`, func(paths string, n int) error {
		return w.runSupervised(paths, n, nil)
	})
	sc.Step(`^the supervised fixture runner runs "([^"]*)" with (\d+) workers? and gets (SIGINT|SIGTERM) after (\d+)ms$`,
		func(paths string, n int, sig string, ms int) error {
			return w.runSupervised(paths, n, &interrupt{sig: sig, after: time.Duration(ms) * time.Millisecond})
		})
	sc.Step(`^scenario "([^"]*)" is (crashed|timed out)$`, func(name, status string) error {
		return w.scenarioIs(name, strings.ReplaceAll(status, " ", "_"))
	})
	sc.Step(`^(\d+) scenarios are (passed|skipped|crashed)$`, w.countIs)
	sc.Step(`^at least (\d+) scenarios are (passed|skipped)$`, w.countAtLeast)
	sc.Step(`^the summary is shown once$`, w.summaryOnce)
	sc.Step(`^the results file lists (\d+) scenarios$`, w.resultsList)
	sc.Step(`^no process of that run is left$`, w.noLeftover)
	sc.Step(`^the run took less than (\d+) seconds$`, func(s int) error {
		if w.took >= time.Duration(s)*time.Second {
			return fmt.Errorf("the run took %s", w.took)
		}
		return nil
	})
}

// crashRun is the world of a scenario plus what a supervised run adds.
type crashRun struct {
	*world
	marker string        // in the environment of every child of the run
	took   time.Duration // how long supervise.Run took
}

// interrupt is a signal the supervised run gets after a while.
type interrupt struct {
	sig   string
	after time.Duration
}

// runSupervised runs the fixture runner on paths through supervise.Run, as
// `go tool mage unitTests` does, with the scenario's variables.
func (w *crashRun) runSupervised(paths string, workers int, intr *interrupt) error {
	bin, err := crashSuiteBinary()
	if err != nil {
		return err
	}
	if w.dir == "" {
		if w.dir, err = os.MkdirTemp("", "mush-feature-"); err != nil {
			return err
		}
	}
	w.marker = fmt.Sprintf("%d-%d", os.Getpid(), runMarker.Add(1))
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
		"BDD_WORKERS="+strconv.Itoa(workers),
		"MUSH_RERUN=go tool mage unitTests",
		"MUSH_FEATURE_RUN="+w.marker,
	)
	for k, v := range w.env {
		env = append(env, k+"="+v)
	}
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	signals := make(chan os.Signal, 1)
	if intr != nil {
		t := time.AfterFunc(intr.after, func() {
			if intr.sig == "SIGTERM" {
				signals <- syscall.SIGTERM
			} else {
				cancel()
			}
		})
		defer t.Stop()
	}
	var out, errOut bytes.Buffer
	start := time.Now()
	err = supervise.Run(ctx, supervise.Options{
		Bin: bin, Dir: wd, Env: env, Stdout: &out, Stderr: &errOut, Signals: signals,
	})
	w.took = time.Since(start)
	w.code = exitcode.Code(err)
	w.stdout, w.stderr = out.String(), errOut.String()
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

func (w *crashRun) countAtLeast(n int, status string) error {
	if got := w.run.Count()[result.Status(status)]; got < n {
		return fmt.Errorf("%d scenarios are %s, want at least %d\n%s", got, status, n, w.stdout)
	}
	return nil
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
	procs, _ := filepath.Glob("/proc/[0-9]*/environ")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err == nil && bytes.Contains(b, []byte("MUSH_FEATURE_RUN="+w.marker+"\x00")) {
			return fmt.Errorf("process %s of the run is still there", filepath.Base(filepath.Dir(p)))
		}
	}
	return nil
}
