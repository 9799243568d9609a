package runner

import (
	"context"
	"strings"
	"testing"

	"github.com/cucumber/godog"
	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/discover"
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
	sc := discover.Scenario{File: "f.feature", Content: []byte(content)}
	res := runScenario(context.Background(), Suite{}, sc, newCollector(sc), false)
	if res.Snippet == "" {
		t.Fatal("godog wrote no snippet")
	}
	if got := snippets(pickleSteps(sc)); strings.TrimSpace(got) != res.Snippet {
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
	defs, err := stepDefs(s)
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
	if _, err := stepDefs(Suite{ScenarioInitializer: func(sc *godog.ScenarioContext) { sc.Step(`^x$`, 42) }}); err == nil ||
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
