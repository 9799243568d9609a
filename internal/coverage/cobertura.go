package coverage

import (
	"encoding/xml"
	"io"
	"maps"
	"path"
	"slices"

	"golang.org/x/tools/cover"
)

// The Cobertura document, as GitLab (merge request annotations) and
// Jenkins read it: coverage/sources/source, then packages/package/classes/
// class per file with its lines. There is no branch data.
type coberturaXML struct {
	XMLName         xml.Name           `xml:"coverage"`
	LineRate        float64            `xml:"line-rate,attr"`
	BranchRate      float64            `xml:"branch-rate,attr"`
	LinesCovered    int                `xml:"lines-covered,attr"`
	LinesValid      int                `xml:"lines-valid,attr"`
	BranchesCovered int                `xml:"branches-covered,attr"`
	BranchesValid   int                `xml:"branches-valid,attr"`
	Complexity      float64            `xml:"complexity,attr"`
	Version         string             `xml:"version,attr"`
	Timestamp       int64              `xml:"timestamp,attr"`
	Sources         []string           `xml:"sources>source"`
	Packages        []coberturaPackage `xml:"packages>package"`
}

type coberturaPackage struct {
	Name       string           `xml:"name,attr"`
	LineRate   float64          `xml:"line-rate,attr"`
	BranchRate float64          `xml:"branch-rate,attr"`
	Complexity float64          `xml:"complexity,attr"`
	Classes    []coberturaClass `xml:"classes>class"`
}

type coberturaClass struct {
	Name       string          `xml:"name,attr"`
	Filename   string          `xml:"filename,attr"`
	LineRate   float64         `xml:"line-rate,attr"`
	BranchRate float64         `xml:"branch-rate,attr"`
	Complexity float64         `xml:"complexity,attr"`
	Methods    struct{}        `xml:"methods"`
	Lines      []coberturaLine `xml:"lines>line"`
}

type coberturaLine struct {
	Number int `xml:"number,attr"`
	Hits   int `xml:"hits,attr"`
}

// rate is the covered share of lines (Stats counting lines), in [0,1].
func rate(c Stats) float64 {
	if c.Statements == 0 {
		return 0
	}
	return float64(c.Covered) / float64(c.Statements)
}

// WriteCobertura writes the merged profiles as Cobertura XML, one class per
// file of rep's packages (packages without statements are left out).
// Cobertura counts lines, not statements: a line is valid when a block with
// statements spans it, and its hits are the highest count of those blocks,
// so the rates here are line rates and differ a little from the statement
// figures the gate uses. Class file names are relative to sourceDir, the
// module root. The timestamp is 0 so that the output is reproducible.
func WriteCobertura(w io.Writer, rep Report, profiles []*cover.Profile, sourceDir string) error {
	byName := make(map[string]*cover.Profile, len(profiles))
	for _, p := range profiles {
		byName[p.FileName] = p
	}
	doc := coberturaXML{Version: "mush", Sources: []string{sourceDir}}
	var total Stats
	for _, p := range rep.Packages {
		pkg := coberturaPackage{Name: p.Package}
		var count Stats
		for _, f := range p.Files {
			prof, ok := byName[f.File]
			if !ok {
				continue
			}
			class, c := coberturaClassOf(rep.Module, prof)
			pkg.Classes = append(pkg.Classes, class)
			count.add(c)
		}
		if len(pkg.Classes) == 0 {
			continue
		}
		pkg.LineRate = rate(count)
		doc.Packages = append(doc.Packages, pkg)
		total.add(count)
	}
	doc.LineRate, doc.LinesCovered, doc.LinesValid = rate(total), int(total.Covered), int(total.Statements)
	if _, err := io.WriteString(w, xml.Header+
		`<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">`+"\n"); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// coberturaClassOf turns one file's blocks into a class with its lines.
func coberturaClassOf(module string, p *cover.Profile) (coberturaClass, Stats) {
	hits := make(map[int]int)
	for _, b := range p.Blocks {
		if b.NumStmt == 0 {
			continue
		}
		for line := b.StartLine; line <= b.EndLine; line++ {
			if h, ok := hits[line]; !ok || b.Count > h {
				hits[line] = b.Count
			}
		}
	}
	filename := p.FileName
	if rel, ok := relPath(module, p.FileName); ok {
		filename = rel
	}
	class := coberturaClass{Name: path.Base(p.FileName), Filename: filename}
	var count Stats
	for _, line := range slices.Sorted(maps.Keys(hits)) {
		class.Lines = append(class.Lines, coberturaLine{Number: line, Hits: hits[line]})
		count.Statements++
		if hits[line] > 0 {
			count.Covered++
		}
	}
	class.LineRate = rate(count)
	return class, count
}
