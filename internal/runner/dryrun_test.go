package runner

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cucumber/godog"
	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/exitcode"
)

// TestSnippetsAreGodogs: the snippets of a dry run are the ones godog
// writes when it runs the same undefined steps (numbers, quoted strings,
// a table, a doc string, the same expression twice).
func TestSnippetsAreGodogs(t *testing.T) {
	content := "Feature: F\n  Scenario: S\n" +
		"    Given I have 3 apples and \"red\" ones\n" +
		"    When I eat 2 of them, 1 \"green\" (or more)\n" +
		"    Then the bed holds:\n      | a |\n" +
		"    And a doc:\n      \"\"\"\n      x\n      \"\"\"\n" +
		"    And I have 3 apples and \"red\" ones\n"
	dir := t.TempDir()
	file := filepath.Join(dir, "f.feature")
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	sel, err := discover.Select(config.Settings{Paths: []string{file}, Timings: filepath.Join(dir, "timings.json")}, discover.SelectOptions{})
	if err != nil || len(sel.Scenarios) != 1 {
		t.Fatalf("%v, %d scenarios", err, len(sel.Scenarios))
	}
	sc := sel.Scenarios[0]
	res := runScenario(context.Background(), Suite{}, sc, newCollector(sc))
	if res.Snippet == "" {
		t.Fatal("godog wrote no snippet")
	}
	if got := snippets(sc.Steps); strings.TrimSpace(got) != res.Snippet {
		t.Errorf("snippets:\n%s\ngodog's:\n%s", got, res.Snippet)
	}
	if snippets(nil) != "" {
		t.Error("snippets of no step is not empty")
	}
}

// TestStepDefs: the definitions registered by both initializers come back
// in order with their patterns, files and lines, and no hook runs; a
// registration that panics is an error; godog's keyword limits hold.
func TestStepDefs(t *testing.T) {
	ran := false
	s := Suite{
		TestSuiteInitializer: func(ts *godog.TestSuiteContext) {
			ts.BeforeSuite(func() { ran = true })
			ts.ScenarioContext().Step(`^a$`, func() {})
		},
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			sc.Before(func(ctx context.Context, _ *godog.Scenario) (context.Context, error) { ran = true; return ctx, nil })
			sc.Then(`^b (\d+)$`, func(int) {})
		},
	}
	defs, err := stepDefs(s, ".")
	if err != nil || len(defs) != 2 || ran {
		t.Fatalf("stepDefs = %+v, %v (a hook ran: %v)", defs, err, ran)
	}
	if defs[0].Pattern != "^a$" || defs[1].Pattern != `^b (\d+)$` || !strings.HasPrefix(defs[1].Match(), "dryrun_test.go:") {
		t.Errorf("defs %+v", defs)
	}
	if got := matches(defs, "b 3", messages.PickleStepType_ACTION); len(got) != 0 {
		t.Errorf("a Then definition matched a When step: %+v", got)
	}
	if got := matches(defs, "b 3", messages.PickleStepType_OUTCOME); len(got) != 1 {
		t.Errorf("a Then step: %+v", got)
	}
	if _, err := stepDefs(Suite{ScenarioInitializer: func(sc *godog.ScenarioContext) { sc.Step(`^x$`, 42) }}, "."); err == nil ||
		!strings.Contains(err.Error(), "expected handler to be func") {
		t.Errorf("a bad registration: %v", err)
	}
	for k, typ := range map[formatters.Keyword]messages.PickleStepType{formatters.Given: messages.PickleStepType_CONTEXT,
		formatters.When: messages.PickleStepType_ACTION, formatters.None: messages.PickleStepType_UNKNOWN} {
		if !keywordMatches(k, typ) || !keywordMatches(k, messages.PickleStepType_UNKNOWN) {
			t.Errorf("keyword %v does not match %v", k, typ)
		}
	}
}

