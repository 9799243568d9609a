package targets

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/coverage"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/merge"
	"github.com/mushbdd/mush/internal/shard"
)

// MergeFlags are mergeReports' flags; nil leaves the variable as it is.
type MergeFlags struct {
	From      *string // MUSH_MERGE_FROM: the shards' directories, default build/shards/*
	NoColor   *string // BDD_NO_COLOR
	Threshold *string // COVERAGE_THRESHOLD, when the shards ran coverageReport
}

// MergeReports merges the outputs of a suite's CI shards (package merge):
// it checks that they add up to the suite (exit 6 naming every problem
// otherwise), writes one junit.xml and results.json to BDD_REPORTS_DIR
// (build/reports), the merged timing history to BDD_TIMINGS, prints one
// summary and returns the exit code one machine would have given. When
// the shards ran coverageReport it also merges their coverage data with
// `go tool covdata merge` and shard 1's go test profile over every package
// of the module, writes build/coverage and applies the gate once, exactly
// as coverageReport does on one machine.
func MergeReports(ctx context.Context, p Project, f MergeFlags) error {
	return mergeReports(ctx, p, envWith(p.getenv(), map[string]*string{
		"MUSH_MERGE_FROM": f.From, "BDD_NO_COLOR": f.NoColor, "COVERAGE_THRESHOLD": f.Threshold}))
}

func mergeReports(ctx context.Context, p Project, getenv func(string) string) error {
	from := orDefault(getenv("MUSH_MERGE_FROM"), merge.DefaultFrom)
	set, err := config.Load(getenv)
	if err != nil {
		return err
	}
	limit, err := coverage.ParseThreshold(getenv("COVERAGE_THRESHOLD"))
	if err != nil {
		return err
	}
	if _, err := coverage.ParseExclude(getenv(coverage.ExcludeVar)); err != nil {
		return err
	}
	dirs, err := merge.Dirs(p.abs(from))
	if err != nil {
		return err
	}
	shards, err := merge.Results(merge.Options{
		From: from, Dirs: dirs,
		ReportsDir: p.abs(orDefault(getenv("BDD_REPORTS_DIR"), config.DefaultReportsDir)),
		Timings:    p.abs(orDefault(getenv("BDD_TIMINGS"), config.DefaultTimings)),
		Getenv:     getenv, NoColor: set.NoColor, Terminal: config.Terminal(p.Stdout),
		Stdout: p.Stdout, Stderr: p.Stderr,
	})
	if code := exitcode.Code(err); code == exitcode.Incomplete || code == exitcode.Misuse {
		return err
	}
	cov, present, cerr := shards.Coverage()
	if cerr != nil || !present {
		return cmp.Or(cerr, err)
	}
	return p.mergeCoverage(ctx, cov, limit, err, getenv, config.Colour(set, getenv, config.Terminal(p.Stdout)))
}

// mergeCoverage merges the shards' coverage and judges it once; the exit
// code is the one coverageReport gives on one machine: the tests' failure
// (features or go test) first, then the gate.
func (p Project) mergeCoverage(ctx context.Context, cov merge.Coverage, limit float64, featuresErr error, getenv func(string) string, colour bool) error {
	m, err := p.measured(ctx, getenv)
	if err != nil {
		return err
	}
	covdir, err := coverage.ResetCovdir(filepath.Join(p.Root, "build", "coverage", shard.CovdataDir))
	if err != nil {
		return err
	}
	if err := coverage.MergeCovdata(ctx, cov.Covdirs, covdir); err != nil {
		return exitcode.New(exitcode.Coverage, "coverage: merging the shards' data: %w", err)
	}
	gateErr, err := p.gate(ctx, covdir, []string{cov.Profile}, m, limit, colour)
	if err != nil {
		return err
	}
	var testsErr error
	if cov.TestsExit != exitcode.OK {
		testsErr = exitcode.Silent(cov.TestsExit)
	}
	return verdict(testsErr, featuresErr, gateErr, "in shard 1, see its job's output")
}

// coverageShard ends the coverageReport of one shard: its data stays in
// its directory for the merge, which applies the gate once. Shard 1 also
// records go test's exit code there.
func (p Project) coverageShard(set config.Settings, dir string, testsErr, featuresErr error) error {
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

// PlanFlags are shardPlan's flags; nil leaves the variable as it is.
type PlanFlags struct {
	Shards  *string // MUSH_SHARDS: shard counts, default 1,2,4,8,16
	Setup   *string // MUSH_SHARD_SETUP: fixed time per shard, default 30s
	Workers *string // BDD_WORKERS: workers per shard
}

// Defaults of shardPlan.
const (
	DefaultShardCounts = "1,2,4,8,16"
	DefaultShardSetup  = "30s"
)

// ShardPlan predicts, from the timing history, the wall time of the
// selected scenarios (BDD_PATHS, BDD_TAGS) over each shard count, the
// busiest shard's share, and the count after which more shards stop
// paying.
func ShardPlan(ctx context.Context, p Project, f PlanFlags) error {
	return shardPlan(p, envWith(p.getenv(), map[string]*string{"MUSH_SHARDS": f.Shards, "MUSH_SHARD_SETUP": f.Setup, "BDD_WORKERS": f.Workers}))
}

func shardPlan(p Project, getenv func(string) string) error {
	counts, err := shard.ParseCounts(orDefault(getenv("MUSH_SHARDS"), DefaultShardCounts))
	if err != nil {
		return err
	}
	setupText := orDefault(getenv("MUSH_SHARD_SETUP"), DefaultShardSetup)
	setup, perr := time.ParseDuration(setupText)
	if perr != nil || setup < 0 {
		return exitcode.Misusef("-setup / MUSH_SHARD_SETUP=%q: not accepted (accepted: a Go duration >= 0, e.g. 45s)", setupText)
	}
	set, err := config.Load(getenv)
	if err != nil {
		return err
	}
	pl, err := discover.Select(set, discover.SelectOptions{Root: p.Root})
	if err != nil {
		return err
	}
	for _, w := range pl.Warnings {
		fmt.Fprintln(p.Stderr, "mush: warning: "+w)
	}
	workers := set.Workers
	if workers == 0 { // auto adapts during the run; plan with 4 per core
		workers = 4 * runtime.GOMAXPROCS(0)
		fmt.Fprintf(p.Stdout, "BDD_WORKERS=auto adapts during a run; the plan counts %d workers per shard (4 per core here; -workers sets it)\n", workers)
	}
	in := shard.PlanInput{Keys: pl.Keys, History: pl.History, Counts: counts, Workers: workers, Setup: setup.Seconds()}
	fmt.Fprintf(p.Stdout, "shard plan from the timing history %s\n", set.Timings)
	return shard.WritePlan(p.Stdout, in, shard.Predict(in))
}

// getenv reads the process's environment with the project's Env added.
func (p Project) getenv() func(string) string {
	return config.Lookup(append(os.Environ(), p.Env...))
}

// envWith is getenv with the given flags, where set, in place of their
// variables.
func envWith(getenv func(string) string, flags map[string]*string) func(string) string {
	return func(k string) string {
		if v, ok := flags[k]; ok && v != nil {
			return *v
		}
		return getenv(k)
	}
}

// abs is path resolved against the project root, shown relative to the
// working directory when it is inside it (the paths a summary prints).
func (p Project) abs(path string) string {
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.Root, path)
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
			return rel
		}
	}
	return path
}

func orDefault(v, def string) string {
	if v = strings.TrimSpace(v); v != "" {
		return v
	}
	return def
}
