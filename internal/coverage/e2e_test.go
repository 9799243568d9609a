package coverage

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/cover"
)

// coverFuncTotal returns the total `go tool cover -func` prints for profile,
// read in the module directory dir.
func coverFuncTotal(t *testing.T, dir, profile string) float64 {
	t.Helper()
	cmd := exec.Command("go", "tool", "cover", "-func="+profile)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go tool cover -func: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	last := strings.Fields(lines[len(lines)-1])
	if len(last) != 3 || last[0] != "total:" {
		t.Fatalf("no total line in go tool cover -func output:\n%s", out)
	}
	total, err := strconv.ParseFloat(strings.TrimSuffix(last[2], "%"), 64)
	if err != nil {
		t.Fatal(err)
	}
	return total
}

// packageStats returns the row of pkg in rep.
func packageStats(t *testing.T, rep Report, pkg string) PackageStats {
	t.Helper()
	for _, p := range rep.Packages {
		if p.Package == pkg {
			return p
		}
	}
	t.Fatalf("package %s not in the report", pkg)
	return PackageStats{}
}

func TestModulePackagesOfTheTestModule(t *testing.T) {
	r := coverageRun(t)
	if r.module != "example.com/mod" {
		t.Errorf("module = %q, want example.com/mod", r.module)
	}
	var got []string
	for _, p := range r.pkgs {
		got = append(got, strings.TrimPrefix(p.ImportPath, r.module+"/"))
		if p.ImportPath == "example.com/mod/tested" && !slices.Equal(p.GoFiles, []string{"tested.go", "zz_generated.go"}) {
			t.Errorf("tested.GoFiles = %q, want tested.go and zz_generated.go", p.GoFiles)
		}
		if filepath.Base(p.Dir) != filepath.Base(p.ImportPath) {
			t.Errorf("%s: Dir = %s", p.ImportPath, p.Dir)
		}
	}
	// internal/fixtures is excluded; untested and types have no tests.
	if want := []string{"cmd/app", "tested", "types", "untested"}; !slices.Equal(got, want) {
		t.Errorf("packages = %q, want %q", got, want)
	}
	flags := BuildFlags(r.module, r.pkgs)
	if want := "-coverpkg=example.com/mod/cmd/app,example.com/mod/tested,example.com/mod/types,example.com/mod/untested"; flags[2] != want {
		t.Errorf("BuildFlags = %q, want %q last", flags, want)
	}
}

