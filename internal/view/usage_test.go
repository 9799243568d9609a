package view

import (
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/result"
)

// TestUsage: each step counts for the definition it matched, told apart by
// pattern where two share a location (registered through one helper);
// durations count the steps that ran; unused definitions are looked for
// only in a complete run whose scenarios all ran.
func TestUsage(t *testing.T) {
	defs := []result.Definition{
		{Pattern: "^a$", File: "steps/s.go", Line: 10},
		{Pattern: "^b$", File: "steps/s.go", Line: 10}, // the same helper line
		{Pattern: "^never$", File: "steps/s.go", Line: 12},
	}
	st := func(pattern string, status result.Status, d time.Duration, line int) result.Step {
		return result.Step{Match: "s.go:10", Pattern: pattern, Status: status, Duration: d, Line: line}
	}
	run := result.Run{Definitions: defs, Complete: true, Scenarios: []result.Scenario{
		{File: "f.feature", Line: 2, Status: result.Failed, Steps: []result.Step{
			st("^a$", result.Passed, 2*time.Second, 3), st("^b$", result.Failed, time.Second, 4), st("^a$", result.Skipped, 0, 5)}},
		{File: "f.feature", Line: 7, Status: result.Passed, Steps: []result.Step{st("^a$", result.Passed, 4*time.Second, 8)}},
	}}
	v := New(run, Options{})
	a, b := v.Usage[0], v.Usage[1]
	if a.Steps != 3 || a.Ran != 2 || a.Mean() != 3*time.Second || a.Longest != 4*time.Second || a.At != "f.feature:8" {
		t.Errorf("^a$: %+v (mean %v)", a, a.Mean())
	}
	if b.Steps != 1 || b.Ran != 1 || b.At != "f.feature:4" {
		t.Errorf("^b$: %+v", b)
	}
	if !v.UnusedChecked || len(v.Unused) != 1 || v.Unused[0].Pattern != "^never$" || v.Unused[0].Mean() != 0 {
		t.Errorf("unused %+v, checked %v", v.Unused, v.UnusedChecked)
	}
	for name, change := range map[string]func(*result.Run){
		"not complete": func(r *result.Run) { r.Complete = false },
		"a scenario not run": func(r *result.Run) {
			r.Scenarios = append(r.Scenarios, result.Scenario{Status: result.Skipped, Error: "not run: interrupted"})
		},
		"a crash": func(r *result.Run) { r.Scenarios = append(r.Scenarios, result.Scenario{Status: result.Crashed}) },
	} {
		r := run
		r.Scenarios = append([]result.Scenario(nil), run.Scenarios...)
		change(&r)
		if v := New(r, Options{}); v.UnusedChecked || len(v.Unused) != 0 || len(v.Usage) != 3 {
			t.Errorf("%s: unused %+v, checked %v", name, v.Unused, v.UnusedChecked)
		}
	}
	if v := New(result.Run{}, Options{}); v.Usage != nil || v.UnusedChecked {
		t.Errorf("a run without definitions: %+v", v.Usage)
	}
}
