// Package coverage measures a module's statement coverage honestly: it
// merges text profiles, counts every package of the module (untested ones at
// 0%) except the exclusions the project sets (COVERAGE_EXCLUDE; generated
// files are never counted), enforces the threshold on the exact ratio, and
// writes the coverage reports.
//
// The pipeline, in the order a coverage run uses it:
//
//	module, pkgs, unmatched, err := coverage.ListPackages(ctx, ".", set.Exclude)
//	err = coverage.GoTest(ctx, os.Environ(), ".", "build/coverage/gotest.out", module, pkgs, os.Stdout, os.Stderr)
//	// go build coverage.BuildFlags(module, pkgs)... the feature runner,
//	// run it with GOCOVERDIR=coverage.ResetCovdir("build/coverage/covdata")
//	err = coverage.TextFromCovdata(ctx, "build/coverage/covdata", "build/coverage/features.out")
//	merged, rep, err := coverage.Merge([]string{gotest, features}, module, pkgs, set.Exclude)
//	rep.Threshold = set.Threshold // config.Settings
//	err = coverage.WriteAll(ctx, "build/coverage", merged, rep)
//	coverage.WriteTable(os.Stdout, rep, color.RedString)
//	fmt.Println(coverage.GateLine(rep))
//	return coverage.Gate(rep)
package coverage

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

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
// generated: a line "// Code generated ... DO NOT EDIT." before the package
// clause (the go.dev/s/generatedcode convention). Such files are never
// counted.
func isGenerated(path string) (bool, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return false, err
	}
	return ast.IsGenerated(f), nil
}
