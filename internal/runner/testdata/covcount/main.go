// Command covcount is a runner program whose scenarios all run one loop
// a known number of times, side by side: built with -cover, the loop's
// counter after the run must be exactly that many times the number of
// scenarios (covflush_test.go), however the snapshots written as scenarios
// finish interleave with the loops still running.
package main

import (
	"strconv"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/runner"
)

func main() {
	runner.Main(runner.Suite{ScenarioInitializer: func(sc *godog.ScenarioContext) {
		sc.Step(`^I count to (\d+)$`, func(n string) error {
			count, err := strconv.Atoi(n)
			sum := 0
			for i := 0; i < count; i++ {
				sum += i // the counted block: the run's most counted
			}
			_ = sum
			return err
		})
	}})
}
