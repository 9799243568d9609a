package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/golden"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/runner"
	"github.com/mushbdd/mush/internal/sample"
	"github.com/mushbdd/mush/internal/view"
)

const reporting = "../fixtures/reporting"

// TestSameAsGodog runs the reporting fixtures twice: sequentially with
// plain godog and its "cucumber" formatter, and with mush on 4 workers in
// a shuffled order. The two files must agree field by field, durations
// aside: ids, uris, lines, keywords, descriptions, comments, tags, doc
// strings, tables, matches, statuses, errors and embeddings.
func TestSameAsGodog(t *testing.T) {
	suite := fixtures.Suite(&fixtures.Recorder{})
	var want bytes.Buffer
	godog.TestSuite{
		Name:                 "godog",
		TestSuiteInitializer: suite.TestSuiteInitializer,
		ScenarioInitializer:  suite.ScenarioInitializer,
		Options: &godog.Options{Format: "cucumber", Output: &want, Paths: []string{reporting},
			Strict: true, NoColors: true, Concurrency: 1},
	}.Run()

	got, err := os.ReadFile(filepath.Join(runMush(t), report.CucumberFile))
	if err != nil {
		t.Fatal(err)
	}
	g, w := withoutDurations(t, got), withoutDurations(t, want.Bytes())
	if diffs := diff("", g, w); len(diffs) > 0 {
		t.Errorf("mush's cucumber.json differs from godog's:\n%s\n--- mush\n%s\n--- godog\n%s", strings.Join(diffs, "\n"), got, want.Bytes())
	}
	// The comparison is not vacuous: the fixtures hold what must agree.
	for _, s := range []string{`"embeddings"`, `"doc_string"`, `"rows"`, `"comments"`, `"error_message": "card declined"`,
		`"status": "undefined"`, `"status": "pending"`, `;small-ones;3"`, `"line": 1`} {
		if !bytes.Contains(want.Bytes(), []byte(s)) {
			t.Errorf("godog's file lacks %s: the fixture no longer covers it", s)
		}
	}
	if !bytes.Contains(got, []byte(`"duration": `)) {
		t.Error("mush's file has no durations")
	}
}

// runMush runs the reporting fixtures with mush on 4 workers in a
// shuffled order and returns its reports directory.
func runMush(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{"BDD_PATHS": reporting, "BDD_WORKERS": "4", "BDD_SEED": "7",
		"BDD_REPORTS_DIR": dir, "BDD_TIMINGS": filepath.Join(dir, "timings.json")}
	var out bytes.Buffer
	if code := runner.ExitCode(runner.Run(context.Background(), fixtures.Suite(&fixtures.Recorder{}), runner.Env{
		Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &out,
	})); code != 1 {
		t.Fatalf("mush exit code %d, want 1:\n%s", code, out.String())
	}
	return dir
}

// withoutDurations parses a report and drops every "duration".
func withoutDurations(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v:\n%s", err, b)
	}
	var strip func(any)
	strip = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			delete(x, "duration")
			for _, e := range x {
				strip(e)
			}
		case []any:
			for _, e := range x {
				strip(e)
			}
		}
	}
	strip(v)
	return v
}

// diff lists the paths where got and want differ.
func diff(path string, got, want any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %v, want an object", path, got)}
		}
		var out []string
		keys := map[string]bool{}
		for k := range w {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range keys {
				if !yield(k) {
					return
				}
			}
		}) {
			out = append(out, diff(path+"."+k, g[k], w[k])...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: %d elements, want %d", path, len(g), len(w))}
		}
		var out []string
		for i := range w {
			out = append(out, diff(fmt.Sprintf("%s[%d]", path, i), g[i], w[i])...)
		}
		return out
	}
	if !reflect.DeepEqual(got, want) {
		return []string{fmt.Sprintf("%s: %v, want %v", path, got, want)}
	}
	return nil
}

const basket = `Feature: Basket
  Fruit in a basket.
  Background:
    Given a basket

  @smoke
  Scenario: add apples
    When I add 2 apples



  Scenario: weigh fruit
    # weighing
    When I add 2 apples
    Then the basket holds 2 apples
`

// TestGolden writes the sample run: features/basket.feature is read from
// disk, features/escaping.feature is missing and written from the records.
func TestCucumberGolden(t *testing.T) {
	dir := basketDir(t)
	var b bytes.Buffer
	if err := report.WriteCucumber(&b, view.New(sample.Run(), view.Options{}), report.FeatureFiles(dir)); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/cucumber.golden.json", b.Bytes())

	var empty bytes.Buffer
	if err := report.WriteCucumber(&empty, view.New(sample.Run(), view.Options{}), nil); err != nil || !bytes.Contains(empty.Bytes(), []byte(`"uri": "features/basket.feature"`)) {
		t.Errorf("without a source: %v\n%s", err, empty.Bytes())
	}
	if _, err := report.FeatureFiles(dir)("missing.feature"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

// basketDir is a directory with the sample run's features/basket.feature.
func basketDir(t *testing.T) string {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "features"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "features", "basket.feature"), []byte(basket), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestWriteEdges: a run without scenarios is an empty list, and the
// writer's error comes back.
func TestWriteEdges(t *testing.T) {
	var b bytes.Buffer
	if err := report.WriteCucumber(&b, view.New(result.Run{}, view.Options{}), nil); err != nil || b.String() != "[]\n" {
		t.Errorf("empty run: %v, %q; want \"[]\\n\"", err, b.String())
	}
	boom := errors.New("disk full")
	if err := report.WriteCucumber(failingWriter{boom}, view.New(sample.Run(), view.Options{}), nil); !errors.Is(err, boom) {
		t.Errorf("err = %v, want the writer's", err)
	}
}

type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }

// TestCucumberFromRecords: a feature file that cannot be read or no longer
// parses is written from the scenarios' records, as with no source; so is
// one whose scenario moved (no pickle at its line).
func TestCucumberFromRecords(t *testing.T) {
	v := view.New(sample.Run(), view.Options{})
	var want bytes.Buffer
	if err := report.WriteCucumber(&want, v, nil); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]report.Source{
		"unreadable": func(string) ([]byte, error) { return nil, os.ErrNotExist },
		"not gherkin": func(string) ([]byte, error) {
			return []byte("# language: zz\nFeature: F\n"), nil
		},
		"no feature": func(string) ([]byte, error) { return []byte("# nothing\n"), nil },
	} {
		var got bytes.Buffer
		if err := report.WriteCucumber(&got, v, src); err != nil || got.String() != want.String() {
			t.Errorf("%s: %v\n%s\nwant\n%s", name, err, got.String(), want.String())
		}
	}
	moved := func(string) ([]byte, error) {
		return []byte("Feature: F\n\n\n\n\n\n\n\n\n\n\n\n  Scenario: far\n    Given a\n"), nil
	}
	var got bytes.Buffer
	if err := report.WriteCucumber(&got, v, moved); err != nil || !strings.Contains(got.String(), `"keyword": "Feature"`) {
		t.Errorf("moved scenarios: %v\n%s", err, got.String())
	}
}
