// Command benchsuite is the suite mush's benchmark runs: one binary, the
// same step definitions and suite setup, run as any of the contenders.
//
//	benchsuite mush                      mush (runner.Main; BDD_* variables)
//	benchsuite godog-seq PATH...         one godog.TestSuite, Concurrency 1
//	benchsuite godog-conc -n N PATH...   one godog.TestSuite, Concurrency N
//	benchsuite compute MS                 compute for MS ms and exit: the
//	                                      program a spawning step starts
//	benchsuite busy N                     keep N cores busy until standard
//	                                      input ends: the other process of
//	                                      the contended round
//
// BENCH_ITERS_PER_MS is the calibrated number of bench.Spin iterations per
// millisecond of CPU work; BENCH_SETUP_MS the suite setup paid once per
// process in BeforeSuite (default 150). The benchmark driver,
// internal/bench, builds and runs it; it is excluded from coverage.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/bench"
	"github.com/mushbdd/mush/internal/runner"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	iters, err := envFloat("BENCH_ITERS_PER_MS", 0)
	if err != nil || iters <= 0 {
		fmt.Fprintln(os.Stderr, "benchsuite: BENCH_ITERS_PER_MS: need a positive number of iterations per ms (run through go tool mage bench)")
		return 2
	}
	setup, err := envFloat("BENCH_SETUP_MS", 150)
	if err != nil || setup < 0 {
		fmt.Fprintln(os.Stderr, "benchsuite: BENCH_SETUP_MS: need a number of milliseconds >= 0")
		return 2
	}
	s := suite{itersPerMs: iters, setup: time.Duration(setup * float64(time.Millisecond))}
	const usage = "usage: benchsuite mush | godog-seq PATH... | godog-conc -n N PATH... | compute MS | busy N (N >= 1)"
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, usage)
		return 2
	}
	switch mode := args[0]; mode {
	case "compute", "busy":
		n, err := strconv.Atoi(args[len(args)-1])
		if len(args) != 2 || err != nil || n < 0 || mode == "busy" && n < 1 {
			fmt.Fprintln(os.Stderr, usage)
			return 2
		}
		if mode == "busy" {
			busy(n, os.Stdin, os.Stdout)
		} else {
			s.compute(n)
		}
		return 0
	case "mush":
		runner.Main(runner.Suite{TestSuiteInitializer: s.initSuite, ScenarioInitializer: s.initScenario})
		return 0
	case "godog-seq", "godog-conc":
		fs := flag.NewFlagSet(mode, flag.ContinueOnError)
		n := fs.Int("n", 1, "godog Options.Concurrency")
		if err := fs.Parse(args[1:]); err != nil {
			return 2
		}
		if mode == "godog-seq" {
			*n = 1
		}
		out := bufio.NewWriterSize(os.Stdout, 64<<10)
		defer out.Flush()
		return godog.TestSuite{
			Name:                 "bench",
			TestSuiteInitializer: s.initSuite,
			ScenarioInitializer:  s.initScenario,
			Options: &godog.Options{
				Format:      "progress",
				Paths:       fs.Args(),
				Concurrency: *n,
				Strict:      true,
				NoColors:    true,
				Output:      out,
			},
		}.Run()
	default:
		fmt.Fprintf(os.Stderr, "benchsuite: unknown mode %q (accepted: mush, godog-seq, godog-conc, compute, busy)\n", mode)
		return 2
	}
}

type suite struct {
	itersPerMs float64
	setup      time.Duration
}

// initSuite pays the suite setup once per process, as migrations or
// fixtures would.
func (s suite) initSuite(ts *godog.TestSuiteContext) {
	ts.BeforeSuite(func() { time.Sleep(s.setup) })
}

func (s suite) initScenario(sc *godog.ScenarioContext) {
	sc.Before(func(ctx context.Context, sc *godog.Scenario) (context.Context, error) {
		return shared.reset(ctx, sc.Id), nil
	})
	sc.Step(`^the shared context is fresh$`, func(ctx context.Context) error { return shared.check(ctx, 0, false) })
	sc.Step(`^I compute for (\d+) ms in the shared context$`, func(ctx context.Context, n int) error {
		s.compute(n)
		return shared.check(ctx, 0, true)
	})
	sc.Step(`^I wait for (\d+) ms in the shared context$`, func(ctx context.Context, n int) error {
		time.Sleep(time.Duration(n) * time.Millisecond)
		return shared.check(ctx, 0, true)
	})
	sc.Step(`^the shared context counts (\d+) steps$`, func(ctx context.Context, n int) error { return shared.check(ctx, n, false) })
	sc.Step(`^a fixture is ready$`, func() {})
	sc.Step(`^I compute for (\d+) ms$`, s.compute)
	sc.Step(`^a program computes for (\d+) ms$`, func(n int) error {
		// The program is this binary; it inherits BENCH_ITERS_PER_MS.
		out, err := exec.Command(os.Args[0], "compute", strconv.Itoa(n)).CombinedOutput()
		if err != nil {
			return fmt.Errorf("%v: %s", err, out)
		}
		return nil
	})
	sc.Step(`^I wait for (\d+) ms$`, func(n int) {
		time.Sleep(time.Duration(n) * time.Millisecond)
	})
	sc.Step(`^the outcome is recorded$`, func() {})
}

// sharedContext is the one package-level "feature context" of the shared
// corpus, reset by a Before hook for every scenario, as many real suites
// write it: two scenarios running at once in one process break each other,
// so only sequential godog and mush's process mode pass that corpus.
type sharedContext struct {
	mu       sync.Mutex
	scenario string // the scenario the last reset was for
	steps    int    // work steps done since
}

var shared sharedContext

type scenarioKey struct{}

// reset makes the context the scenario's, and remembers in ctx whose it is.
func (c *sharedContext) reset(ctx context.Context, id string) context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.scenario, c.steps = id, 0
	return context.WithValue(ctx, scenarioKey{}, id)
}

// check fails when another scenario reset the context since ctx's did;
// step counts one more work step, want (when step is false) is the number
// of work steps the scenario must have done.
func (c *sharedContext) check(ctx context.Context, want int, step bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	mine, _ := ctx.Value(scenarioKey{}).(string)
	if c.scenario != mine {
		return fmt.Errorf("the shared context was reset for scenario %s while scenario %s ran: this suite is not goroutine-safe", c.scenario, mine)
	}
	if step {
		c.steps++
		return nil
	}
	if c.steps != want {
		return fmt.Errorf("the shared context counts %d work steps, want %d", c.steps, want)
	}
	return nil
}

// busy keeps n cores busy, n goroutines spinning on as many threads
// (GOMAXPROCS n), says "busy" on out once they are started, and stops them
// when in ends (the bench closes it, or dies).
func busy(n int, in io.Reader, out io.Writer) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(n)
	for range n {
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
					bench.Spin(16)
				}
			}
		}()
	}
	fmt.Fprintln(out, "busy")
	io.Copy(io.Discard, in)
	close(done)
	wg.Wait()
}

// compute burns n ms of CPU on one core.
func (s suite) compute(n int) { bench.Spin(int(math.Round(float64(n) * s.itersPerMs))) }

func envFloat(name string, def float64) (float64, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	return strconv.ParseFloat(v, 64)
}
