//go:build mage

package main

import (
	"context"
	"os"

	"github.com/mushbdd/mush/internal/bench"
	"github.com/mushbdd/mush/internal/targets"
)

// Bench measures mush against one process per feature file, sequential godog and godog's own concurrency.
//
// It generates deterministic corpora under build/bench/ (seed-shaped: 342
// features, 2,400 scenarios; cpu-bound; skewed; scale: 20,000 trivial
// scenarios), runs every contender on each in interleaved rounds, prints one
// table (median, min-max, peak RSS, ratios, efficiency against the lower
// bound, the targets of issue 4) and writes build/bench/bench.json.
// Flags: -quick (MUSH_BENCH_QUICK) runs a small version in under a minute;
// -runs (MUSH_BENCH_RUNS) sets the rounds (3, quick 1). Exit codes: 0 done,
// 1 a run failed, 2 misuse.
func Bench(ctx context.Context, quick *bool, runs *int) error {
	cfg, err := bench.FromEnv(os.Getenv, quick, runs)
	if err == nil {
		cfg.Stdout, cfg.Log = os.Stdout, os.Stderr
		_, err = bench.Run(ctx, cfg)
	}
	return targets.DefaultProject().Result(err)
}
