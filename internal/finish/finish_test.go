package finish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/shard"
)

func sample() result.Run {
	return result.Run{Workers: 1, Scenarios: []result.Scenario{
		{Feature: "F", Name: "A", File: "a.feature", Line: 3, Status: result.Passed, Duration: 2 * time.Second},
		{Feature: "F", Name: "B", File: "a.feature", Line: 6, Status: result.Skipped, Error: "not run: x"},
	}, Notes: []string{"1 scenario not run: x"}}
}

func options(dir string, out, errOut *strings.Builder) Options {
	return Options{
		Settings: config.Settings{ReportsDir: filepath.Join(dir, "reports"), Timings: filepath.Join(dir, "timings.json")},
		Getenv:   func(string) string { return "" },
		Stdout:   out, Stderr: errOut,
	}
}

// The end of a run: history, reports and summary, the preface before the
// summary and the report-only notes in the reports alone.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out, errOut strings.Builder
	o := options(dir, &out, &errOut)
	o.Preface, o.ReportNotes = "Crashes (1)\n", []string{"crash: attempt 1"}
	if _, err := Run(sample(), o); err != nil {
		t.Fatal(err)
	}
	h, _, _, err := schedule.Load(o.Settings.Timings)
	if err != nil || len(h) != 1 || h["a.feature:3"] != 2 {
		t.Fatalf("history %v %v", h, err)
	}
	f, err := os.Open(filepath.Join(dir, "reports", report.ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	run, err := report.ReadJSON(f)
	if err != nil || strings.Join(run.Notes, "|") != "crash: attempt 1|1 scenario not run: x" {
		t.Fatalf("notes %q %v", run.Notes, err)
	}
	if !strings.HasPrefix(out.String(), "Crashes (1)\n") || strings.Contains(out.String(), "crash: attempt 1") ||
		!strings.HasSuffix(out.String(), "1 passed, 0 failed, 1 skipped\n") || errOut.Len() != 0 {
		t.Fatalf("stdout %q\nstderr %q", out.String(), errOut.String())
	}
}

// The order line says when the order changed since the last run, and a
// note names each scenario that passed in the last run and fails after
// the change, with the setting that repeats the last run's order.
func TestOrderChange(t *testing.T) {
	dir := t.TempDir()
	run := func(r result.Run, order string) string {
		var out, errOut strings.Builder
		o := options(dir, &out, &errOut)
		o.Order = order
		if _, err := Run(r, o); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	first := sample()
	first.Scenarios[1].Status = result.Passed
	if out := run(first, "file order (no timing history yet at t.json)"); !strings.Contains(out, "order:     file order (no timing history yet at t.json)\n") {
		t.Fatalf("first run:\n%s", out)
	}
	second := sample()
	second.Scenarios[1].Status, second.Scenarios[1].Error = result.Failed, "boom"
	out := run(second, "longest first, from the timing history t.json")
	for _, want := range []string{
		"order:     longest first, from the timing history t.json; changed from the last run's: file order\n",
		"note: a.feature:6 F › B passed in the last run and failed after the order changed: it may depend on the order (BDD_ORDER=file repeats the last run's order)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("second run:\n%s\nlacks %q", out, want)
		}
	}
	// The same order again: nothing changed; B failed last time.
	if out := run(second, "longest first, from the timing history t.json"); strings.Contains(out, "changed") || strings.Contains(out, "note: a.feature:6") {
		t.Errorf("third run:\n%s", out)
	}
	third := sample()
	third.Seed, third.Scenarios[0].Status, third.Scenarios[1].Status = 5, result.Failed, result.Passed
	out = run(third, "shuffled with seed 5 (BDD_SEED=5 repeats it)")
	if !strings.Contains(out, "; changed from the last run's: longest first\n") || !strings.Contains(out, "note: a.feature:3 F › A passed in the last run and failed after the order changed: it may depend on the order (BDD_ORDER=file gives file order)\n") {
		t.Errorf("shuffled run:\n%s", out)
	}
	fourth := sample()
	fourth.Scenarios[1].Status = result.Failed
	if out = run(fourth, "longest first, from the timing history t.json"); !strings.Contains(out, "note: a.feature:6 F › B passed in the last run and failed after the order changed: it may depend on the order (BDD_SEED=5 repeats the last run's order)\n") {
		t.Errorf("after a shuffled run:\n%s", out)
	}
	if _, _, last, _ := schedule.Load(filepath.Join(dir, "timings.json")); last.Order != schedule.LongestFirst || len(last.Passed) != 1 || !last.Passed["a.feature:3"] {
		t.Errorf("what the last run left: %+v", last)
	}
}

// Quiet writes the files and prints nothing; files that cannot be written
// are said on stderr, and only missing reports are an error.
// TestRunLeavesThePage: under coverageReport (MUSH_PAGE_LATER) the run
// writes every report but index.html, which the target writes once with
// the coverage; the summary still names it.
func TestRunLeavesThePage(t *testing.T) {
	dir := t.TempDir()
	var out, errOut strings.Builder
	o := options(dir, &out, &errOut)
	o.Settings.PageLater = true
	if _, err := Run(sample(), o); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "reports", report.ResultsFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "reports", report.HTMLFile)); !os.IsNotExist(err) {
		t.Fatalf("index.html written: %v", err)
	}
	if !strings.Contains(out.String(), filepath.Join(dir, "reports", report.HTMLFile)) {
		t.Fatalf("the summary does not name index.html:\n%s", out.String())
	}
}

