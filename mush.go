package mush

import (
	"context"
	"testing"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/gotest"
	"github.com/mushbdd/mush/internal/runner"
)

// Suite is what a godog suite brings: the same two initializers it gives
// to godog.TestSuite, passed unchanged. Either may be nil.
type Suite struct {
	// TestSuiteInitializer registers BeforeSuite and AfterSuite hooks, which
	// run once per run, and may register steps and hooks through
	// ctx.ScenarioContext(), which apply to every scenario. Its body runs
	// once per scenario: keep it to registrations.
	TestSuiteInitializer func(*godog.TestSuiteContext)
	// ScenarioInitializer is called once per scenario with a fresh
	// ScenarioContext, exactly as in godog.
	ScenarioInitializer func(*godog.ScenarioContext)
}

// Main runs the suite as a program and exits with mush's exit code: the
// scenarios selected by the BDD_* variables in parallel, the summary, the
// reports under build/. Call it from the main function of the feature
// runner, the package the Mage targets build (BDD_RUNNER_PKG, default
// ./features). The first SIGINT or SIGTERM ends the run with a partial
// summary and the reports (exit 130 or 143).
func Main(s Suite) {
	runner.Main(runner.Suite(s))
}

// Test runs the suite as test t: each scenario is a subtest named
// t.Name()/<feature>/<scenario>, run in parallel by mush's workers. See the
// package documentation for what it takes from go test.
func Test(t *testing.T, s Suite) {
	t.Helper()
	gotest.Run(t, runner.Suite(s))
}

// Worker is the id of the worker slot that runs the scenario: call it with
// the context a step or hook receives. It is 1-based, the same for every
// scenario the slot runs, and never the same for two scenarios running at
// the same time, so a suite can give each worker its own directory, port
// or database. With BDD_ISOLATION=process each worker process also has it
// in its environment as MUSH_WORKER (when BDD_WORKERS is 1, the default in
// that mode; with more, a process's ids follow one another from
// (MUSH_WORKER-1)*BDD_WORKERS+1). It is 0 outside a scenario run by mush.
func Worker(ctx context.Context) int {
	return runner.Worker(ctx)
}
