//go:build mage

// Mush's targets: the BDD suite run in parallel in one process, with and
// without coverage. Every flag also works as the environment variable named
// in README (BDD_WORKERS, BDD_TAGS, ...); a flag wins over its variable.
package main

import (
	"context"

	"github.com/mushbdd/mush/internal/targets"
)

// UnitTests runs every feature in one process, in parallel, and prints a summary.
//
// Flags (each also an environment variable): -workers (BDD_WORKERS), -tags
// (BDD_TAGS), -paths (BDD_PATHS: files, dirs, file.feature:LINE), -format
// (BDD_FORMAT: progress|pretty), -failfast (BDD_FAIL_FAST), -seed (BDD_SEED:
// integer or random), -timeout (BDD_TIMEOUT), -nocolor (BDD_NO_COLOR).
// Exit codes: 0 passed, 1 a scenario failed, 2 misuse, 4 crash, 5 timeout,
// 130/143 interrupted.
func UnitTests(ctx context.Context, workers, tags, paths, format, failfast, seed, timeout, nocolor *string) {
	targets.Exit(targets.UnitTests(ctx, targets.DefaultProject(), targets.Flags{
		Workers: workers, Tags: tags, Paths: paths, Format: format,
		FailFast: failfast, Seed: seed, Timeout: timeout, NoColor: nocolor,
	}))
}

// CoverageReport runs the Go tests and the BDD suite under coverage and enforces the threshold.
//
// The feature run is the same as unitTests (same flags and variables) with
// one GOCOVERDIR around the whole run. Every package of the module counts
// (untested ones at 0%) except internal/coverage's Excluded list. Reports go
// to build/coverage. -threshold (COVERAGE_THRESHOLD, default 97) is a
// percentage, fractions allowed. Exit codes: 1 tests failed (coverage still
// shown), 2 misuse, 3 coverage below the threshold or missing.
func CoverageReport(ctx context.Context, workers, tags, paths, format, failfast, seed, timeout, nocolor, threshold *string) {
	targets.Exit(targets.CoverageReport(ctx, targets.DefaultProject(), targets.Flags{
		Workers: workers, Tags: tags, Paths: paths, Format: format,
		FailFast: failfast, Seed: seed, Timeout: timeout, NoColor: nocolor,
	}, threshold))
}
