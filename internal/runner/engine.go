package runner

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"testing/fstest"
	"time"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/result"
)

// Observer is told about scenarios as they start and finish. Calls may come
// from several workers at once; implementations synchronise themselves.
type Observer interface {
	ScenarioStarted(location string, worker int)
	ScenarioFinished(s result.Scenario)
}

// plan is what one execution needs: the scenarios in file order and the
// order in which to hand them out.
type plan struct {
	scenarios []discover.Scenario
	order     []int
	workers   int
	failFast  bool
}

// SetupError is a failure of the suite setup (a TestSuiteInitializer or a
// BeforeSuite hook): no scenario ran.
type SetupError struct{ Detail string }

func (e *SetupError) Error() string { return "suite setup failed: " + e.Detail }

// execute runs the plan inside one host godog run whose BeforeSuite and
// AfterSuite hooks are the suite's, so they run exactly once whatever the
// number of workers. Scenarios run on the workers, each in its own godog run.
func execute(ctx context.Context, s Suite, p plan, obs Observer) (result.Run, error) {
	var (
		run     result.Run
		started bool // the scenarios began: setup had succeeded
	)
	hostErr := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v\n\n%s", r, debug.Stack())
			}
		}()
		godog.TestSuite{
			Name: fmt.Sprintf("mush-host-%d", suiteSeq.Add(1)),
			TestSuiteInitializer: func(tc *godog.TestSuiteContext) {
				if s.TestSuiteInitializer != nil {
					s.TestSuiteInitializer(tc)
				}
				tc.BeforeSuite(func() {
					started = true
					run = pool(ctx, s, p, obs)
				})
			},
			Options: &godog.Options{
				Format:   formatName,
				Output:   io.Discard,
				NoColors: true,
				FS:       fstest.MapFS{}, // no features: the host only runs hooks
			},
		}.Run()
		return nil
	}()
	switch {
	case hostErr != nil && !started:
		return run, &SetupError{Detail: hostErr.Error()}
	case hostErr != nil:
		run.Failed = true
		run.Notes = append(run.Notes, "suite teardown failed: "+hostErr.Error())
	}
	return run, nil
}

// pool hands scenarios to p.workers goroutines from one shared queue, in
// p.order. Scenarios not started (fail-fast, cancelled context) are
// recorded as skipped with the reason, never dropped.
func pool(ctx context.Context, s Suite, p plan, obs Observer) result.Run {
	results := make([]result.Scenario, len(p.scenarios))
	ran := make([]bool, len(p.scenarios))
	var (
		next    atomic.Int64
		failed  atomic.Bool
		busy    atomic.Int64
		wg      sync.WaitGroup
		start   = time.Now()
		workers = min(p.workers, max(len(p.scenarios), 1))
	)
	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go func(worker int) {
			defer wg.Done()
			for ctx.Err() == nil && !(p.failFast && failed.Load()) {
				i := int(next.Add(1) - 1)
				if i >= len(p.order) {
					return
				}
				sc := p.scenarios[p.order[i]]
				if obs != nil {
					obs.ScenarioStarted(sc.File+":"+itoa(sc.Line), worker)
				}
				res := runScenario(ctx, s, sc)
				res.Worker, res.Attempt = worker, 1
				busy.Add(int64(res.Duration))
				if res.Status.IsFailure() {
					failed.Store(true)
				}
				results[p.order[i]], ran[p.order[i]] = res, true
				if obs != nil {
					obs.ScenarioFinished(res)
				}
			}
		}(w)
	}
	wg.Wait()
	run := result.Run{Workers: workers, Started: start, Wall: time.Since(start), Busy: time.Duration(busy.Load())}
	reason := "not run: the run was interrupted"
	if p.failFast && failed.Load() {
		reason = "not run: fail-fast stopped the run after the first failure"
	}
	skipped := 0
	for i, sc := range p.scenarios {
		if !ran[i] {
			skipped++
			results[i] = result.Scenario{
				Feature: sc.Feature, Name: sc.Name, File: sc.File, Line: sc.Line,
				Order: sc.Order, Tags: sc.Tags, Status: result.Skipped, Error: reason,
			}
		}
	}
	if skipped > 0 {
		run.Notes = append(run.Notes, fmt.Sprintf("%d scenario(s) %s", skipped, reason))
	}
	run.Scenarios = results
	return run
}
