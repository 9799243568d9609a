// Package targets is mush's Mage targets as a package any magefile can
// import: unitTests runs the godog suite of the feature-runner package in
// one process, in parallel; coverageReport runs the Go tests and that suite
// under coverage and enforces a threshold.
//
// A project's magefile imports them with one comment (Mage's "Importing
// Targets"):
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
// From Go, Options runs the same targets with settings given by variable
// name, so a project's own target keeps compiling whatever flags the
// targets gain; Default holds the settings a project's magefile chooses for
// the imported targets (its coverage exclusions, its threshold). Mage lists
// neither: it takes only functions as targets.
//
// The logic lives in internal/targets; this package only declares the
// targets, whose doc comments and parameter comments are Mage's help text.
package targets

import (
	"context"
	"maps"
	"slices"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	run "github.com/mushbdd/mush/internal/targets"
)

// Options run the targets from Go with settings given by the variable
// names of mush's README (BDD_TAGS, COVERAGE_THRESHOLD, ...), as strings
// in the variables' syntax.
type Options struct {
	// Set gives settings over the environment, as the targets' flags do.
	Set map[string]string
	// Defaults gives settings where the environment does not: a project's
	// policy, which a variable exported by the user still overrides.
	Defaults map[string]string
}

// Default are the options the Mage targets run with: the Defaults a
// project's magefile sets in an init function, under the environment and
// the flags.
var Default Options

// UnitTests runs the unitTests target with o's settings.
func (o Options) UnitTests(ctx context.Context) error { return o.run(ctx, "unitTests") }

// CoverageReport runs the coverageReport target with o's settings.
func (o Options) CoverageReport(ctx context.Context) error { return o.run(ctx, "coverageReport") }

// MergeReports runs the mergeReports target with o's settings.
func (o Options) MergeReports(ctx context.Context) error { return o.run(ctx, "mergeReports") }

// ShardPlan runs the shardPlan target with o's settings.
func (o Options) ShardPlan(ctx context.Context) error { return o.run(ctx, "shardPlan") }

// targets are the functions behind each target.
var targets = map[string]func(context.Context, run.Project) error{
	"unitTests":      run.UnitTests,
	"coverageReport": run.CoverageReport,
	"mergeReports":   run.MergeReports,
	"shardPlan":      run.ShardPlan,
}

// run runs the target with o's settings and then flags (nil when not
// given, in the order of the target's parameters), and returns the error
// Mage exits with.
func (o Options) run(ctx context.Context, target string, flags ...*string) error {
	p := run.DefaultProject()
	for i, m := range []map[string]string{o.Defaults, o.Set} {
		for _, name := range slices.Sorted(maps.Keys(m)) {
			if _, ok := config.VarOf(name); !ok {
				return p.Result(exitcode.Misusef("targets.Options: %s is no setting of mush (accepted: the variables README's Configuration table lists)", name))
			} else if i == 0 {
				p.Env = p.Env.Default(name, m[name])
			} else {
				p.Env = p.Env.Set(name, m[name], "")
			}
		}
	}
	if flags != nil {
		p = p.WithFlags(target, flags...)
	}
	return p.Result(targets[target](ctx, p))
}

// UnitTests runs every scenario in parallel and prints a summary.
//
// Each flag wins over its environment variable. Variables only:
// BDD_MAX_WORKERS (caps auto), BDD_PROCESSES (worker processes under
// -isolation=process, for suites that share state), BDD_SERIAL_TAG (the tag of
// scenarios that run alone, default @serial), BDD_ALONE (failed scenarios run
// again alone, default 10, 0 for none), BDD_ORDER (file: always file order),
// BDD_DEADLINE, BDD_MAX_RESTARTS,
// BDD_REPORTS_DIR, BDD_TIMINGS, BDD_RUNNER_PKG (the feature runner's
// package, default ./features), MUSH_RERUN (the rerun hint's command),
// MUSH_CPUPROFILE; MUSH_SKIP_TEST makes mush.Test skip, MUSH_PAGE_LATER
// leaves index.html to coverageReport. With -shard the outputs go to build/shards/i-of-n,
// merged by mergeReports. Exit codes: 0 passed (also: an empty rerun file,
// nothing to rerun), 1 a scenario failed, 2 misuse, 4 crash, 5 timeout,
// 7 reports not written, 130/143 interrupted.
func UnitTests(ctx context.Context,
	workers *string, // BDD_WORKERS: scenarios run at once: auto adapts the count during the run to keep the cores busy; a number (1 to 10000) pins it; 1 runs everything on one goroutine (default auto)
	isolation *string, // BDD_ISOLATION: process runs the scenarios in worker processes fed one scenario at a time from one queue, for suites that share state; BDD_WORKERS then counts scenarios per process, 1 unless set (default goroutine)
	tags *string, // BDD_TAGS: tag expression, Cucumber's (@a and not (@b or @c)) or godog's (@a&&~@b,@c; &&, , or ~ makes it godog's) (default all)
	paths *string, // BDD_PATHS: feature files, directories, file.feature:LINE (a Scenario line, an Outline line, or one Examples row), separated by commas or spaces (a path holding either written as a Go string, "my dir/a.feature"); @FILE reads them from a rerun file (@build/reports/rerun.txt: the last run's failures) (default features)
	format *string, // BDD_FORMAT: progress or pretty (every scenario printed whole as it finishes) (default progress)
	failfast *string, // BDD_FAIL_FAST: stop starting scenarios after the first failure; the rest are reported as skipped (default false)
	dryrun *string, // BDD_DRY_RUN: run nothing: match every step of the selected scenarios to its definition, print the plan, list undefined and ambiguous steps (exit 1 when any) (default false)
	unused *string, // BDD_UNUSED: step definitions no step used, in a run of whole feature directories (no tags, shard, file or line): warn lists them in the summary, fail also fails the run (exit 1) (default warn)
	seed *string, // BDD_SEED: shuffle with this integer seed, or random (the seed is printed) (default longest-first)
	timeout *string, // BDD_TIMEOUT: time limit of one scenario (Go duration) (default 10m)
	nocolor *string, // BDD_NO_COLOR: no colour; also NO_COLOR, TERM=dumb, or output not a terminal (default false)
	retry *string, // BDD_RETRY: runs of a failed scenario again, 0 to 10; passing on a retry counts as passed and is reported flaky (default 0)
	shard *string, // BDD_SHARD: run shard i/n (1-based) of a timing-balanced split; also read from GitLab, CircleCI, Buildkite and Bazel variables (see Shards); none runs the whole suite whatever they say (default not sharded)
) error {
	return Default.run(ctx, "unitTests", workers, isolation, tags, paths, format, failfast, dryrun, unused, seed, timeout, nocolor, retry, shard)
}

