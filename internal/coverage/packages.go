package coverage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Package is one measured package of the module, as `go list` sees it.
type Package struct {
	ImportPath string
	Dir        string
	// GoFiles are the base names of the package's non-test Go files for
	// this build context, cgo files included.
	GoFiles []string
}

// listedPackage is the part of `go list -json` output this package reads.
type listedPackage struct {
	Package
	CgoFiles []string
	Module   *struct{ Path string }
}

// ListPackages lists the packages of the module in dir with
// `go list -json ./...`, drops those under the exclude prefixes
// (COVERAGE_EXCLUDE) and those without non-test Go files, and returns the
// rest sorted by import path, with the exclusions that matched no package
// of the module (a user's typo: the target refuses them). Packages without
// tests are included: they belong in the denominator.
func ListPackages(ctx context.Context, dir string, exclude []string) (module string, pkgs []Package, unmatched []string, err error) {
	matched := map[string]bool{}
	out, err := output(ctx, dir, "go", "list", "-json=ImportPath,Dir,GoFiles,CgoFiles,Module", "./...")
	if err != nil {
		return "", nil, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return "", nil, nil, fmt.Errorf("go list -json ./... in %s: %w", dir, err)
		}
		if p.Module == nil {
			return "", nil, nil, fmt.Errorf("package %s in %s is not in a module", p.ImportPath, dir)
		}
		module = p.Module.Path
		if isExcluded(module, p.ImportPath, exclude) {
			for _, e := range exclude {
				matched[e] = matched[e] || isExcluded(module, p.ImportPath, []string{e})
			}
			continue
		}
		if p.GoFiles = append(p.GoFiles, p.CgoFiles...); len(p.GoFiles) > 0 {
			pkgs = append(pkgs, p.Package)
		}
	}
	if module == "" {
		return "", nil, nil, fmt.Errorf("no Go packages in %s", dir)
	}
	for _, e := range exclude {
		if !matched[e] {
			unmatched = append(unmatched, e)
		}
	}
	return module, pkgs, unmatched, nil
}

// CoverPkgFlag returns the value for -coverpkg: the import paths of the pkgs
// that belong to module, comma-separated. Naming every package explicitly
// makes `go test` report packages without tests at 0% instead of leaving
// them out.
func CoverPkgFlag(module string, pkgs []Package) string {
	var paths []string
	for _, p := range pkgs {
		if _, ok := relPath(module, p.ImportPath); ok {
			paths = append(paths, p.ImportPath)
		}
	}
	return strings.Join(paths, ",")
}

// BuildFlags returns the `go build` flags that instrument a binary (the
// feature runner) for the same packages and in the same mode as GoTest, so
// that its covdata merges with the test profile. mains names the main
// package being built: it must be instrumented too, or the binary writes no
// coverage data at all (checked with Go 1.26); Merge drops it again when the
// policy excludes it.
func BuildFlags(module string, pkgs []Package, mains ...string) []string {
	list := CoverPkgFlag(module, pkgs)
	for _, m := range mains {
		if !slices.Contains(strings.Split(list, ","), m) {
			list += "," + m
		}
	}
	return []string{"-cover", "-covermode=atomic", "-coverpkg=" + strings.TrimPrefix(list, ",")}
}
