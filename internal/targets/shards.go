package targets

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/console"
	"github.com/mushbdd/mush/internal/coverage"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/finish"
	"github.com/mushbdd/mush/internal/merge"
	"github.com/mushbdd/mush/internal/shard"
)

// MergeReports merges the outputs of a suite's CI shards (package merge):
// it checks that they add up to the suite (exit 6 naming every problem
// otherwise), writes one junit.xml and results.json to BDD_REPORTS_DIR
// (build/reports), the merged timing history to BDD_TIMINGS, prints one
// summary and returns the exit code one machine would have given. When
// the shards ran coverageReport it also merges their coverage data with
// `go tool covdata merge` and shard 1's go test profile over every package
// of the module, writes build/coverage and applies the gate once, exactly
// as coverageReport does on one machine.
func MergeReports(ctx context.Context, p Project) error {
	set, err := p.Env.Load(config.TargetOf("mergeReports"))
	if err != nil {
		return err
	}
	dirs, err := merge.Dirs(p.abs(set.MergeFrom))
	if err != nil {
		return err
	}
	shards, err := merge.Results(set.MergeFrom, dirs, finish.Options{
		Settings: config.Settings{ReportsDir: p.abs(set.ReportsDir), Timings: p.abs(set.Timings), NoColor: set.NoColor},
		Getenv:   p.Env.Getenv, Terminal: config.Terminal(p.Stdout), Stdout: p.Stdout, Stderr: p.Stderr,
	})
	if code := exitcode.Code(err); code == exitcode.Incomplete || code == exitcode.Misuse {
		return err
	}
	cov, present, cerr := shards.Coverage()
	if cerr != nil || !present {
		return cmp.Or(cerr, err)
	}
	return p.mergeCoverage(ctx, cov, set, err)
}

// mergeCoverage merges the shards' coverage and judges it once; the exit
// code is the one coverageReport gives on one machine: the tests' failure
// (features or go test) first, then the gate.
func (p Project) mergeCoverage(ctx context.Context, cov merge.Coverage, set config.Settings, featuresErr error) error {
	m, err := p.measured(ctx, set)
	var covdir string
	if err == nil {
		covdir, err = coverage.ResetCovdir(filepath.Join(p.Root, "build", "coverage", shard.CovdataDir))
	}
	if err == nil {
		if err = coverage.MergeCovdata(ctx, cov.Covdirs, covdir); err != nil {
			coverage.RemoveReports(filepath.Dir(covdir))
			err = exitcode.New(exitcode.Coverage, "coverage: merging the shards' data failed, what it merged is kept in %s: %w", covdir, err)
		}
	}
	if err != nil { // the merge left the page to the gate, which is not reached
		p.page(config.Under(p.Root, set.ReportsDir), nil)
		return err
	}
	var testsErr error
	if cov.TestsExit != exitcode.OK {
		testsErr = exitcode.Silent(cov.TestsExit)
	}
	return p.gate(ctx, covdir, []string{cov.Profile}, m, testsErr, featuresErr, "in shard 1, see its job's output")
}

// coverageShard ends the coverageReport of one shard: its data stays in
// its directory for the merge, which applies the gate once. Shard 1 also
// records go test's exit code there.
func (p Project) coverageShard(set config.Settings, dir string, testsErr, featuresErr error) error {
	p.page(config.Under(p.Root, set.ReportsDir), nil) // the shard's own page: the merge has the coverage
	if set.Shard.Index == 1 {
		code := strconv.Itoa(exitcode.Code(testsErr)) + "\n"
		if err := os.WriteFile(filepath.Join(dir, shard.GoTestExit), []byte(code), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(p.Stdout, "\ncoverage: shard %s left its data in %s; the gate runs once, in go tool mage mergeReports\n",
		set.Shard, filepath.Join(set.ReportsDir, shard.CovdataDir))
	return verdict(testsErr, featuresErr, nil, "see its output above")
}

// ShardPlan predicts, from the timing history, the wall time of the
// selected scenarios (BDD_PATHS, BDD_TAGS) over each shard count, the
// busiest shard's share, and the count after which more shards stop
// paying.
func ShardPlan(ctx context.Context, p Project) error {
	set, err := p.Env.Load(config.TargetOf("shardPlan"))
	if err != nil {
		return err
	}
	pl, err := discover.Select(set, discover.SelectOptions{Root: p.Root})
	if err != nil {
		return err
	}
	for _, w := range pl.Warnings {
		console.Errorln(p.Stderr, "warning: "+w)
	}
	workers := set.WorkerBound()
	if set.Workers == 0 {
		fmt.Fprintf(p.Stdout, "BDD_WORKERS=auto adapts during a run; the plan counts %d workers per shard, auto's bound (BDD_MAX_WORKERS; -workers sets a count)\n", workers)
	}
	in := shard.PlanInput{Keys: pl.Keys, History: pl.History, Counts: set.ShardCounts, Workers: workers, Setup: set.ShardSetup.Seconds()}
	fmt.Fprintf(p.Stdout, "shard plan from the timing history %s\n", set.Timings)
	return shard.WritePlan(p.Stdout, in, shard.Predict(in))
}

// abs is path resolved against the project root, shown relative to the
// working directory when it is inside it (the paths a summary prints).
func (p Project) abs(path string) string {
	wd, _ := os.Getwd()
	return config.Shown(wd, config.Under(p.Root, path))
}
