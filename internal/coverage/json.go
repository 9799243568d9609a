package coverage

import (
	"encoding/json"
	"io"
)

// jsonReport is the shape of coverage.json.
type jsonReport struct {
	Total      float64       `json:"total"`
	Threshold  float64       `json:"threshold"`
	Statements int64         `json:"statements"`
	Covered    int64         `json:"covered"`
	Packages   []jsonPackage `json:"packages"`
}

type jsonPackage struct {
	Package    string     `json:"package"`
	Statements int64      `json:"statements"`
	Covered    int64      `json:"covered"`
	Percent    float64    `json:"percent"`
	Files      []jsonFile `json:"files"`
}

type jsonFile struct {
	File       string  `json:"file"`
	Statements int64   `json:"statements"`
	Covered    int64   `json:"covered"`
	Percent    float64 `json:"percent"`
}

// WriteJSON writes the report as coverage.json: the exact total percent,
// the threshold, the statement counts, and the same per package and per
// file. Percentages are 0 where there are no statements.
func WriteJSON(w io.Writer, rep Report) error {
	out := jsonReport{
		Total:      rep.Total.Percent(),
		Threshold:  rep.Threshold,
		Statements: rep.Total.Statements,
		Covered:    rep.Total.Covered,
		Packages:   []jsonPackage{},
	}
	for _, p := range rep.Packages {
		jp := jsonPackage{Package: p.Package, Statements: p.Statements, Covered: p.Covered, Percent: p.Percent(), Files: []jsonFile{}}
		for _, f := range p.Files {
			jp.Files = append(jp.Files, jsonFile{File: f.File, Statements: f.Statements, Covered: f.Covered, Percent: f.Percent()})
		}
		out.Packages = append(out.Packages, jp)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
