// Command features runs mush's own specification, the feature files in this
// directory, through mush's public door, mush.Main, as any adopter's runner
// does. `go tool mage unitTests` builds and runs it.
package main

import (
	"os"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush"
	"github.com/mushbdd/mush/internal/shard"
)

func main() {
	mush.Main(mush.Suite{TestSuiteInitializer: initializeSuite, ScenarioInitializer: initializeScenario})
}

// initializeSuite: once this runner has read its own settings (it may be
// one shard of a CI run), the runs of mush that the scenarios start in
// this process are never a shard of anything; their own steps say when
// they are.
func initializeSuite(ts *godog.TestSuiteContext) {
	ts.BeforeSuite(func() { os.Setenv(shard.Var, shard.None) })
}
