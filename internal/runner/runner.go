// Package runner runs a godog suite in parallel in one process.
//
// Every scenario, and every Examples row of an outline, is one unit of work
// with its own godog.TestSuite run at concurrency 1. Workers pull units from
// one shared queue ordered longest-first from the timing history that each
// run records (or shuffled by a seed); each unit's result is read from
// godog's formatter events, never from text. How many run at once adapts
// during the run (BDD_WORKERS=auto, package adapt) unless BDD_WORKERS pins
// it. The suite's BeforeSuite and AfterSuite hooks run exactly once per
// process whatever the number of workers.
//
// Main is the program behind mush.Main (package mush at the module root,
// whose documentation is the adoption guide: what the initializers mean
// under mush and what differs from godog); Run is one run with its outside
// world given (Env), which package gotest uses for mush.Test with a Wrap
// that makes each scenario a subtest. Details of the engine:
//
//   - A scenario running longer than BDD_TIMEOUT is recorded as timed out
//     with the goroutine stacks of the process; since a goroutine cannot be
//     killed, no new scenario starts after it, the running ones finish
//     under their own BDD_TIMEOUT, and the run exits 5. Under a supervisor
//     (MUSH_ATTEMPT set) the runner then hands the scenarios it did not
//     start over (a done event with Handover) and the supervisor runs them
//     in a fresh process; run in-process, they are skipped with the reason.
//     BDD_DEADLINE bounds the whole run and an interrupt stops it (exit
//     130 or 143): the running scenarios get the Grace period, then are
//     abandoned.
//   - Under a supervisor in process mode (BDD_ISOLATION=process) the
//     runner is a worker process (serve.go): it runs the scenarios its
//     supervisor feeds it on stdin and writes its journal on stdout; Main
//     started directly in that mode supervises copies of itself.
//   - The journal starts with a plan event and ends with a done event
//     (package journal), which a supervisor uses to tell a finished run
//     from a dead process.
//
// Design note: docs/design.md explains why mush runs one godog run per
// scenario rather than one run with godog's Options.Concurrency.
package runner

import "github.com/cucumber/godog"

// Suite is what a godog suite brings: the same initializers it would give
// to godog.TestSuite.
type Suite struct {
	TestSuiteInitializer func(*godog.TestSuiteContext)
	ScenarioInitializer  func(*godog.ScenarioContext)
}
