package main

import (
	"bufio"
	"context"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/bench"
)

// TestSharedCorpusPassesSequentially: a corpus of shared state, as the
// benchmark generates it, is valid Gherkin whose every step is defined
// here, and passes when its scenarios run one after another (godog in
// strict mode fails undefined steps).
func TestSharedCorpusPassesSequentially(t *testing.T) {
	var spec bench.Spec
	for _, s := range bench.DefaultCorpora(true) {
		if s.Shared {
			spec = s
		}
	}
	if spec.Name == "" {
		t.Fatal("no corpus of shared state among the quick corpora")
	}
	// The quick corpus's shape, at a few scenarios of a few ms.
	spec.Features, spec.Scenarios, spec.MedianMs, spec.MaxMs = 2, 12, 2, 4
	c, err := bench.Generate(spec, bench.DefaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := c.Write(dir); err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, f := range c.Files {
		all += string(f.Content)
	}
	for _, step := range []string{"the shared context is fresh", "ms in the shared context", "the shared context counts"} {
		if !strings.Contains(all, step) {
			t.Fatalf("the corpus has no step %q:\n%s", step, all)
		}
	}
	var out strings.Builder
	s := suite{itersPerMs: 1}
	status := godog.TestSuite{
		Name:                 "shared",
		TestSuiteInitializer: s.initSuite,
		ScenarioInitializer:  s.initScenario,
		Options:              &godog.Options{Format: "progress", Paths: []string{dir}, Concurrency: 1, Strict: true, NoColors: true, Output: &out},
	}.Run()
	if status != 0 || !strings.Contains(out.String(), "12 scenarios (12 passed)") {
		t.Fatalf("status %d:\n%s", status, out.String())
	}
}

// TestSharedContextFailsInCompany: a scenario whose context another one
// reset while it ran fails, saying why; the other goes on.
func TestSharedContextFailsInCompany(t *testing.T) {
	var c sharedContext
	a := c.reset(context.Background(), "a")
	b := c.reset(context.Background(), "b")
	if err := c.check(a, 0, true); err == nil || !strings.Contains(err.Error(), "reset for scenario b while scenario a ran: this suite is not goroutine-safe") {
		t.Errorf("a after b's reset: %v", err)
	}
	if err := c.check(b, 0, true); err != nil {
		t.Errorf("b's step: %v", err)
	}
	if err := c.check(b, 2, false); err == nil || !strings.Contains(err.Error(), "counts 1 work steps, want 2") {
		t.Errorf("b's count: %v", err)
	}
	if err := c.check(b, 1, false); err != nil {
		t.Errorf("b's count: %v", err)
	}
}

// TestBusy: busy says so once its loops are started, keeps the process to
// as many threads, and returns when its input ends, the thread count
// restored.
func TestBusy(t *testing.T) {
	before := runtime.GOMAXPROCS(0)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan int)
	go func() {
		busy(1, inR, outW)
		done <- runtime.GOMAXPROCS(0)
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil || line != "busy\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	if n := runtime.GOMAXPROCS(0); n != 1 {
		t.Errorf("GOMAXPROCS %d while busy with 1 loop", n)
	}
	inW.Close()
	if n := <-done; n != before {
		t.Errorf("GOMAXPROCS %d after, want %d", n, before)
	}
}

// TestBusyUsage: busy needs one whole number of loops, at least 1.
func TestBusyUsage(t *testing.T) {
	t.Setenv("BENCH_ITERS_PER_MS", "1")
	for _, args := range [][]string{{"busy"}, {"busy", "0"}, {"busy", "x"}, {"busy", "1", "2"}} {
		if got := run(args); got != 2 {
			t.Errorf("run(%q) = %d, want 2", args, got)
		}
	}
}
