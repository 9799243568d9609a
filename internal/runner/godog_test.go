package runner

import (
	"errors"
	"io"
	"testing"
	"unsafe"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/result"
)

// TestVerdict: a scenario's status is its worst step's, in the order
// failed, ambiguous, undefined, pending; a scenario with a passed step and
// the rest skipped passed; one whose steps were all skipped is skipped, and
// one without steps passed.
func TestVerdict(t *testing.T) {
	steps := func(ss ...result.Status) []result.Step {
		var out []result.Step
		for _, s := range ss {
			out = append(out, result.Step{Status: s})
		}
		return out
	}
	for _, tc := range []struct {
		steps []result.Step
		want  result.Status
	}{
		{nil, result.Passed},
		{steps(result.Skipped, result.Skipped), result.Skipped},
		{steps(result.Passed, result.Skipped), result.Passed},
		{steps(result.Passed, result.Pending, result.Failed), result.Failed},
		{steps(result.Undefined, result.Ambiguous), result.Ambiguous},
		{steps(result.Pending, result.Undefined, result.Skipped), result.Undefined},
		{steps(result.Passed, result.Pending), result.Pending},
	} {
		if got := verdict(tc.steps); got != tc.want {
			t.Errorf("verdict(%v) = %s, want %s", tc.steps, got, tc.want)
		}
	}
}

// TestDescribe names what stopped a scenario: the step and why.
func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		status result.Status
		want   string
	}{
		{result.Undefined, "undefined step: I fly"},
		{result.Pending, "pending step: I fly"},
		{result.Failed, "failed step: I fly"},
		{result.Ambiguous, "ambiguous step: I fly"},
	} {
		if got := describe(result.Step{Status: tc.status, Text: "I fly"}); got != tc.want {
			t.Errorf("describe(%s step) = %q, want %q", tc.status, got, tc.want)
		}
	}
}

// TestCollectorSet records a step's result by godog's step id; an id the
// scenario does not have (or an index past its steps) changes nothing.
func TestCollectorSet(t *testing.T) {
	col := newCollector(discover.Scenario{Steps: []discover.Step{{Keyword: "Given ", Text: "a", Line: 3}}})
	col.ids = map[string]int{"s1": 0, "s9": 5}
	col.set(&messages.PickleStep{Id: "unknown"}, result.Failed, errors.New("no"), stepDetails{})
	col.set(&messages.PickleStep{Id: "s9"}, result.Failed, errors.New("no"), stepDetails{})
	steps, _, _ := col.snapshot()
	if len(steps) != 1 || steps[0].Status != result.Skipped || steps[0].Error != "" {
		t.Fatalf("after unknown ids: %+v, want the one step still skipped", steps)
	}
	col.set(&messages.PickleStep{Id: "s1"}, result.Failed, errors.New("boom"), stepDetails{match: "steps.go:12"})
	steps, _, _ = col.snapshot()
	if steps[0].Status != result.Failed || steps[0].Error != "boom" || steps[0].Match != "steps.go:12" || steps[0].Line != 3 {
		t.Errorf("after s1 failed: %+v", steps[0])
	}
}

// TestDetailsWithoutStorage: a formatter godog has not given its storage
// yet reports no details instead of failing.
func TestDetailsWithoutStorage(t *testing.T) {
	for _, f := range []*formatter{{}, {BaseFmt: godog.NewBaseFmt("mush", io.Discard)}} {
		if d := f.details(&messages.PickleStep{Id: "s1"}); d.match != "" || d.embeddings != nil {
			t.Errorf("details = %+v, want none", d)
		}
	}
}

// TestPerScenario: no initializer stays none; one is called, once per
// suite context it is given.
func TestPerScenario(t *testing.T) {
	if perScenario(nil) != nil {
		t.Error("perScenario(nil) is not nil")
	}
	calls := 0
	init := perScenario(func(*godog.TestSuiteContext) { calls++ })
	init(&godog.TestSuiteContext{})
	init(&godog.TestSuiteContext{})
	if calls != 2 {
		t.Errorf("initializer called %d times for 2 contexts, want 2", calls)
	}
}

// TestMatchOf: the steps one definition matches share one Match string.
func TestMatchOf(t *testing.T) {
	a, b := matchOf(result.Loc{File: "steps.go", Line: 12}), matchOf(result.Loc{File: "steps.go", Line: 12})
	c := matchOf(result.Loc{File: "steps.go", Line: 13})
	if a != "steps.go:12" || c != "steps.go:13" || unsafe.StringData(a) != unsafe.StringData(b) {
		t.Errorf("matchOf gave %q, %q (the same string: %v), %q", a, b, unsafe.StringData(a) == unsafe.StringData(b), c)
	}
}
