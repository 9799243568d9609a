package report_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/report"
)

// TestJUnitSameAsGodog runs the reporting fixtures with plain godog and
// its "junit" formatter, and with mush on 4 workers in a shuffled order,
// and compares the two files name for name and element for element,
// durations and the root's name aside: every feature's testsuite, its
// testcases in file order (outline rows and repeated names numbered
// " #N"), and each one's outcome: a <failure>, an <error> of type
// undefined, pending or ambiguous, or none. The <error type="skipped">
// godog adds for each step after a failed one is left out.
func TestJUnitSameAsGodog(t *testing.T) {
	var want bytes.Buffer
	godog.TestSuite{
		Name:                 "godog",
		TestSuiteInitializer: fixtures.Suite(&fixtures.Recorder{}).TestSuiteInitializer,
		ScenarioInitializer:  fixtures.Suite(&fixtures.Recorder{}).ScenarioInitializer,
		Options: &godog.Options{Format: "junit", Output: &want, Paths: []string{reporting},
			Strict: true, NoColors: true, Concurrency: 1},
	}.Run()
	got, err := os.ReadFile(filepath.Join(runMush(t), report.JUnitFile))
	if err != nil {
		t.Fatal(err)
	}
	g, w := junitOutcomes(t, got), junitOutcomes(t, want.Bytes())
	if !slices.Equal(g, w) {
		t.Errorf("mush's junit.xml differs from godog's:\n--- mush\n%s\n--- godog\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
	// The comparison is not vacuous: the fixtures hold what must agree.
	for _, s := range []string{" #1: ", " #2: ", ": failure", ": error undefined", ": error pending", ": error ambiguous"} {
		if !strings.Contains(strings.Join(w, "\n"), s) {
			t.Errorf("godog's file lacks %q: the fixture no longer covers it", s)
		}
	}
}

type xProblem struct {
	Type string `xml:"type,attr"`
}

type xCase struct {
	Name     string     `xml:"name,attr"`
	Failures []xProblem `xml:"failure"`
	Errors   []xProblem `xml:"error"`
}

type xSuite struct {
	Name  string  `xml:"name,attr"`
	Cases []xCase `xml:"testcase"`
}

// junitOutcomes reads a JUnit file as "suite › testcase: outcome" lines,
// the suites by name, the testcases in their order.
func junitOutcomes(t *testing.T, b []byte) []string {
	t.Helper()
	var doc struct {
		Suites []xSuite `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%v:\n%s", err, b)
	}
	slices.SortStableFunc(doc.Suites, func(a, b xSuite) int { return strings.Compare(a.Name, b.Name) })
	var out []string
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			outcome := "passed"
			if len(c.Failures) > 0 {
				outcome = "failure"
			} else if i := slices.IndexFunc(c.Errors, func(p xProblem) bool { return p.Type != "skipped" }); i >= 0 {
				outcome = "error " + c.Errors[i].Type
			}
			out = append(out, s.Name+" › "+c.Name+": "+outcome)
		}
	}
	return out
}
