// Command features runs mush's own specification, the feature files in this
// directory, through mush's public door, mush.Main, as any adopter's runner
// does. `go tool mage unitTests` builds and runs it.
package main

import "github.com/mushbdd/mush"

func main() {
	mush.Main(mush.Suite{ScenarioInitializer: initializeScenario})
}
