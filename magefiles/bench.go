//go:build mage

package main

import (
	"context"
	"fmt"
	"os"

	"github.com/mushbdd/mush/internal/bench"
	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/targets"
)

// Bench measures mush against one process per feature file, sequential godog and godog's own concurrency.
//
// It generates deterministic corpora under build/bench/ (seed-shaped: 342
// features, 2,400 scenarios; cpu-bound; skewed; scale: 20,000 trivial
// scenarios; mixed: computing and waiting scenarios; spawning: steps that
// run CPU-bound programs; shared: steps that share state, not
// goroutine-safe, against process mode), runs every contender
// (mush at fixed counts and auto, with and without a timing history) on
// each in interleaved rounds, prints one table (median, min-max, peak RSS,
// ratios, efficiency against the N-worker bound and the machine limits,
// the targets of issues 4 and 10) and writes build/bench/bench.json.
// Flags: -quick (MUSH_BENCH_QUICK) runs a small version in under a minute;
// -runs (MUSH_BENCH_RUNS) sets the rounds (3, quick 1); -corpora
// (MUSH_BENCH_CORPORA) names the corpora to run. Exit codes: 0 done,
// 1 a run failed, 2 misuse.
func Bench(ctx context.Context,
	quick *bool, // MUSH_BENCH_QUICK: small benchmark corpora, about 45 s (default false)
	runs *int, // MUSH_BENCH_RUNS: interleaved rounds of the benchmark (default 3 (quick 1))
	corpora *string, // MUSH_BENCH_CORPORA: the benchmark's corpora to run, by name, separated by commas or spaces (e.g. shared) (default all)
) error {
	p := targets.DefaultProject().WithFlags("bench", text(quick), text(runs), corpora)
	set, err := p.Env.Load(config.Bench)
	var cfg bench.Config
	if err == nil {
		cfg, err = bench.FromSettings(set)
	}
	if err == nil {
		cfg.Stdout, cfg.Log = os.Stdout, os.Stderr
		_, err = bench.Run(ctx, cfg)
	}
	return p.Result(err)
}

// text is a flag's value in its variable's syntax (nil when not given).
func text[T any](v *T) *string {
	if v == nil {
		return nil
	}
	s := fmt.Sprint(*v)
	return &s
}
