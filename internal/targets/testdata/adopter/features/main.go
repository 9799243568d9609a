// Command features runs the feature files in this directory through mush:
// `go run ./features`, or `go tool mage unitTests`.
package main

import "github.com/mushbdd/mush"

func main() {
	mush.Main(mush.Suite{
		TestSuiteInitializer: InitializeTestSuite,
		ScenarioInitializer:  InitializeScenario,
	})
}
