package coverage

import "context"

// testExcluded are the exclusions the tests' modules are listed and
// merged with, as a project's COVERAGE_EXCLUDE.
var testExcluded = []string{"magefiles", "features", "internal/fixtures", "scripts"}

// modulePackages lists the module in dir with testExcluded.
func modulePackages(ctx context.Context, dir string) (string, []Package, error) {
	module, pkgs, _, err := ListPackages(ctx, dir, testExcluded)
	return module, pkgs, err
}
