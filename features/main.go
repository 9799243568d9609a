// Command features runs mush's own specification, the feature files in this
// directory, through mush. `go tool mage unitTests` builds and runs it.
package main

import "github.com/mushbdd/mush/internal/runner"

func main() {
	runner.Main(runner.Suite{ScenarioInitializer: initializeScenario})
}
