// Package targets is mush's Mage targets as a package any magefile can
// import: unitTests runs the godog suite of the feature-runner package in
// one process, in parallel; coverageReport runs the Go tests and that suite
// under coverage and enforces a threshold.
//
// A project's magefile imports them with one comment (Mage's "Importing
// Targets"; mush's own magefiles/magefile.go is exactly this):
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
// Then `go tool mage unitTests` and `go tool mage coverageReport` work,
// with the flags and variables `go tool mage -h unitTests` lists. The
// targets return errors (never os.Exit), so they compose with mg.Deps, and
// Mage exits with mush's documented code: the error implements
// ExitStatus() int.
//
// A project's own target can call them, with nil for every flag (the
// variables then apply), and mg.Deps keeps their exit code:
//
//	func CI(ctx context.Context) { mg.CtxDeps(ctx, suite) }
//
//	func suite(ctx context.Context) error {
//		return targets.UnitTests(ctx, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil)
//	}
//
// The logic lives in internal/targets; this package only declares the
// targets, whose doc comments are Mage's help text.
package targets

import (
	"context"

	run "github.com/mushbdd/mush/internal/targets"
)

// UnitTests runs every feature in one process, in parallel, and prints a summary.
//
// Flags (each also an environment variable): -workers (BDD_WORKERS: auto,
// the default, or a number; BDD_MAX_WORKERS caps auto), -tags (BDD_TAGS),
// -paths (BDD_PATHS: files, dirs, file.feature:LINE, or
// @build/reports/rerun.txt for the last run's failures), -format
// (BDD_FORMAT: progress|pretty), -failfast (BDD_FAIL_FAST), -seed (BDD_SEED:
// integer or random), -timeout (BDD_TIMEOUT), -nocolor (BDD_NO_COLOR),
// -retry (BDD_RETRY: reruns of a failed scenario, 0 to 10; passing on a
// retry counts as passed and is reported flaky), -shard (BDD_SHARD: i/n,
// one CI shard; also the CI's own variables; outputs in build/shards/i-of-n,
// merged by mergeReports).
// Variables only: BDD_RUNNER_PKG (the feature runner's package, default
// ./features), MUSH_RERUN (the rerun hint's command, default go tool mage
// unitTests), BDD_DEADLINE, BDD_MAX_RESTARTS, BDD_REPORTS_DIR, BDD_TIMINGS.
// Exit codes: 0 passed (also: an empty rerun file, nothing to rerun), 1 a
// scenario failed, 2 misuse, 4 crash, 5 timeout, 130/143 interrupted.
func UnitTests(ctx context.Context, workers, tags, paths, format, failfast, seed, timeout, nocolor, retry, shard *string) error {
	p := run.DefaultProject()
	return p.Result(run.UnitTests(ctx, p, run.Flags{
		Workers: workers, Tags: tags, Paths: paths, Format: format,
		FailFast: failfast, Seed: seed, Timeout: timeout, NoColor: nocolor, Retry: retry, Shard: shard,
	}))
}

// CoverageReport runs the Go tests and the BDD suite under coverage and enforces the threshold.
//
// The feature run is the same as unitTests (same flags and variables) with
// one GOCOVERDIR around the whole run; `go test ./...` runs with
// MUSH_SKIP_TEST=1, so mush.Test functions skip and the suite runs once.
// Every package of the module counts (untested ones at 0%) except those
// under COVERAGE_EXCLUDE (module-relative paths, none for no exclusion;
// default mush's own list: magefiles features internal/fixtures
// internal/golden scripts internal/bench/benchsuite). Reports go to
// build/coverage. -threshold (COVERAGE_THRESHOLD, default 97) is a
// percentage, fractions allowed. With -shard (BDD_SHARD) or the CI's shard
// variables, the shard's coverage data stays in build/shards/i-of-n, go test
// runs on shard 1 only, and the gate runs once, in mergeReports.
// Exit codes: 1 tests failed (coverage still shown), 2 misuse, 3 coverage
// below the threshold or missing.
func CoverageReport(ctx context.Context, workers, tags, paths, format, failfast, seed, timeout, nocolor, retry, shard, threshold *string) error {
	p := run.DefaultProject()
	return p.Result(run.CoverageReport(ctx, p, run.Flags{
		Workers: workers, Tags: tags, Paths: paths, Format: format,
		FailFast: failfast, Seed: seed, Timeout: timeout, NoColor: nocolor, Retry: retry, Shard: shard,
	}, threshold))
}
