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
	h, err := schedule.LoadHistory(o.Settings.Timings)
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

// Quiet writes the files and prints nothing; files that cannot be written
// are said on stderr, and only missing reports are an error.
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

// A shard saves its history next to its reports, not where it loaded it
// from: the CPU times the cache had come with it, with the ones it
// measured, so that the merge and the next run need not measure again.
func TestShardKeepsTheCPUTimesItLoaded(t *testing.T) {
	dir := t.TempDir()
	var out, errOut strings.Builder
	o := options(dir, &out, &errOut)
	o.Settings.Shard = shard.Spec{Index: 1, Total: 2}
	o.History = schedule.History{"b.feature:9": 4}
	o.CPU = schedule.CPU{"b.feature:9": 0.5}
	run := sample()
	run.Scenarios[0].CPU = 250 * time.Millisecond
	if _, err := Run(run, o); err != nil {
		t.Fatal(err)
	}
	h, cpu, err := schedule.Load(filepath.Join(o.Settings.ReportsDir, shard.TimingsFile))
	if err != nil || h["a.feature:3"] != 2 || h["b.feature:9"] != 4 || cpu["a.feature:3"] != 0.25 || cpu["b.feature:9"] != 0.5 {
		t.Fatalf("the shard's history %v, CPU times %v, %v; want both scenarios in both", h, cpu, err)
	}
}