// TestSnippetNames: a step with no word to name its function from gets a
// numbered one, one per distinct expression.
func TestSnippetNames(t *testing.T) {
	got := snippets([]discover.Step{{Text: "42"}, {Text: `7 "x"`}, {Text: "43"}})
	for _, want := range []string{"func stepDefinition1(", "func stepDefinition2(", `ctx.Step(` + "`" + `^(\d+)$` + "`" + `, stepDefinition1)`} {
		if !strings.Contains(got, want) {
			t.Errorf("snippets lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "stepDefinition3") {
		t.Errorf("the same expression twice gave two functions:\n%s", got)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestDryRunErrors: step definitions that cannot be read end a dry run
// with exit 1, a plan that cannot be written with the reports' exit code.
func TestDryRunErrors(t *testing.T) {
	panics := Suite{ScenarioInitializer: func(sc *godog.ScenarioContext) { panic("boom") }}
	if _, err := dryRun(panics, Env{Stdout: io.Discard}, config.Settings{}, discover.Plan{}, "."); exitcode.Code(err) != exitcode.Failed ||
		!strings.Contains(err.Error(), "dry run: registering the step definitions: boom") {
		t.Errorf("panicking initializer: %v (exit %d)", err, exitcode.Code(err))
	}
	_, err := dryRun(Suite{}, Env{Stdout: failingWriter{}}, config.Settings{}, discover.Plan{}, ".")
	if exitcode.Code(err) != exitcode.Reports || !strings.Contains(err.Error(), "dry run: writing the plan: disk full") {
		t.Errorf("failing stdout: %v (exit %d)", err, exitcode.Code(err))
	}
}

// TestReflectionShapes: contexts or definitions of another shape than
// godog v0.16's are refused (errGodogShape), never read wrong.
func TestReflectionShapes(t *testing.T) {
	type one struct{ suite *struct{ steps []int } }
	type other struct{ suite *struct{ hooks []int } }
	type notPointer struct{ suite struct{} }
	for name, contexts := range map[string][]any{
		"no suite field":       {&struct{ x int }{}},
		"suite not a pointer":  {&notPointer{}},
		"two kinds of suite":   {&one{}, &other{}},
		"pointer to no struct": {&struct{ suite *int }{}},
	} {
		var vs []reflect.Value
		for _, c := range contexts {
			vs = append(vs, reflect.ValueOf(c).Elem())
		}
		if _, ok := newSuite(vs...); ok {
			t.Errorf("%s: newSuite accepted it", name)
		}
	}
	a, b := &one{}, &one{}
	s, ok := newSuite(reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())
	if !ok || a.suite == nil || a.suite != b.suite || s.Addr().Interface() != any(a.suite) {
		t.Errorf("newSuite of one shape: ok %v, suites %p %p", ok, a.suite, b.suite)
	}

	d := reflect.ValueOf(struct {
		File string
		Line int
	}{"x.go", 3})
	if f, ok := field[string](d, "File"); !ok || f != "x.go" {
		t.Errorf("File = %q, %v", f, ok)
	}
	if _, ok := field[string](d, "Line"); ok {
		t.Error("an int field read as a string")
	}
	if _, ok := field[string](d, "Expr"); ok {
		t.Error("a missing field read")
	}
	if _, ok := field[string](reflect.ValueOf("x.go"), "File"); ok {
		t.Error("a field of a string read")
	}
}

// TestRelative: a definition's file is shown relative to the working
// directory when it is under it, else as it is.
func TestRelative(t *testing.T) {
	dir := t.TempDir()
	for path, want := range map[string]string{
		filepath.Join(dir, "a", "b.go"): "a/b.go",
		filepath.Dir(dir):               filepath.Dir(dir),
		"/elsewhere/c.go":               "/elsewhere/c.go",
	} {
		if got := config.Shown(dir, path); got != want {
			t.Errorf("Shown(%q, %q) = %q, want %q", dir, path, got, want)
		}
	}
}
