// Package runner runs a godog suite in parallel in one process.
//
// Every scenario, and every Examples row of an outline, is one unit of work
// with its own godog.TestSuite run at concurrency 1. Workers pull units from
// one shared queue ordered longest-first from the timing history that each
// run records (or shuffled by a seed); each unit's result is read from
// godog's formatter events, never from text. The suite's BeforeSuite and
// AfterSuite hooks run exactly once per process whatever the number of
// workers.
//
// A program adopts mush by handing its initializers to Main:
//
//	package main
//
//	import "github.com/mushbdd/mush/internal/runner"
//
//	func main() {
//		runner.Main(runner.Suite{
//			TestSuiteInitializer: InitializeTestSuite, // optional
//			ScenarioInitializer:  InitializeScenario,
//		})
//	}
//
// Main reads the BDD_* environment variables (see package config), runs the
// selected scenarios, prints the summary, writes build/reports and exits
// with the documented code.
//
// How a godog suite maps onto mush, and what differs:
//   - ScenarioInitializer is called once per scenario with a fresh
//     ScenarioContext, exactly as in godog.
//   - TestSuiteInitializer: BeforeSuite and AfterSuite handlers run once per
//     process. Steps and hooks registered through ctx.ScenarioContext()
//     apply to every scenario. The difference: the initializer's body itself
//     runs once per scenario (on a copy of the context whose suite hooks are
//     dropped), so it should only register things; expensive setup belongs
//     in BeforeSuite, where godog documents it anyway.
//   - A panic in a step or a before hook fails that step (godog recovers
//     it); a panic in an after-step or after-scenario hook, which godog does
//     not recover, fails only its scenario here. A panic in BeforeSuite
//     stops the run before any scenario (exit 1); one in AfterSuite is
//     reported and fails the run, keeping every result.
//   - Runs are strict: undefined, pending and ambiguous steps fail.
//   - A scenario running longer than BDD_TIMEOUT is recorded as timed out
//     with the goroutine stacks of the process; since a goroutine cannot be
//     killed, no new scenario starts after it, the running ones get the
//     Grace period, and the run exits 5. BDD_DEADLINE bounds the whole run
//     the same way. An interrupt stops the hand-out the same way (exit 130
//     or 143).
//   - The journal starts with a plan event and ends with a done event
//     (package journal), which a supervisor uses to tell a finished run
//     from a dead process.
//
// Design note: docs/design.md explains why mush runs one godog run per
// scenario rather than one run with godog's Options.Concurrency.
package runner

import (
	"strconv"

	"github.com/cucumber/godog"
)

// Suite is what a godog suite brings: the same initializers it would give
// to godog.TestSuite.
type Suite struct {
	TestSuiteInitializer func(*godog.TestSuiteContext)
	ScenarioInitializer  func(*godog.ScenarioContext)
}

func itoa(n int) string { return strconv.Itoa(n) }
