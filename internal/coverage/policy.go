// Package coverage measures a module's statement coverage honestly: it
// merges text profiles, counts every package of the module (untested ones at
// 0%) except a documented exclusion list, enforces the threshold on the exact
// ratio, and writes the coverage reports.
//
// The pipeline, in the order a coverage run uses it:
//
//	module, pkgs, err := coverage.ModulePackages(ctx, ".")
//	err = coverage.GoTest(ctx, ".", "build/coverage/gotest.out", module, pkgs, os.Stdout, os.Stderr)
//	// go build coverage.BuildFlags(module, pkgs)... the feature runner,
//	// run it with GOCOVERDIR=coverage.ResetCovdir("build/coverage/covdata")
//	err = coverage.TextFromCovdata(ctx, "build/coverage/covdata", "build/coverage/features.out")
//	merged, rep, err := coverage.Merge([]string{gotest, features}, module, pkgs)
//	rep.Threshold, err = coverage.ParseThreshold(os.Getenv("COVERAGE_THRESHOLD"))
//	err = coverage.WriteAll(ctx, "build/coverage", merged, rep)
//	coverage.WriteTable(os.Stdout, rep, color.RedString)
//	fmt.Println(coverage.GateLine(rep))
//	return coverage.Gate(rep)
package coverage

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"strings"

	"github.com/mushbdd/mush/internal/exitcode"
)

// Excluded is the policy: module-relative package path prefixes that are
// never counted. Everything else in the module is in the denominator, tested
// or not. A prefix matches the package itself and every package below it.
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
//
// Besides packages, generated files are excluded one by one: a file whose
// comment before the package clause has a line "// Code generated ... DO NOT
// EDIT." (the go.dev/s/generatedcode convention) is never counted.
var Excluded = []string{
	"magefiles",
	"features",
	"internal/fixtures",
	"internal/golden",
	"scripts",
	"internal/bench/benchsuite",
}

// DefaultThreshold is the statement coverage, in percent, that a run must
// reach when COVERAGE_THRESHOLD is not set.
const DefaultThreshold = 97.0

// ExcludeVar names the variable that replaces the Excluded policy.
const ExcludeVar = "COVERAGE_EXCLUDE"

// ParseExclude reads ExcludeVar's value: "" is the Excluded policy, "none"
// excludes nothing, anything else is a list of module-relative package
// paths separated by commas or spaces, each excluding that package and
// every package below it. "./x" and "x/..." are accepted for "x"; a path
// may also start with the module path (ListPackages strips it).
func ParseExclude(v string) ([]string, error) {
	v = strings.TrimSpace(v)
	switch v {
	case "":
		return Excluded, nil
	case "none":
		return []string{}, nil
	}
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		p := strings.TrimSuffix(strings.TrimPrefix(f, "./"), "/...")
		if p == "" || p == "." || p == ".." || path.IsAbs(p) || path.Clean(p) != p || strings.HasPrefix(p, "../") ||
			strings.ContainsAny(p, `*?[]\`) || strings.Contains(p, "...") {
			return nil, exitcode.Misusef("%s=%q: %q not accepted (accepted: module-relative package paths such as internal/fixtures or ./scripts/..., "+
				"each with every package below it, separated by commas or spaces; none to count every package)", ExcludeVar, v, f)
		}
		out = append(out, p)
	}
	return out, nil
}

// isExcluded reports whether the package importPath of module falls under
// one of the exclude prefixes.
func isExcluded(module, importPath string, exclude []string) bool {
	rel, ok := relPath(module, importPath)
	if !ok {
		return false
	}
	for _, prefix := range exclude {
		prefix = strings.TrimPrefix(prefix, module+"/")
		if rel == prefix || strings.HasPrefix(rel, prefix+"/") {
			return true
		}
	}
	return false
}

// relPath returns importPath relative to module ("" for the module's root
// package) and whether importPath belongs to module at all.
func relPath(module, importPath string) (string, bool) {
	if importPath == module {
		return "", true
	}
	rel, ok := strings.CutPrefix(importPath, module+"/")
	return rel, ok
}

// isGenerated reports whether the Go source file at path is marked as
// generated. Only the comments before the package clause are read.
func isGenerated(path string) (bool, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return false, err
	}
	return ast.IsGenerated(f), nil
}
