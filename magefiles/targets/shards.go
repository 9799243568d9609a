package targets

import (
	"context"

	run "github.com/mushbdd/mush/internal/targets"
)

// MergeReports merges the outputs of a suite's CI shards into one verdict, one JUnit file and one history.
//
// Every shard (BDD_SHARD=i/n or the CI's own variables) writes its outputs
// to build/shards/i-of-n; -from (MUSH_MERGE_FROM, default
// 'build/shards/*') names those directories (globs, comma-separated). The
// shards must add up to the suite: each present once, the same selection
// and split everywhere, every scenario run exactly once. Writes
// BDD_REPORTS_DIR (build/reports) and the merged timing history BDD_TIMINGS
// (build/cache/timings.json). When the shards ran coverageReport, their
// coverage data and shard 1's go test profile are merged over every package
// of the module into build/coverage and gated once: -threshold
// (COVERAGE_THRESHOLD, default 97). -nocolor (BDD_NO_COLOR). Exit codes: as
// one machine (0, 1, 3, 4, 5, 130/143 when a shard was interrupted); 2
// misuse; 6 the shards are incomplete or inconsistent.
func MergeReports(ctx context.Context, from, nocolor, threshold *string) error {
	p := run.DefaultProject()
	return p.Result(run.MergeReports(ctx, p, run.MergeFlags{From: from, NoColor: nocolor, Threshold: threshold}))
}

// ShardPlan predicts the suite's wall time over several shard counts from the timing history.
//
// For each count of -shards (MUSH_SHARDS, default 1,2,4,8,16): the
// predicted wall time (the busiest shard's setup plus its scenarios run
// longest first on -workers, BDD_WORKERS, per shard), the busiest shard's
// share, its time over the mean, the machine time; then the floor (setup
// plus the longest scenario) and the count after which more shards save
// less than 10%. -setup (MUSH_SHARD_SETUP, default 30s) is each shard's
// fixed cost: job start, checkout, build, suite setup. BDD_PATHS, BDD_TAGS
// and BDD_TIMINGS select as for unitTests. Exit codes: 0, 2 misuse.
func ShardPlan(ctx context.Context, shards, setup, workers *string) error {
	p := run.DefaultProject()
	return p.Result(run.ShardPlan(ctx, p, run.PlanFlags{Shards: shards, Setup: setup, Workers: workers}))
}
