package coverage

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/cover"

	"github.com/mushbdd/mush/internal/atomicfile"
)

// Merge reads the text profiles (parsed with cover.ParseProfiles, which
// folds duplicate blocks inside one profile) and unions them: a block found
// in several profiles is one block, covered when it ran in any of them.
// Files of packages under the exclude prefixes (pkgs listed with them,
// ListPackages) and generated files are dropped, not errors. Every Go file
// of pkgs that no profile mentions (a package no binary linked, say) is
// added with all its statements uncovered, its blocks computed by
// cmd/cover (fileBlocks). A file that is neither in a measured package nor
// excluded is an error: the profiles do not match the tree.
//
// The merged profiles are sorted by file name, their blocks by position,
// all in mode "atomic". The caller sets the report's Threshold. Its
// totals count every block, as go test's own summary does; `go tool cover
// -func` skips the blocks of function literals outside any function
// declaration (package-level variable initializers), so where there are
// such literals its total can differ slightly.
func Merge(profiles []string, module string, pkgs []Package, exclude []string) (merged []*cover.Profile, rep Report, err error) {
	m := &merger{
		module:  module,
		exclude: exclude,
		pkgs:    make(map[string]*Package, len(pkgs)),
		kept:    make(map[string]bool),
		blocks:  make(map[string][]cover.ProfileBlock),
	}
	for i := range pkgs {
		m.pkgs[pkgs[i].ImportPath] = &pkgs[i]
	}
	for _, name := range profiles {
		ps, err := parseProfiles(name)
		if err != nil {
			return nil, Report{}, fmt.Errorf("read coverage profile %s: %w", name, err)
		}
		for _, p := range ps {
			if keep, err := m.keep(p.FileName); err != nil {
				return nil, Report{}, fmt.Errorf("%s: %w", name, err)
			} else if keep {
				m.blocks[p.FileName] = append(m.blocks[p.FileName], p.Blocks...)
			}
		}
	}
	if err := m.addUnmentioned(pkgs); err != nil {
		return nil, Report{}, err
	}
	// One block per position: in profile order, the first gives the
	// statements, the counts add up.
	for _, name := range slices.Sorted(maps.Keys(m.blocks)) {
		f := &cover.Profile{FileName: name, Mode: "atomic"}
		blocks := m.blocks[name]
		slices.SortStableFunc(blocks, compareBlocks)
		for _, b := range blocks {
			last := len(f.Blocks) - 1
			if last < 0 || compareBlocks(f.Blocks[last], b) != 0 {
				f.Blocks = append(f.Blocks, b)
				continue
			}
			if have := f.Blocks[last].NumStmt; have != b.NumStmt {
				return nil, Report{}, fmt.Errorf("%s:%d.%d,%d.%d: %d statements here, %d in another profile; were the profiles made from different sources?",
					name, b.StartLine, b.StartCol, b.EndLine, b.EndCol, b.NumStmt, have)
			}
			f.Blocks[last].Count += b.Count
		}
		merged = append(merged, f)
	}
	return merged, newReport(module, pkgs, merged), nil
}

// merger accumulates the union of profiles.
type merger struct {
	module  string
	exclude []string
	pkgs    map[string]*Package             // by import path
	kept    map[string]bool                 // file name -> counted (not generated)
	blocks  map[string][]cover.ProfileBlock // counted files' blocks by file name, from every profile
}

// keep reports whether the file named name (import-path style) counts: it
// must be a non-generated file of a measured package. Files of excluded
// packages do not count; any other file is an error.
func (m *merger) keep(name string) (bool, error) {
	if keep, ok := m.kept[name]; ok {
		return keep, nil
	}
	dir := path.Dir(name)
	p, measured := m.pkgs[dir]
	if !measured {
		if _, inModule := relPath(m.module, dir); inModule && isExcluded(m.module, dir, m.exclude) {
			m.kept[name] = false
			return false, nil
		}
		return false, fmt.Errorf("%s is in no measured package of module %s (stale profile?)", name, m.module)
	}
	generated, err := isGenerated(filepath.Join(p.Dir, path.Base(name)))
	if err != nil {
		return false, err
	}
	m.kept[name] = !generated
	return !generated, nil
}

// addUnmentioned adds the files of pkgs that no profile mentions, with
// every block uncovered.
func (m *merger) addUnmentioned(pkgs []Package) error {
	for _, p := range pkgs {
		for _, base := range p.GoFiles {
			name := p.ImportPath + "/" + base
			if _, seen := m.kept[name]; seen {
				continue
			}
			keep, err := m.keep(name)
			if err != nil {
				return err
			}
			if !keep {
				continue
			}
			blocks, err := fileBlocks(filepath.Join(p.Dir, base))
			if err != nil {
				return err
			}
			if len(blocks) > 0 {
				m.blocks[name] = blocks
			}
		}
	}
	return nil
}

// newReport counts the merged profiles per file, per package and in total.
// Every package of pkgs is listed, with or without statements.
func newReport(module string, pkgs []Package, merged []*cover.Profile) Report {
	rep := Report{Module: module}
	byPkg := make(map[string]*PackageStats, len(pkgs))
	for _, p := range pkgs {
		byPkg[p.ImportPath] = &PackageStats{Package: p.ImportPath}
	}
	for _, p := range merged {
		fs := FileStats{File: p.FileName}
		for _, b := range p.Blocks {
			fs.Statements += int64(b.NumStmt)
			if b.Count > 0 {
				fs.Covered += int64(b.NumStmt)
			}
		}
		ps := byPkg[path.Dir(p.FileName)]
		ps.Files = append(ps.Files, fs)
		ps.add(fs.Stats)
		rep.Total.add(fs.Stats)
	}
	for _, ps := range byPkg {
		rep.Packages = append(rep.Packages, *ps)
	}
	slices.SortFunc(rep.Packages, func(a, b PackageStats) int { return strings.Compare(a.Package, b.Package) })
	if len(pkgs) > 0 {
		rel, _ := relPath(module, pkgs[0].ImportPath)
		rep.Root = strings.TrimSuffix(strings.TrimSuffix(pkgs[0].Dir, filepath.FromSlash(rel)), string(filepath.Separator))
	}
	return rep
}

// compareBlocks orders blocks by start, then end position.
func compareBlocks(a, b cover.ProfileBlock) int {
	return cmp.Or(
		cmp.Compare(a.StartLine, b.StartLine), cmp.Compare(a.StartCol, b.StartCol),
		cmp.Compare(a.EndLine, b.EndLine), cmp.Compare(a.EndCol, b.EndCol))
}

// parseProfiles parses the text profile at path, a regular file of at
// most atomicfile.MaxRecordSize.
func parseProfiles(path string) ([]*cover.Profile, error) {
	f, err := atomicfile.Open(path, atomicfile.MaxRecordSize)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return cover.ParseProfilesFromReader(f)
}
