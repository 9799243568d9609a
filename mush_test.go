package mush_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/mushbdd/mush"
	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/result"
)

// An adopter's TestFeatures: mush.Test runs the selected scenarios as
// subtests of the test, suite hooks once, and writes the reports.
func TestTest(t *testing.T) {
	dir := t.TempDir()
	fixtures.Hermetic(t) // coverageReport sets MUSH_SKIP_TEST for go test, say
	t.Setenv("BDD_PATHS", fixtures.Dir+"/passing.feature")
	t.Setenv("BDD_REPORTS_DIR", filepath.Join(dir, "reports"))
	t.Setenv("BDD_TIMINGS", filepath.Join(dir, "timings.json"))
	rec := &fixtures.Recorder{}
	mush.Test(t, mush.Suite(fixtures.Suite(rec)))

	if before, after := rec.Counts(); before != 1 || after != 1 {
		t.Errorf("BeforeSuite/AfterSuite ran %d/%d times, want once each", before, after)
	}
	b, err := os.ReadFile(filepath.Join(dir, "reports", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var run result.Run
	if err := json.Unmarshal(b, &run); err != nil {
		t.Fatal(err)
	}
	if c := run.Count(); c[result.Passed] != 5 || len(run.Scenarios) != 5 {
		t.Errorf("results.json counts %v over %d scenarios, want 5 passed", c, len(run.Scenarios))
	}
}