// CoverageReport runs the Go tests and the BDD suite under coverage and enforces the threshold.
//
// The feature run is the same as unitTests (same flags and variables) with
// one GOCOVERDIR around the whole run; `go test ./...` runs with
// MUSH_SKIP_TEST=1, so mush.Test functions skip and the suite runs once;
// the feature run (MUSH_PAGE_LATER=1) leaves index.html to the end, which
// writes it once, with the coverage. Every package of the module counts (untested ones at 0%) except those
// under COVERAGE_EXCLUDE (module-relative paths; default none). Reports go
// to build/coverage. With -shard or the CI's shard variables, the shard's
// coverage data stays in build/shards/i-of-n, go test runs on shard 1
// only, and the gate runs once, in mergeReports. Exit codes: 1 tests
// failed (coverage still shown), 2 misuse, 3 coverage below the threshold
// or missing.
func CoverageReport(ctx context.Context,
	workers *string, // BDD_WORKERS: scenarios run at once: auto adapts the count during the run to keep the cores busy; a number (1 to 10000) pins it; 1 runs everything on one goroutine (default auto)
	isolation *string, // BDD_ISOLATION: process runs the scenarios in worker processes fed one scenario at a time from one queue, for suites that share state; BDD_WORKERS then counts scenarios per process, 1 unless set (default goroutine)
	tags *string, // BDD_TAGS: tag expression, Cucumber's (@a and not (@b or @c)) or godog's (@a&&~@b,@c; &&, , or ~ makes it godog's) (default all)
	paths *string, // BDD_PATHS: feature files, directories, file.feature:LINE (a Scenario line, an Outline line, or one Examples row), separated by commas or spaces (a path holding either written as a Go string, "my dir/a.feature"); @FILE reads them from a rerun file (@build/reports/rerun.txt: the last run's failures) (default features)
	format *string, // BDD_FORMAT: progress or pretty (every scenario printed whole as it finishes) (default progress)
	failfast *string, // BDD_FAIL_FAST: stop starting scenarios after the first failure; the rest are reported as skipped (default false)
	dryrun *string, // BDD_DRY_RUN: run nothing: match every step of the selected scenarios to its definition, print the plan, list undefined and ambiguous steps (exit 1 when any) (default false)
	unused *string, // BDD_UNUSED: step definitions no step used, in a run of whole feature directories (no tags, shard, file or line): warn lists them in the summary, fail also fails the run (exit 1) (default warn)
	seed *string, // BDD_SEED: shuffle with this integer seed, or random (the seed is printed) (default longest-first)
	timeout *string, // BDD_TIMEOUT: time limit of one scenario (Go duration) (default 10m)
	nocolor *string, // BDD_NO_COLOR: no colour; also NO_COLOR, TERM=dumb, or output not a terminal (default false)
	retry *string, // BDD_RETRY: runs of a failed scenario again, 0 to 10; passing on a retry counts as passed and is reported flaky (default 0)
	shard *string, // BDD_SHARD: run shard i/n (1-based) of a timing-balanced split; also read from GitLab, CircleCI, Buildkite and Bazel variables (see Shards); none runs the whole suite whatever they say (default not sharded)
	threshold *string, // COVERAGE_THRESHOLD: coverage gate in percent, fractions allowed (default 97)
) error {
	return Default.run(ctx, "coverageReport", workers, isolation, tags, paths, format, failfast, dryrun, unused, seed, timeout, nocolor, retry, shard, threshold)
}
