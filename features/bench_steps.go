package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/bench"
)

// benchWorld is one benchmark scenario's state.
type benchWorld struct {
	dir   string
	table string
}

// benchSteps registers the steps of bench.feature.
func benchSteps(sc *godog.ScenarioContext) {
	b := &benchWorld{}
	sc.After(func(ctx context.Context, _ *godog.Scenario, err error) (context.Context, error) {
		if b.dir != "" {
			os.RemoveAll(b.dir)
		}
		return ctx, nil
	})
	sc.Step(`^I run the quick benchmark on a tiny corpus$`, b.runQuick)
	sc.Step(`^bench\.json has every contender with a positive median on every corpus$`, b.jsonComplete)
	sc.Step(`^the benchmark table shows every contender and the targets$`, b.tableComplete)
	sc.Step(`^no busy loop of the contended round is left running$`, b.noBusyLoop)
}

// tinyCorpora have the shapes of the real ones at a few scenarios each.
var tinyCorpora = []bench.Spec{
	{Name: "seed-shaped", Features: 4, Scenarios: 12, MedianMs: 3, Sigma: 1, MaxMs: 30, CPUMax: 0.5},
	{Name: "cpu-bound", Features: 2, Scenarios: 4, MedianMs: 3, Sigma: 0.5, MaxMs: 10, CPUMin: 1, CPUMax: 1},
	{Name: "skewed", Features: 2, Scenarios: 6, MedianMs: 2, Sigma: 0.3, MaxMs: 5, Long: 1, LongMs: 60, LongCPU: 0.1},
	{Name: "scale", Features: 3, Scenarios: 300, Probes: []int{1}},
	{Name: "mixed", Features: 2, Scenarios: 8, MedianMs: 2, Sigma: 0.3, MaxMs: 5, CPUMin: 1, CPUMax: 1,
		Waiters: 0.5, WaitMs: 10, WaitSigma: 0.3, WaitMaxMs: 20, Contended: true},
	{Name: "spawning", Features: 2, Scenarios: 4, MedianMs: 3, Sigma: 0.3, MaxMs: 6, CPUMin: 0.8, CPUMax: 1, Spawn: true},
	{Name: "shared", Features: 2, Scenarios: 6, MedianMs: 3, Sigma: 0.3, MaxMs: 6, CPUMin: 0.2, CPUMax: 0.6, Shared: true},
}

func (b *benchWorld) runQuick(ctx context.Context) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if b.dir, err = os.MkdirTemp("", "mush-bench-"); err != nil {
		return err
	}
	var out bytes.Buffer
	_, err = bench.Run(ctx, bench.Config{
		Root: root, Dir: b.dir, Quick: true, Runs: 1, Workers: 4,
		Setup: 20 * time.Millisecond, Calibration: 50 * time.Millisecond,
		Corpora: tinyCorpora, Stdout: &out,
		Command: "go tool mage bench -quick (tiny corpus, from features/bench.feature)",
	})
	b.table = out.String()
	return err
}

func (b *benchWorld) jsonComplete() error {
	f, err := os.Open(filepath.Join(b.dir, "bench.json"))
	if err != nil {
		return err
	}
	defer f.Close()
	return bench.CheckJSON(f, tinyCorpora, 4)
}

func (b *benchWorld) tableComplete() error {
	for _, s := range append([]string{"CORPUS", "lower bound", "machine limit", "TARGET", "mush-auto / best fixed worker count",
		"shared: mush-process speed-up over sequential godog", "mush-process peak RSS",
		"contended round: another process keeps", "mixed: contended: mush-auto / godog-concurrency"}, bench.Contenders...) {
		if !strings.Contains(b.table, s) {
			return fmt.Errorf("the table lacks %q:\n%s", s, b.table)
		}
	}
	return nil
}

// noBusyLoop: no process of the suite binary is left in busy mode.
func (b *benchWorld) noBusyLoop() error {
	if pid := leftover("cmdline", filepath.Join(b.dir, "bin", "benchsuite")+"\x00busy\x00"); pid != "" {
		return fmt.Errorf("process %s, benchsuite busy, is still running", pid)
	}
	return nil
}

// leftover is a process whose /proc/PID/file (cmdline or environ) holds
// want, "" for none (Linux's /proc; nothing to look at elsewhere).
func leftover(file, want string) string {
	procs, _ := filepath.Glob("/proc/[0-9]*/" + file)
	for _, p := range procs {
		if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), want) {
			return filepath.Base(filepath.Dir(p))
		}
	}
	return ""
}
