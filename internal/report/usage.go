package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// UsageFile is the step usage report WriteAll writes for a run that lists
// its step definitions.
const UsageFile = "usage.json"

// UsageVersion is the version of the usage file's format.
const UsageVersion = 1

type usageJSON struct {
	Version int `json:"version"`
	// Complete: the run selected every scenario of its feature
	// directories and ran them all, so "unused" means unused by the suite;
	// Unused counts those definitions then (0 otherwise).
	Complete    bool             `json:"complete"`
	Unused      int              `json:"unused"`
	Definitions []definitionJSON `json:"definitions"`
}

type definitionJSON struct {
	Pattern     string  `json:"pattern"`
	Location    string  `json:"location"`
	Steps       int     `json:"steps"`
	Ran         int     `json:"ran"`
	MeanS       float64 `json:"mean_s"`
	LongestS    float64 `json:"longest_s"`
	LongestStep string  `json:"longest_step,omitempty"`
	Unused      bool    `json:"unused,omitempty"`
}

// WriteUsage writes every step definition of the run, in the order the
// suite registered them, with its pattern, where it is, how many steps it
// matched, how many of those ran, their mean and longest time in seconds
// and the longest step's location; "unused" marks a definition no step
// used in a complete run.
func WriteUsage(w io.Writer, v *view.View) error {
	doc := usageJSON{Version: UsageVersion, Complete: v.UnusedChecked, Unused: len(v.Unused),
		Definitions: make([]definitionJSON, len(v.Usage))}
	for i := range v.Usage {
		u := &v.Usage[i]
		doc.Definitions[i] = definitionJSON{Pattern: u.Pattern, Location: result.Loc{File: u.File, Line: u.Line}.String(),
			Steps: u.Steps, Ran: u.Ran, MeanS: u.Mean().Seconds(), LongestS: u.Longest.Seconds(), LongestStep: u.At, Unused: v.UnusedChecked && u.Steps == 0}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("report: encode usage: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
