package runner

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/result"
)

// TestPoolDropsTheTextOfWhatRan: a scenario that ran, its retry included,
// keeps only who it is in the plan, its result whole; one never handed out
// keeps its text and steps.
func TestPoolDropsTheTextOfWhatRan(t *testing.T) {
	scenario := func(line int) discover.Scenario {
		return discover.Scenario{Feature: "F", Name: "S", File: "f.feature", Line: line, Order: line - 2,
			Steps:   []discover.Step{{Keyword: "Given ", Text: "a step", Line: line + 1}},
			Content: []byte("Feature: F\n  Scenario: S\n    Given a step\n")}
	}
	scs := []discover.Scenario{scenario(2), scenario(5)}
	tries := 0
	s := Suite{ScenarioInitializer: func(sc *godog.ScenarioContext) {
		sc.Step(`^a step$`, func() error {
			if tries++; tries == 1 {
				return errors.New("the first try fails") // the retry must still have the text
			}
			return nil
		})
	}}
	run, _ := pool(context.Background(), s, plan{scenarios: scs, keys: []string{"f.feature:2", "f.feature:5"},
		order: []int{0}, workers: 1, retry: 1, grace: time.Second}, nil)
	if got := run.Scenarios[0]; got.Status != result.Passed || len(got.Retries) != 1 || len(got.Steps) != 1 || got.Steps[0].Text != "a step" {
		t.Errorf("the scenario that ran: %+v, want passed on its retry with its step", got)
	}
	if scs[0].Content != nil || scs[0].Steps != nil || scs[0].Name != "S" {
		t.Errorf("the plan keeps %d bytes of text and %d steps of the scenario that ran (name %q), want who it is only", len(scs[0].Content), len(scs[0].Steps), scs[0].Name)
	}
	if scs[1].Content == nil || len(scs[1].Steps) != 1 || run.Scenarios[1].Status != result.Skipped {
		t.Errorf("the scenario not handed out: %d bytes of text, %d steps, result %s; want its text kept, skipped", len(scs[1].Content), len(scs[1].Steps), run.Scenarios[1].Status)
	}
}
