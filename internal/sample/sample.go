// Package sample is a small, fixed run for the report writers' tests: two
// workers, suite setup and teardown, every kind of outcome a page shows
// (a pass, a failure, a timeout with stacks, a scenario never started) and
// names and errors that must be escaped. It is test support, imported only
// by tests.
package sample

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/mushbdd/mush/internal/result"
)

// T0 is when the sample run's scenarios started.
var T0 = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

// Run returns the sample run, its scenarios in file order.
func Run() result.Run {
	at := func(ms int) time.Time { return T0.Add(time.Duration(ms) * time.Millisecond) }
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	step := func(kw, text string, line int, st result.Status, d int) result.Step {
		return result.Step{Keyword: kw, Text: text, Line: line, Status: st, Duration: ms(d), Match: "steps.go:" + strconv.Itoa(line*3)}
	}
	return result.Run{
		Workers:  2,
		Started:  T0,
		Wall:     ms(1500),
		Busy:     ms(2260),
		Setup:    ms(200),
		Teardown: ms(100),
		Rerun:    result.Start{Command: "go tool mage unitTests"},
		Notes:    []string{"1 scenario not run: a scenario timed out (BDD_TIMEOUT), which stops the run"},
		Scenarios: []result.Scenario{
			{Feature: "Basket", Name: "add apples", File: "features/basket.feature", Line: 7, Order: 0, Tags: []string{"@smoke"},
				Status: result.Passed,
				Steps: []result.Step{
					step("Given", "a basket", 4, result.Passed, 10),
					step("When", "I add 2 apples", 8, result.Passed, 600),
				},
				Start: at(0), Duration: ms(700), Worker: 1, Attempt: 1},
			{Feature: "Basket", Name: "weigh fruit", File: "features/basket.feature", Line: 12, Order: 1,
				Status: result.Failed, Error: "expected 2 apples, got 3 & <none>",
				FailedStep: "Then the basket holds 2 apples", FailedLine: 15,
				Steps: []result.Step{
					step("Given", "a basket", 4, result.Passed, 10),
					step("When", "I add 2 apples", 14, result.Passed, 20),
					{Keyword: "Then", Text: "the basket holds 2 apples", Line: 15, Status: result.Failed,
						Error: "expected 2 apples, got 3 & <none>", Duration: ms(30), Match: "steps.go:51"},
				},
				Start: at(700), Duration: ms(60), Worker: 2, Attempt: 1},
			{Feature: "Escaping", Name: "<script>alert(1)</script>", File: "features/escaping.feature", Line: 3, Order: 2,
				Tags:   []string{"@slow", "@smoke"},
				Status: result.Passed,
				Steps:  []result.Step{step("Given", `a name with "quotes" & <tags>`, 4, result.Passed, 400)},
				Start:  at(0), Duration: ms(400), Worker: 2, Attempt: 1},
			{Feature: "Escaping", Name: "hangs", File: "features/escaping.feature", Line: 7, Order: 3,
				Status:     result.TimedOut,
				Error:      "timed out: still running after 1s (BDD_TIMEOUT=1s)\n\ngoroutine stacks of the process when it timed out:\ngoroutine 7 [select]:\nmain.wait()",
				FailedStep: "When it waits forever", FailedLine: 8,
				Steps: []result.Step{{Keyword: "When", Text: "it waits forever", Line: 8, Status: result.Skipped}},
				Start: at(800), Duration: ms(1100), Worker: 1, Attempt: 1},
			{Feature: "Escaping", Name: "never started", File: "features/escaping.feature", Line: 11, Order: 4,
				Status: result.Skipped, Error: "not run: a scenario timed out (BDD_TIMEOUT), which stops the run"},
		},
	}
}

// Scale returns a run shaped like the benchmark's "scale" corpus: features
// feature files of perFeature two-step scenarios each, all passed, spread
// over workers workers, one after another on each worker. Files maps each
// feature file's path to its text, for the writers that read the files
// again (cucumber.json).
func Scale(features, perFeature, workers int) (run result.Run, files map[string]string) {
	run = result.Run{Workers: workers, Started: T0, Rerun: result.Start{Command: "go tool mage unitTests"}, Setup: 3 * time.Millisecond,
		Teardown: time.Millisecond}
	files = map[string]string{}
	ends := make([]time.Duration, workers)
	for f := 1; f <= features; f++ {
		area := fmt.Sprintf("%03d", f)
		file := "features/area_" + area + ".feature"
		text := "Feature: Area " + area + "\n  Generated for a benchmark.\n"
		for c := 1; c <= perFeature; c++ {
			line := 3 + 4*(c-1) + 1
			name := fmt.Sprintf("area %s case %02d", area, c)
			text += "\n  Scenario: " + name + "\n    Given a fixture is ready\n    Then the outcome is recorded\n"
			order := len(run.Scenarios)
			w := order % workers
			d := time.Duration(50+order%7*10) * time.Microsecond
			run.Scenarios = append(run.Scenarios, result.Scenario{
				Feature: "Area " + area, Name: name, File: file, Line: line, Order: order,
				Status: result.Passed,
				Steps: []result.Step{
					{Keyword: "Given", Text: "a fixture is ready", Line: line + 1, Status: result.Passed, Duration: d / 2, Match: "steps.go:21"},
					{Keyword: "Then", Text: "the outcome is recorded", Line: line + 2, Status: result.Passed, Duration: d / 2, Match: "steps.go:34"},
				},
				Start: T0.Add(ends[w]), Duration: d, Worker: w + 1, Attempt: 1,
			})
			ends[w] += d + 5*time.Microsecond
		}
		files[file] = text
	}
	run.Wall = slices.Max(ends)
	for _, e := range ends {
		run.Busy += e
	}
	return run, files
}
