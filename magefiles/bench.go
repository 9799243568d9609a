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
// scenarios; mixed: computing and waiting scenarios; spawning: steps that
// run CPU-bound programs), runs every contender
// (mush at fixed counts and auto, with and without a timing history) on
// each in interleaved rounds, prints one table (median, min-max, peak RSS,
// ratios, efficiency against the N-worker bound and the machine limits,
// the targets of issues 4 and 10) and writes build/bench/bench.json.
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
