package mush_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush"
)

// InitializeTestSuite and InitializeScenario stand for a godog suite's own
// initializers, passed to mush unchanged.
func InitializeTestSuite(ctx *godog.TestSuiteContext) {
	ctx.BeforeSuite(func() { /* once per run: start a server, build fixtures */ })
	ctx.ScenarioContext().Step(`^a passing step$`, func() error { return nil })
}

func InitializeScenario(ctx *godog.ScenarioContext) {
	ctx.Step(`^(\d+) plus (\d+) is (\d+)$`, func(a, b, c int) error { return nil })
}

// The feature runner, features/main.go: `go run ./features` and the Mage
// targets run it.
func ExampleMain() {
	mush.Main(mush.Suite{
		TestSuiteInitializer: InitializeTestSuite,
		ScenarioInitializer:  InitializeScenario,
	})
}

// The same suite inside go test, features/features_test.go: each scenario
// is a subtest TestFeatures/<feature>/<scenario>, so
// `go test -run 'TestFeatures/Login' -v ./features` runs one feature.
func ExampleTest() {
	TestFeatures := func(t *testing.T) {
		mush.Test(t, mush.Suite{
			TestSuiteInitializer: InitializeTestSuite,
			ScenarioInitializer:  InitializeScenario,
		})
	}
	_ = TestFeatures
}

// A suite without suite hooks needs only a ScenarioInitializer.
func ExampleSuite() {
	suite := mush.Suite{ScenarioInitializer: InitializeScenario}
	_ = suite
}

// Each worker copies its fixtures into a directory of its own, so that
// scenarios running at the same time never share one: as goroutines of one
// process, or with BDD_ISOLATION=process in worker processes (which also
// find the id in MUSH_WORKER). Outside a scenario run by mush it is 0.
func ExampleWorker() {
	copyFixtures := func(ctx context.Context) (context.Context, error) {
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("catalogue-%d", mush.Worker(ctx)))
		return ctx, os.MkdirAll(dir, 0o755) // then copy the fixture files into dir
	}
	_ = func(sc *godog.ScenarioContext) {
		sc.Step(`^the fixture files are copied$`, copyFixtures)
	}
	fmt.Println(mush.Worker(context.Background()))
	// Output: 0
}
