package targets

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/merge"
	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/shard"
	"github.com/mushbdd/mush/internal/tagexpr"
)

// MergeFlags are mergeReports' flags; nil leaves the variable as it is.
type MergeFlags struct {
	From    *string // MUSH_MERGE_FROM: the shards' directories, default build/shards/*
	NoColor *string // BDD_NO_COLOR
}

// MergeReports merges the outputs of a suite's CI shards (package merge):
// it checks that they add up to the suite (exit 6 naming every problem
// otherwise), writes one junit.xml and results.json to BDD_REPORTS_DIR
// (build/reports), the merged timing history to BDD_TIMINGS, prints one
// summary and returns the exit code one machine would have given.
func MergeReports(ctx context.Context, p Project, f MergeFlags) error {
	return mergeReports(p, envWith(os.Getenv, map[string]*string{"MUSH_MERGE_FROM": f.From, "BDD_NO_COLOR": f.NoColor}))
}

func mergeReports(p Project, getenv func(string) string) error {
	from := orDefault(getenv("MUSH_MERGE_FROM"), merge.DefaultFrom)
	set, err := config.Load(getenv)
	if err != nil {
		return err
	}
	dirs, err := merge.Dirs(p.abs(from))
	if err != nil {
		return err
	}
	_, err = merge.Results(merge.Options{
		From: from, Dirs: dirs,
		ReportsDir: p.abs(orDefault(getenv("BDD_REPORTS_DIR"), "build/reports")),
		Timings:    p.abs(orDefault(getenv("BDD_TIMINGS"), "build/cache/timings.json")),
		Getenv:     getenv, NoColor: set.NoColor, Terminal: config.Terminal(p.Stdout),
		Stdout: p.Stdout, Stderr: p.Stderr,
	})
	return err
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
	return shardPlan(p, envWith(os.Getenv, map[string]*string{"MUSH_SHARDS": f.Shards, "MUSH_SHARD_SETUP": f.Setup, "BDD_WORKERS": f.Workers}))
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
	if _, err := tagexpr.Parse(set.Tags); err != nil {
		return exitcode.Misusef("BDD_TAGS: %v", err)
	}
	paths := set.Paths
	for i, path := range paths {
		paths[i] = p.abs(path)
	}
	if len(paths) == 0 {
		paths = []string{p.abs(discover.DefaultPath)}
	}
	found, _, err := discover.Find(discover.Options{Paths: paths, Tags: set.Tags})
	if err != nil {
		return exitcode.Misusef("%v", err)
	}
	history, herr := schedule.LoadHistory(p.abs(set.Timings))
	if herr != nil {
		fmt.Fprintln(p.Stderr, "mush: warning: "+herr.Error())
	}
	keys := make([]string, len(found))
	for i, sc := range found {
		rel, err := filepath.Rel(p.Root, sc.File)
		if err != nil || strings.HasPrefix(rel, "..") {
			rel = sc.File
		}
		keys[i] = filepath.ToSlash(rel) + ":" + fmt.Sprint(sc.Line)
	}
	in := shard.PlanInput{Keys: keys, History: history, Counts: counts, Workers: set.Workers, Setup: setup.Seconds()}
	fmt.Fprintf(p.Stdout, "shard plan from the timing history %s\n", set.Timings)
	return shard.WritePlan(p.Stdout, in, shard.Predict(in))
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

// abs is path resolved against the project root.
func (p Project) abs(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(p.Root, path)
}

func orDefault(v, def string) string {
	if v = strings.TrimSpace(v); v != "" {
		return v
	}
	return def
}
