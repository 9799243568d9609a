package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cucumber/godog"
)

// usageSteps check build/reports/usage.json of the last run.
func usageSteps(sc *godog.ScenarioContext, w *world) {
	sc.Step(`^usage.json says "(.*)" matched (\d+) steps?$`, func(pattern string, n int) error {
		d, err := w.definition(pattern)
		if err == nil && (d.Steps != n || d.Unused) {
			err = fmt.Errorf("%q matched %d steps (unused: %v), want %d", pattern, d.Steps, d.Unused, n)
		}
		return err
	})
	sc.Step(`^usage.json says "(.*)" is unused$`, func(pattern string) error {
		d, err := w.definition(pattern)
		if err == nil && (d.Steps != 0 || !d.Unused) {
			err = fmt.Errorf("%q matched %d steps (unused: %v), want unused", pattern, d.Steps, d.Unused)
		}
		return err
	})
}

type usedDefinition struct {
	Pattern string
	Steps   int
	Unused  bool
}

// definition is the entry of pattern in usage.json.
func (w *world) definition(pattern string) (usedDefinition, error) {
	var doc struct{ Definitions []usedDefinition }
	b, err := os.ReadFile(filepath.Join(w.dir, "reports", "usage.json"))
	if err == nil {
		err = json.Unmarshal(b, &doc)
	}
	if err != nil {
		return usedDefinition{}, err
	}
	for _, d := range doc.Definitions {
		if d.Pattern == pattern {
			return d, nil
		}
	}
	return usedDefinition{}, fmt.Errorf("no definition %q in usage.json", pattern)
}
