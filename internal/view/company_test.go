package view

import (
	"slices"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/result"
)

// What the summary and the reports say of a failure run again alone.
func TestCompany(t *testing.T) {
	run := result.Run{Scenarios: []result.Scenario{
		{Name: "Alice", File: "a.feature", Line: 3, Status: result.Failed, Alone: "passed",
			Beside: []string{"a.feature:9"}, Before: []string{"b.feature:2"}, Culprit: "a.feature:9"},
		{Name: "Bob", File: "a.feature", Line: 9, Status: result.Passed},
		{Name: "Carol", File: "b.feature", Line: 2, Status: result.Failed, Alone: "passed", Before: []string{"b.feature:5"}, Culprit: "b.feature:5"},
		{Name: "Dan", File: "b.feature", Line: 5, Status: result.Failed, Alone: "passed", Beside: []string{"c.feature:1"}},
		{Name: "Eve", File: "b.feature", Line: 7, Status: result.Failed, Alone: "failed"},
		{Name: "Fay", File: "b.feature", Line: 9, Status: result.Failed},
	}}
	v := New(run, Options{})
	want := [][]string{
		{"passes alone: run again alone in a fresh process, it passed; it fails only in company",
			"ran beside it: a.feature:9 (Bob)", "ran before it in its process: b.feature:2 (Carol)",
			"culprit: a.feature:9 (Bob) makes it fail when the two run side by side",
			`fix: BDD_ISOLATION=process, or tag it @serial (README, "Suites that share state")`},
		{"passes alone: run again alone in a fresh process, it passed; it fails only in company",
			"ran before it in its process: b.feature:5 (Dan)",
			"culprit: b.feature:5 (Dan) makes it fail when it runs first in the same process",
			`fix: BDD_ISOLATION=process, or tag it @serial (README, "Suites that share state")`},
		{"passes alone: run again alone in a fresh process, it passed; it fails only in company",
			"ran beside it: c.feature:1",
			"culprit: none of these, tried one at a time with it in a fresh process, made it fail",
			`fix: BDD_ISOLATION=process, or tag it @serial (README, "Suites that share state")`},
		{"fails alone too: run again alone in a fresh process, it failed again"},
		nil,
	}
	for i, f := range v.Failures {
		if !slices.Equal(f.Company, want[i]) {
			t.Errorf("%s:\n got %q\nwant %q", f.Name, f.Company, want[i])
		}
	}
	notes := []string{"culprit: a.feature:9, side by side", "culprit: b.feature:5, run first in the same process", "fails only in company; fix:",
		"fails alone too", ""}
	for i, f := range v.Failures {
		note := AloneNote(*f.Scenario)
		if notes[i] == "" && note != "" || !strings.Contains(note, notes[i]) {
			t.Errorf("%s: note %q, want it to say %q", f.Name, note, notes[i])
		}
	}
}
