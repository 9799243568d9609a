package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/coverage"
	"github.com/mushbdd/mush/internal/golden"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/sample"
	"github.com/mushbdd/mush/internal/view"
)

func covReport() coverage.Report {
	return coverage.Report{
		Total:     coverage.Stats{Statements: 200, Covered: 190},
		Threshold: 97,
		Packages: []coverage.PackageStats{
			{Package: "example.com/m/a", Stats: coverage.Stats{Statements: 150, Covered: 149}},
			{Package: "example.com/m/b", Stats: coverage.Stats{Statements: 50, Covered: 41}},
		},
	}
}

func TestGitHubGolden(t *testing.T) {
	var ann, sum bytes.Buffer
	run := sample.Run()
	run.Scenarios[0].Retries = []result.Try{{Status: result.Failed, Error: "connection reset"}}
	if err := WriteAnnotations(&ann, viewOf(run)); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/annotations.golden.txt", ann.Bytes())
	if err := WriteJobSummary(&sum, viewOf(run), JobSummaryLimit, "build/reports/index.html"); err != nil {
		t.Fatal(err)
	}
	if err := WriteJobCoverage(&sum, covReport(), JobSummaryLimit); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/summary.golden.md", sum.Bytes())
}

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100% done", "100%25 done", "100%25 done"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"file:12, col", "file:12, col", "file%3A12%2C col"},
		{"%0A literal", "%250A literal", "%250A literal"},
	} {
		if got := escapeData(tc.in); got != tc.data {
			t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeProperty(tc.in); got != tc.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
	if got := cell("<script>a|b</script>\n*x*"); got != `&lt;script&gt;a\|b&lt;/script&gt; \*x\*` {
		t.Errorf("cell = %q", got)
	}
	if got := cut("ééé", 9); got != "ééé" {
		t.Errorf("cut kept %q", got)
	}
	if got := cut(strings.Repeat("é", 10), 11); got != "é… (cut)" {
		t.Errorf("cut = %q", got)
	}
}

// TestBudget: a run with more failures than fit stays under the limit,
// whole, and says what it left out.
func TestBudget(t *testing.T) {
	run := result.Run{Workers: 1}
	for i := range 20000 {
		run.Scenarios = append(run.Scenarios, result.Scenario{Feature: "Big", Name: fmt.Sprintf("case %d", i),
			File: "features/big.feature", Line: i + 2, Order: i, Status: result.Failed,
			Error: strings.Repeat("long error ", 30), FailedStep: "Then it fails", FailedLine: i + 3})
	}
	var b bytes.Buffer
	if err := WriteJobSummary(&b, viewOf(run), JobSummaryLimit, "build/reports/index.html"); err != nil {
		t.Fatal(err)
	}
	if b.Len() > JobSummaryLimit || b.Len() < JobSummaryLimit/2 {
		t.Errorf("summary of %d bytes, want just under %d", b.Len(), JobSummaryLimit)
	}
	if !strings.Contains(b.String(), "more failures are not listed here") || !strings.Contains(b.String(), "0 passed, 20000 failed") {
		t.Errorf("the cut summary does not say so:\n%s", b.String()[b.Len()-600:])
	}
	var none bytes.Buffer
	if err := WriteJobSummary(&none, viewOf(run), 10, ""); err != nil || none.Len() != 0 {
		t.Errorf("a budget too small for the counts wrote %q", none.String())
	}
	if err := WriteJobCoverage(&none, covReport(), 10); err != nil || none.Len() != 0 {
		t.Errorf("a budget too small for the gate line wrote %q", none.String())
	}
	if err := WriteJobCoverage(&none, covReport(), 60); err != nil || strings.Contains(none.String(), "| package") || !strings.Contains(none.String(), "coverage: 95.0%") {
		t.Errorf("a small budget keeps the gate line only: %q", none.String())
	}
}

func TestPublish(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "summary.md")
	os.WriteFile(path, []byte("earlier step\n"), 0o644)
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }

	var out, errOut bytes.Buffer
	PublishGitHub(env(map[string]string{"GITHUB_STEP_SUMMARY": path}), &out, &errOut, viewOf(sample.Run()), GitHubOptions{Reports: "r"})
	PublishGitHubCoverage(env(map[string]string{"GITHUB_STEP_SUMMARY": path}), &errOut, covReport())
	if b, _ := os.ReadFile(path); out.Len() != 0 || string(b) != "earlier step\n" {
		t.Errorf("outside GitHub Actions something was written: %q, %q", out.String(), b)
	}

	gh := env(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": path})
	// Under mush.Test the rerun command is go test's, not BDD_PATHS.
	goTest := func(s result.Scenario) string { return "go test -run '^TestFeatures$/" + s.Name + "' ./features" }
	PublishGitHub(gh, &out, &errOut, view.New(sample.Run(), view.Options{RerunFor: goTest}), GitHubOptions{Reports: "r"})
	PublishGitHubCoverage(gh, &errOut, covReport())
	b, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(b), "earlier step\n### ❌ mush: 2 passed, 2 failed, 1 skipped") || !strings.Contains(string(b), "coverage: 95.0%") {
		t.Errorf("summary file:\n%s", b)
	}
	if strings.Count(out.String(), "::error ") != 2 || strings.Count(out.String(), "%0Arerun: go test -run '^TestFeatures$/") != 2 || errOut.Len() != 0 {
		t.Errorf("annotations %q, errors %q", out.String(), errOut.String())
	}

	out.Reset()
	PublishGitHub(env(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": dir}), &out, &errOut, viewOf(sample.Run()), GitHubOptions{Reports: "r"})
	if !strings.Contains(errOut.String(), "GITHUB_STEP_SUMMARY") || strings.Count(out.String(), "::error ") != 2 {
		t.Errorf("an unwritable summary: %q, annotations %q", errOut.String(), out.String())
	}
	out.Reset()
	PublishGitHub(env(map[string]string{"GITHUB_ACTIONS": "true"}), &out, &errOut, viewOf(sample.Run()), GitHubOptions{Reports: "r"})
	if strings.Count(out.String(), "::error ") != 2 {
		t.Errorf("without a summary file the annotations still come: %q", out.String())
	}

	// A merge of shards: the shards' jobs annotated their failures, the
	// merge job only summarises.
	out.Reset()
	os.WriteFile(path, nil, 0o644)
	PublishGitHub(gh, &out, &errOut, viewOf(sample.Run()), GitHubOptions{Reports: "r", Annotated: true})
	if b, _ := os.ReadFile(path); out.Len() != 0 || !strings.HasPrefix(string(b), "### ❌ mush: 2 passed, 2 failed, 1 skipped") {
		t.Errorf("already annotated: annotations %q, summary:\n%s", out.String(), b)
	}
}

// The job summary names the workers as the console summary does.
func TestSummaryWorkers(t *testing.T) {
	run := sample.Run()
	run.Auto, run.Workers, run.WorkersMin, run.WorkersMax = true, 16, 8, 16
	var b strings.Builder
	if err := WriteJobSummary(&b, viewOf(run), JobSummaryLimit, ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), " wall, 8-16 workers (auto, average ") {
		t.Errorf("summary:\n%s", b.String())
	}
}
