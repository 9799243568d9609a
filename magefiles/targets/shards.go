package targets

import "context"

// MergeReports merges the outputs of a suite's CI shards into one verdict, one JUnit file and one history.
//
// Every shard (BDD_SHARD=i/n or the CI's own variables) writes its outputs
// to build/shards/i-of-n; -from names those directories. The shards must
// add up to the suite: each present once, the same selection and split
// everywhere, every scenario run exactly once. Writes BDD_REPORTS_DIR
// (build/reports) and the merged timing history BDD_TIMINGS
// (build/cache/timings.json). When the shards ran coverageReport, their
// coverage data and shard 1's go test profile are merged over every package
// of the module (less COVERAGE_EXCLUDE) into build/coverage and gated once.
// Exit codes: as one machine (0, 1, 3, 4, 5, 130/143 when a shard was
// interrupted); 2 misuse; 6 the shards are incomplete or inconsistent; 7
// the merged reports not written.
func MergeReports(ctx context.Context,
	nocolor *string, // BDD_NO_COLOR: no colour; also NO_COLOR, TERM=dumb, or output not a terminal (default false)
	from *string, // MUSH_MERGE_FROM: the shards' output directories, globs separated by commas (default build/shards/*)
	threshold *string, // COVERAGE_THRESHOLD: coverage gate in percent, fractions allowed (default 97)
) error {
	return Default.run(ctx, "mergeReports", nocolor, from, threshold)
}

// ShardPlan predicts the suite's wall time over several shard counts from the timing history.
//
// For each shard count: the predicted wall time (the busiest shard's setup
// plus its scenarios run longest first on the workers of one shard), the
// busiest shard's share, its time over the mean, the machine time; then
// the floor (setup plus the longest scenario) and the count after which
// more shards save less than 10%. The scenarios are those unitTests would
// select; BDD_TIMINGS is the history. Without -workers, auto counts as its
// bound, BDD_MAX_WORKERS. Exit codes: 0, 2 misuse.
func ShardPlan(ctx context.Context,
	workers *string, // BDD_WORKERS: scenarios run at once: auto adapts the count during the run to keep the cores busy; a number (1 to 10000) pins it; 1 runs everything on one goroutine (default auto)
	tags *string, // BDD_TAGS: tag expression, Cucumber's (@a and not (@b or @c)) or godog's (@a&&~@b,@c; &&, , or ~ makes it godog's) (default all)
	paths *string, // BDD_PATHS: feature files, directories, file.feature:LINE (a Scenario line, an Outline line, or one Examples row), separated by commas or spaces (a path holding either written as a Go string, "my dir/a.feature"); @FILE reads them from a rerun file (@build/reports/rerun.txt: the last run's failures) (default features)
	shards *string, // MUSH_SHARDS: shard counts to predict (default 1,2,4,8,16)
	setup *string, // MUSH_SHARD_SETUP: fixed time of one shard job: start, checkout, build, suite setup (default 30s)
) error {
	return Default.run(ctx, "shardPlan", workers, tags, paths, shards, setup)
}
