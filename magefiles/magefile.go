//go:build mage

// Mush's targets: the BDD suite run in parallel in one process, with and
// without coverage, imported from magefiles/targets exactly as another
// project imports them, with mush's own coverage policy set through
// targets.Default; bench is mush's own. Every flag also works as the
// environment variable named in README (BDD_WORKERS, BDD_TAGS, ...); a flag
// wins over its variable.
package main

import (
	//mage:import
	"github.com/mushbdd/mush/magefiles/targets"
)

// mush's coverage policy: what its own 97% gate does not count. A
// variable exported by the user still overrides it.
//
//   - magefiles: build targets (also hidden by the "mage" build tag).
//   - features: the Gherkin specification and its step definitions; they
//     drive the code under test, they are not the product.
//   - internal/fixtures: test fixtures for the runner's own tests.
//   - internal/golden: the golden-file helper, imported only by tests.
//   - scripts: CI helpers and benchmark drivers, run by hand or by CI.
//   - internal/bench/benchsuite: the benchmark's step program, run by the
//     benchmark on generated corpora (its generator and statistics in
//     internal/bench do count).
func init() {
	targets.Default.Defaults = map[string]string{
		"COVERAGE_EXCLUDE": "magefiles features internal/fixtures internal/golden scripts internal/bench/benchsuite",
	}
}