func TestRunQuietAndUnwritable(t *testing.T) {
	dir := t.TempDir()
	var out, errOut strings.Builder
	o := options(dir, &out, &errOut)
	o.Quiet, o.History = true, schedule.History{}
	if _, err := Run(sample(), o); err != nil || out.Len() != 0 {
		t.Fatalf("%v %q", err, out.String())
	}
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	o.Settings.Timings = filepath.Join(blocker, "timings.json")
	if _, err := Run(sample(), o); err != nil || !strings.Contains(errOut.String(), "warning: cannot save the timing history") {
		t.Fatalf("%v %q", err, errOut.String())
	}
	o.Settings.ReportsDir, o.Quiet = filepath.Join(blocker, "reports"), false
	if _, err := Run(sample(), o); err == nil || !strings.Contains(errOut.String(), "mush: cannot write the reports") ||
		!strings.HasSuffix(out.String(), "1 passed, 0 failed, 1 skipped\n") {
		t.Fatalf("%v %q %q", err, errOut.String(), out.String())
	}
}

// A shard saves its history next to its reports, not where it read it
// from: the durations and CPU times the cache had come with it, with the
// ones it measured (a CPU time folded into the cache's), so that the
// merge and the next run need not measure again; a history an earlier
// run left there is not read. The cache stays as it was.
func TestShardKeepsTheHistoryItRead(t *testing.T) {
	dir := t.TempDir()
	var out, errOut strings.Builder
	o := options(dir, &out, &errOut)
	o.Settings.Shard = shard.Spec{Index: 1, Total: 2}
	cache := schedule.History{"b.feature:9": 4}
	if err := cache.Save(o.Settings.Timings, schedule.CPU{"b.feature:9": 0.5, "a.feature:3": 0.5}, schedule.Last{}); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(o.Settings.ReportsDir, shard.TimingsFile)
	if err := (schedule.History{"stale.feature:1": 9}).Save(stale, nil, schedule.Last{}); err != nil {
		t.Fatal(err)
	}
	run := sample()
	run.Sampled = true
	for i := range run.Scenarios {
		run.Scenarios[i].CPU = 250 * time.Millisecond
	}
	if _, err := Run(run, o); err != nil {
		t.Fatal(err)
	}
	h, cpu, _, err := schedule.Load(stale)
	if err != nil || len(h) != 2 || h["a.feature:3"] != 2 || h["b.feature:9"] != 4 || cpu["a.feature:3"] != 0.375 || cpu["b.feature:9"] != 0.5 {
		t.Fatalf("the shard's history %v, CPU times %v, %v; want both scenarios in both, a.feature:3's CPU 0.375", h, cpu, err)
	}
	if h, cpu, _, _ := schedule.Load(o.Settings.Timings); len(h) != 1 || cpu["a.feature:3"] != 0.5 {
		t.Errorf("the cache changed: %v %v", h, cpu)
	}
}
