package view

import (
	"slices"
	"strings"

	"github.com/mushbdd/mush/internal/result"
)

// What company and AloneNote both say, so the summary and the reports agree.
const (
	failsAlone   = "fails alone too: run again alone in a fresh process, it failed again"
	passesAlone  = "passes alone: run again alone in a fresh process, it passed; it fails only in company"
	isolationFix = `fix: BDD_ISOLATION=process, or tag it @serial (README, "Suites that share state")`
)

// company is what every report says under a failed scenario its supervisor
// ran again alone (result.Scenario.Alone): one line a fact, without
// colour, the scenarios named by location and name; nil when it was not
// run again.
func company(s *result.Scenario, byLoc map[string]*result.Scenario) []string {
	switch s.Alone {
	case "failed":
		return []string{failsAlone}
	case "passed":
	default:
		return nil
	}
	lines := []string{passesAlone}
	if len(s.Beside) > 0 {
		lines = append(lines, "ran beside it: "+named(s.Beside, byLoc))
	}
	if len(s.Before) > 0 {
		lines = append(lines, "ran before it in its process: "+named(s.Before, byLoc))
	}
	switch {
	case s.Culprit == "":
		lines = append(lines, "culprit: none of these, tried one at a time with it in a fresh process, made it fail")
	case slices.Contains(s.Beside, s.Culprit):
		lines = append(lines, "culprit: "+named([]string{s.Culprit}, byLoc)+" makes it fail when the two run side by side")
	default:
		lines = append(lines, "culprit: "+named([]string{s.Culprit}, byLoc)+" makes it fail when it runs first in the same process")
	}
	return append(lines, isolationFix)
}

// named lists locations with the scenarios' names.
func named(locs []string, byLoc map[string]*result.Scenario) string {
	parts := make([]string, len(locs))
	for i, loc := range locs {
		parts[i] = loc
		if s, ok := byLoc[loc]; ok {
			parts[i] += " (" + s.Name + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// AloneNote is the one-line note the reports (junit.xml, index.html) give
// a failed scenario its supervisor ran again alone; "" when it was not.
func AloneNote(s result.Scenario) string {
	switch s.Alone {
	case "failed":
		return failsAlone
	case "passed":
	default:
		return ""
	}
	note := passesAlone
	switch {
	case s.Culprit == "":
	case slices.Contains(s.Beside, s.Culprit):
		note += "; culprit: " + s.Culprit + ", side by side"
	default:
		note += "; culprit: " + s.Culprit + ", run first in the same process"
	}
	return note + "; " + isolationFix
}
