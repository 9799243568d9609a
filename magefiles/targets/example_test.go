package targets_test

import (
	"context"

	"github.com/magefile/mage/mg"

	"github.com/mushbdd/mush/magefiles/targets"
)

// A project's own target runs the suite with settings of its own, given by
// the variables' names; it keeps compiling whatever flags the targets
// gain. mg.Deps keeps the exit code.
func ExampleOptions() {
	// Smoke runs the @smoke scenarios and stops at the first failure.
	Smoke := func(ctx context.Context) error {
		return targets.Options{Set: map[string]string{
			"BDD_TAGS":      "@smoke",
			"BDD_FAIL_FAST": "true",
		}}.UnitTests(ctx)
	}
	// CI runs the smoke scenarios, then the coverage report.
	CI := func(ctx context.Context) {
		mg.SerialCtxDeps(ctx, Smoke, targets.Options{}.CoverageReport)
	}
	_ = CI
}

// A magefile that imports the targets sets its project's policy in an init
// function: here a gate of 90% that does not count its tools and its test
// helpers. A variable the user exports, or a flag, still wins.
func ExampleDefault() {
	targets.Default.Defaults = map[string]string{
		"COVERAGE_THRESHOLD": "90",
		"COVERAGE_EXCLUDE":   "tools internal/testutil",
	}
}
