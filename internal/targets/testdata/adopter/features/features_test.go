package main

import (
	"testing"

	"github.com/mushbdd/mush"
)

// TestFeatures runs the same suite inside go test: each scenario is a
// subtest, `go test -run 'TestFeatures/Arithmetic' -v ./features` runs one
// feature.
func TestFeatures(t *testing.T) {
	mush.Test(t, mush.Suite{
		TestSuiteInitializer: InitializeTestSuite,
		ScenarioInitializer:  InitializeScenario,
	})
}