// The total Merge reports is the one `go tool cover -func` reads from the
// written coverage.out, and WriteAll writes every report.
func TestMergedTotalMatchesGoToolCover(t *testing.T) {
	r := coverageRun(t)
	merged, rep, err := Merge([]string{r.goTestOut, r.featuresOut}, r.module, r.pkgs, testExcluded)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := WriteAll(context.Background(), out, merged, rep); err != nil {
		t.Fatal(err)
	}
	got := coverFuncTotal(t, r.dir, filepath.Join(out, ProfileFile))
	if math.Abs(got-rep.Total.Percent()) > 0.05 {
		t.Errorf("go tool cover -func total = %.1f%%, Merge total = %.3f%%", got, rep.Total.Percent())
	}
	// tested: Add, and all three statements of Diff (one branch from the
	// tests, the other from the app), not the 3 of Unused; untested: 0 of
	// 4; cmd/app: 1 of 1, from its own run.
	if want := (Stats{Statements: 12, Covered: 5}); rep.Total != want {
		t.Errorf("total = %+v, want %+v", rep.Total, want)
	}

	var js struct {
		Total      float64
		Statements int64
	}
	data, err := os.ReadFile(filepath.Join(out, JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &js); err != nil {
		t.Fatal(err)
	}
	if js.Total != rep.Total.Percent() || js.Statements != rep.Total.Statements {
		t.Errorf("coverage.json total %v of %d, want %v of %d", js.Total, js.Statements, rep.Total.Percent(), rep.Total.Statements)
	}
	data, err = os.ReadFile(filepath.Join(out, CoberturaFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(data, new(coberturaXML)); err != nil {
		t.Errorf("cobertura.xml: %v", err)
	}
	html, err := os.ReadFile(filepath.Join(out, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "example.com/mod/untested/untested.go") {
		t.Error("coverage.html does not show the untested package")
	}
	leftovers, _ := filepath.Glob(filepath.Join(out, ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %q", leftovers)
	}
}

// A package with no tests, which no binary links, is in the denominator at
// 0% and lowers the total; the raw covdata would leave it out.
func TestUntestedPackageLowersTheTotal(t *testing.T) {
	r := coverageRun(t)
	_, rep, err := Merge([]string{r.goTestOut, r.featuresOut}, r.module, r.pkgs, testExcluded)
	if err != nil {
		t.Fatal(err)
	}
	untested := packageStats(t, rep, "example.com/mod/untested")
	if untested.Statements != 4 || untested.Covered != 0 {
		t.Errorf("untested package: %+v, want 4 statements, none covered", untested.Stats)
	}
	var sum Stats
	for _, p := range rep.Packages {
		sum.add(p.Stats)
	}
	if sum != rep.Total {
		t.Errorf("packages add up to %+v, total is %+v", sum, rep.Total)
	}
	without := Stats{Statements: rep.Total.Statements - untested.Statements, Covered: rep.Total.Covered}
	if rep.Total.Percent() >= without.Percent() {
		t.Errorf("total %.1f%% with the untested package, %.1f%% without: it should be lower", rep.Total.Percent(), without.Percent())
	}

	// The app's covdata alone does not know the package at all...
	raw, err := cover.ParseProfiles(r.featuresOut)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range raw {
		if strings.HasPrefix(p.FileName, "example.com/mod/untested/") {
			t.Fatalf("covdata mentions %s; the test module no longer shows the denominator trap", p.FileName)
		}
	}
	// ...yet merged on its own it has the same denominator as go test's
	// profile: the unmentioned files were counted from source.
	_, fromCovdata, err := Merge([]string{r.featuresOut}, r.module, r.pkgs, testExcluded)
	if err != nil {
		t.Fatal(err)
	}
	_, fromGoTest, err := Merge([]string{r.goTestOut}, r.module, r.pkgs, testExcluded)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range fromGoTest.Packages {
		q := fromCovdata.Packages[i]
		if p.Package != q.Package || p.Statements != q.Statements || len(p.Files) != len(q.Files) {
			t.Errorf("go test counts %s: %d statements in %d files, the covdata merge %s: %d in %d",
				p.Package, p.Statements, len(p.Files), q.Package, q.Statements, len(q.Files))
		}
	}
	// Each run covers a branch of Diff the other misses; the union has both.
	for _, alone := range []Report{fromCovdata, fromGoTest} {
		if alone.Total.Covered >= rep.Total.Covered {
			t.Errorf("one profile covers %d statements, the union %d", alone.Total.Covered, rep.Total.Covered)
		}
	}
}

// Generated files are measured by go test and dropped by Merge; excluded
// packages are not even measured (the unit tests feed Merge profiles that
// name them).
func TestExcludedAndGeneratedFilesAreDropped(t *testing.T) {
	r := coverageRun(t)
	raw, err := cover.ParseProfiles(r.goTestOut)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(raw, func(p *cover.Profile) bool { return strings.HasSuffix(p.FileName, "/zz_generated.go") }) {
		t.Fatal("go test did not measure the generated file; the test proves nothing")
	}
	merged, _, err := Merge([]string{r.goTestOut, r.featuresOut}, r.module, r.pkgs, testExcluded)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range merged {
		if strings.Contains(p.FileName, "/internal/fixtures/") || strings.HasSuffix(p.FileName, "/zz_generated.go") {
			t.Errorf("merged profile counts %s", p.FileName)
		}
	}
}
