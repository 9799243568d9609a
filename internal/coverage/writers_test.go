package coverage

import (
	"bytes"
	"encoding/xml"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/cover"

	"github.com/mushbdd/mush/internal/golden"
)

// block is a profile block from line start to line end.
func block(start, end, stmts, count int) cover.ProfileBlock {
	return cover.ProfileBlock{StartLine: start, StartCol: 2, EndLine: end, EndCol: 3, NumStmt: stmts, Count: count}
}

// sample is a fixed merge result for the writers: the root package at
// 2 of 3, big at 7 of 23 over five files, empty without statements, full at
// 100%; threshold 90.
func sample() ([]*cover.Profile, Report) {
	profiles := []*cover.Profile{
		{FileName: "example.com/m/big/a.go", Blocks: []cover.ProfileBlock{
			block(3, 5, 4, 1), block(5, 9, 6, 0), block(10, 10, 0, 0),
		}},
		{FileName: "example.com/m/big/b.go", Blocks: []cover.ProfileBlock{block(3, 8, 6, 0)}},
		{FileName: "example.com/m/big/c.go", Blocks: []cover.ProfileBlock{block(3, 4, 1, 7), block(4, 4, 1, 0)}},
		{FileName: "example.com/m/big/d.go", Blocks: []cover.ProfileBlock{block(3, 4, 1, 2), block(5, 6, 2, 0)}},
		{FileName: "example.com/m/big/e.go", Blocks: []cover.ProfileBlock{block(3, 3, 1, 0)}},
		{FileName: "example.com/m/full/f.go", Blocks: []cover.ProfileBlock{block(3, 7, 5, 12)}},
		{FileName: "example.com/m/main.go", Blocks: []cover.ProfileBlock{block(5, 6, 2, 1), block(7, 7, 1, 0)}},
	}
	for _, p := range profiles {
		p.Mode = "atomic"
	}
	pkgs := []Package{
		{ImportPath: "example.com/m/big", Dir: "/src/m/big"},
		{ImportPath: "example.com/m/empty", Dir: "/src/m/empty"},
		{ImportPath: "example.com/m/full", Dir: "/src/m/full"},
		{ImportPath: "example.com/m", Dir: "/src/m"},
	}
	rep := newReport("example.com/m", pkgs, profiles)
	rep.Threshold = 90
	return profiles, rep
}

func TestWriteTableGolden(t *testing.T) {
	_, rep := sample()
	full := Report{Threshold: 97, Total: Stats{5, 5}, Packages: []PackageStats{
		{Package: "example.com/m/full", Stats: Stats{5, 5}, Files: []FileStats{{File: "example.com/m/full/f.go", Stats: Stats{5, 5}}}},
	}}
	tests := []struct {
		name      string
		rep       Report
		highlight func(string) string
		golden    string
	}{
		// ToUpper marks the highlighted rows without upsetting alignment.
		{"rows below the threshold highlighted, top files listed", rep, strings.ToUpper, "table.golden"},
		{"all covered: no file list", full, func(s string) string { return s }, "table-full.golden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteTable(&b, tc.rep, tc.highlight); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", tc.golden), b.Bytes())
		})
	}
}

func TestWriteJSONGolden(t *testing.T) {
	_, rep := sample()
	var b bytes.Buffer
	if err := WriteJSON(&b, rep); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "golden", "coverage.json.golden"), b.Bytes())
}

func TestWriteCoberturaGolden(t *testing.T) {
	profiles, rep := sample()
	var b bytes.Buffer
	if err := WriteCobertura(&b, rep, profiles, "/src/m"); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "golden", "cobertura.xml.golden"), b.Bytes())

	var doc coberturaXML
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	// a.go: lines 3-4 hit, 5 hit (the covered block ends there), 6-9 not;
	// line 10 has only a block without statements. c.go: line 4 has a
	// covered and an uncovered block: hit.
	if doc.LinesValid != 28 || doc.LinesCovered != 14 {
		t.Errorf("lines %d of %d covered, want 14 of 28", doc.LinesCovered, doc.LinesValid)
	}
	if len(doc.Packages) != 3 {
		t.Errorf("%d packages, want 3 (empty has no statements)", len(doc.Packages))
	}
}

// Files without a profile are skipped; with nothing left the rates are 0.
func TestWriteCoberturaWithoutProfiles(t *testing.T) {
	_, rep := sample()
	var b bytes.Buffer
	if err := WriteCobertura(&b, rep, nil, "/src/m"); err != nil {
		t.Fatal(err)
	}
	var doc coberturaXML
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	if len(doc.Packages) != 0 || doc.LinesValid != 0 || doc.LineRate != 0 {
		t.Errorf("%d packages, %d lines, rate %v; want none", len(doc.Packages), doc.LinesValid, doc.LineRate)
	}
}

func TestWriteProfile(t *testing.T) {
	profiles, _ := sample()
	var b bytes.Buffer
	if err := WriteProfile(&b, profiles[5:]); err != nil {
		t.Fatal(err)
	}
	want := "mode: atomic\n" +
		"example.com/m/full/f.go:3.2,7.3 5 12\n" +
		"example.com/m/main.go:5.2,6.3 2 1\n" +
		"example.com/m/main.go:7.2,7.3 1 0\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	back, err := cover.ParseProfilesFromReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 || len(back[1].Blocks) != 2 {
		t.Errorf("read back %d profiles", len(back))
	}
}

// Every writer reports its writer's error.
func TestWritersReportWriteErrors(t *testing.T) {
	profiles, rep := sample()
	var xmlDoc bytes.Buffer
	if err := WriteCobertura(&xmlDoc, rep, profiles, "/src/m"); err != nil {
		t.Fatal(err)
	}
	header := len(xml.Header) + len(`<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">`) + 1
	tests := []struct {
		name  string
		write func(w *failingWriter) error
		n     int
	}{
		{"table", func(w *failingWriter) error { return WriteTable(w, rep, strings.ToUpper) }, 10},
		{"json", func(w *failingWriter) error { return WriteJSON(w, rep) }, 10},
		{"profile", func(w *failingWriter) error { return WriteProfile(w, profiles) }, 10},
		{"cobertura header", func(w *failingWriter) error { return WriteCobertura(w, rep, profiles, "/src") }, 10},
		{"cobertura body", func(w *failingWriter) error { return WriteCobertura(w, rep, profiles, "/src/m") }, header + 10},
		{"cobertura last newline", func(w *failingWriter) error { return WriteCobertura(w, rep, profiles, "/src/m") }, xmlDoc.Len() - 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.write(&failingWriter{n: tc.n}); !errors.Is(err, errWrite) {
				t.Errorf("error = %v, want %v", err, errWrite)
			}
		})
	}
}
