// Package mush runs a Go project's godog suite in parallel, in one process.
//
// Every scenario, and every Examples row of an outline, is one unit of
// work with its own godog run. Workers take units from one shared queue,
// longest first from the timings of earlier runs (build/cache/timings.json),
// the suite's BeforeSuite and AfterSuite hooks run once, results come from
// godog's own events, and the summary ends with what failed, where, and the
// command that reruns it. Reports go to build/reports (junit.xml,
// results.json, journal.ndjson).
//
// # Adopting mush
//
// Keep the feature files in features/ at the module root and the step
// definitions as they are; hand the initializers you give godog.TestSuite to
// mush, unchanged. There are three ways in, with the same settings and the
// same verdicts; a project usually has all three.
//
// A runner program, the package main that `go run ./features` and the Mage
// targets build (features/main.go):
//
//	package main
//
//	import "github.com/mushbdd/mush"
//
//	func main() {
//		mush.Main(mush.Suite{
//			TestSuiteInitializer: InitializeTestSuite,
//			ScenarioInitializer:  InitializeScenario,
//		})
//	}
//
// A go test function, in the same package (features/features_test.go):
//
//	func TestFeatures(t *testing.T) {
//		mush.Test(t, mush.Suite{
//			TestSuiteInitializer: InitializeTestSuite,
//			ScenarioInitializer:  InitializeScenario,
//		})
//	}
//
// Mage targets, after `go get -tool github.com/magefile/mage`
// (magefiles/magefile.go):
//
//	//go:build mage
//
//	package main
//
//	import (
//		//mage:import
//		_ "github.com/mushbdd/mush/magefiles/targets"
//	)
//
// Then `go tool mage unitTests` builds the feature runner (BDD_RUNNER_PKG,
// default ./features) and runs it under a supervisor that survives its
// crashes, and `go tool mage coverageReport` runs `go test ./...` and the
// suite instrumented, with one GOCOVERDIR for the whole parallel run, and
// fails below COVERAGE_THRESHOLD (97) percent of the module's statements,
// packages under COVERAGE_EXCLUDE not counted. `go tool mage -h unitTests`
// lists the flags.
//
// # Steps in _test.go files
//
// A suite whose steps live in _test.go files, run by go test, needs no
// package main and no copy of its steps: the TestFeatures function above
// is the whole adoption, and it is the primary way in when it fits. Point
// the Mage targets at its package (BDD_RUNNER_PKG=./acceptance, say) and
// they build the package's test binary (`go test -c`, instrumented under
// coverageReport) and run it as the feature runner, in the package
// directory as go test runs it, with MUSH_MAIN=1 so that the test that
// calls Test (there must be exactly one in the package) runs as Main does:
// the same supervisor, reports and exit codes as a runner program. Build
// tags go through GOFLAGS (GOFLAGS=-tags=integration), which both go list
// and go test -c read.
//
// # What the initializers mean under mush
//
//   - ScenarioInitializer is called once per scenario with a fresh
//     ScenarioContext, exactly as in godog.
//   - TestSuiteInitializer: its BeforeSuite and AfterSuite handlers run once
//     per run, before the first scenario and after the last, whatever the
//     number of workers. Steps and hooks it registers through
//     ctx.ScenarioContext() apply to every scenario. The difference: its
//     body runs once per scenario (on a copy of the context whose suite
//     hooks are dropped), so it should only register things; expensive
//     setup belongs in BeforeSuite, where godog documents it anyway.
//
// # What differs from godog
//
//   - Scenarios run in parallel, each in its own godog run: steps must not
//     share unguarded state across scenarios. By default (BDD_WORKERS=auto)
//     mush adds workers while the cores have idle time and scenarios wait,
//     up to BDD_MAX_WORKERS (lower it for suites that open ports or
//     connections per scenario); a number pins the count. The order is
//     file order on a first run and longest first after it (the summary's
//     order: line says when it changed and who failed after the change);
//     BDD_ORDER=file keeps file order, BDD_SEED shuffles.
//   - Runs are strict: undefined, pending and ambiguous steps fail.
//   - A panic in a step or a before hook fails that step, as in godog; a
//     panic in an after-step or after-scenario hook, which godog does not
//     recover, fails only its scenario. A panic in BeforeSuite stops the run
//     before any scenario (exit 1); one in AfterSuite fails the run and
//     keeps every result.
//   - A scenario running longer than BDD_TIMEOUT (10m) is reported with the
//     goroutine stacks of the process (exit 5), and the scenarios running
//     alongside finish. A goroutine cannot be killed, so no new scenario
//     starts in that process: under the Mage targets a supervisor replaces
//     it and a fresh one runs the rest; under go test (Test, no supervisor)
//     the rest are skipped with the reason. BDD_DEADLINE bounds the whole
//     run.
//   - There are no godog.Options: settings are environment variables
//     (BDD_WORKERS, BDD_TAGS, BDD_PATHS, ...), also Mage target flags,
//     listed in README's Configuration table and by `go tool mage -h
//     unitTests`. A bad value is refused with one line naming it (and the
//     flag that gave it), exit 2.
//
// # Under go test
//
// Test runs the same runner inside `go test`: same queue, timing history,
// suite hooks once, strictness and reports. Each scenario is a subtest
// named after its feature and scenario, started from the worker that runs
// it (TestFeatures/Login/Wrong_password_is_refused); a name used twice
// gets " (line N)" after it, and a "/" in a name becomes "_". A failed
// scenario fails its subtest with its file:line, the failing step, the
// error and the command that reruns it:
//
//	go test -run '^TestFeatures$/^Login$/^Wrong_password_is_refused$' ./features
//
// What Test takes from go test:
//
//   - -run and -skip select the scenarios before anything is planned,
//     matched level by level as testing matches subtests, so `go test -run
//     'TestFeatures/Login' ./features` runs only the Login feature.
//   - -failfast turns on BDD_FAIL_FAST; -shuffle on gives BDD_SEED=random
//     and -shuffle N gives BDD_SEED=N; the -timeout deadline becomes
//     BDD_DEADLINE ten seconds earlier (unless set), so a run that would
//     overrun ends with its summary instead of go test's panic. A go test
//     flag wins over its variable; the other BDD_* variables apply as
//     usual. -v shows every scenario's subtest; the summary is printed on
//     stdout either way.
//   - `go test -cover -coverpkg=./...` measures the steps and the code they
//     call, as for any test.
//   - The test runs where go test runs it, in its package directory, so
//     step code that reads files relative to the package works as under
//     godog's own go test usage. Without BDD_PATHS the features are the
//     package's features directory, or the package directory itself when
//     it has none (TestFeatures in ./features runs ./features). Relative
//     paths in the settings (BDD_PATHS, BDD_REPORTS_DIR, BDD_TIMINGS, an
//     @rerun file) are read from the module root, the nearest directory
//     above the package that holds go.mod, and the reports and timing
//     history go to its build/ directory: the same files as under the Mage
//     targets, with the same locations, so both ways share one history and
//     a rerun hint of either works from the module root.
//   - Every path mush writes is made absolute when the run starts, under
//     go test and everywhere else: a BeforeSuite that changes directory
//     moves neither reports, journal, timing history nor coverage data.
//   - In one process (BDD_ISOLATION=goroutine, the default) there is no
//     supervisor: a crash of the process (a panic in a goroutine started
//     by a step, os.Exit in a step) ends the test binary as it ends any
//     test. With BDD_ISOLATION=process the test binary is also the worker
//     process: Test runs it again (-test.run selecting this test,
//     MUSH_MAIN=1) as each worker process under the supervisor, so a
//     crash costs only its scenario, as under the Mage targets. Each
//     scenario's subtest then reports its result once the run is over.
//   - coverageReport runs `go test ./...` with MUSH_SKIP_TEST=1, so Test
//     skips there and the suite runs once, in the instrumented feature
//     runner.
//
// # Rerun hints
//
// Each failure in the summary, index.html, the GitHub annotations and the
// failed subtest comes with a command that reruns it alone, the way the
// run started: the same command, build tags and runner package. Under the
// Mage targets `BDD_PATHS=file:LINE go tool mage unitTests` (or
// coverageReport), after BDD_RUNNER_PKG=... when it was set and GOFLAGS=...
// when GOFLAGS gave build tags; under go test the go test -run command
// above, with -tags when the test binary was built with tags and
// BDD_PATHS=file:LINE when BDD_PATHS was set; for a runner started
// directly, `BDD_PATHS=file:LINE go run ./features` (its own package, with
// its -tags). MUSH_RERUN replaces the command after BDD_PATHS=...: set it
// when the targets are imported under a namespace (`//mage:import mush`
// gives `go tool mage mush:unitTests`).
//
// # Exit codes
//
// 0 every scenario passed; 1 a scenario failed (or suite setup or teardown
// failed); 2 misuse: a bad variable or flag, a missing path, a malformed
// feature file; 3 coverage below the threshold (coverageReport); 4 the
// feature runner crashed (the targets rerun what was left); 5 a timeout;
// 6 mergeReports found shards that do not add up to one run; 130 and 143
// interrupted. Through `go tool mage` the codes come out unchanged, after
// Mage's "Error: " line.
package mush
