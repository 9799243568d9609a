package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/coverage"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/targets"
)

// coverageRun is one coverage scenario's state: a temporary directory
// holding either a hand-written profile for the gate or a copy of the small
// test module, and what the last gate or coverage run produced.
type coverageRun struct {
	dir     string
	profile string // the hand-written profile, for the gate steps
	code    int
	stdout  string
	stderr  string
	reason  string    // the gate's explanation of a failure
	totals  []float64 // coverage.json's total after each coverage run
}

// The hand-written profiles describe one file of one package.
const (
	gateModule  = "example.com/gate"
	gatePackage = gateModule + "/p"
)

// coverageSteps registers the steps of coverage.feature.
func coverageSteps(sc *godog.ScenarioContext) {
	c := &coverageRun{}
	sc.After(func(ctx context.Context, _ *godog.Scenario, err error) (context.Context, error) {
		if c.dir != "" {
			os.RemoveAll(c.dir)
		}
		return ctx, nil
	})
	sc.Step(`^a coverage profile in which (\d+) of (\d+) statements ran$`, c.writeProfile)
	sc.Step(`^a coverage profile with no statements in it$`, func() error { return c.writeProfile(0, 0) })
	sc.Step(`^the gate judges it against the threshold "([^"]*)"$`, c.judge)
	sc.Step(`^the (?:gate|coverage report) exits with code (\d+)$`, c.exitsWith)
	sc.Step(`^the gate line is "(.*)"$`, c.lastLineIs)
	sc.Step(`^the last line of the coverage report is "(.*)"$`, c.lastLineIs)
	sc.Step(`^the gate gives the reason "(.*)"$`, c.reasonIs)
	sc.Step(`^a copy of a small module whose package lib is 80% covered by its tests$`, c.copyModule)
	sc.Step(`^I run the coverage report(?: again)? with the threshold "([^"]*)"$`, func(ctx context.Context, threshold string) error {
		return c.runReport(ctx, "", threshold)
	})
	sc.Step(`^I run the coverage report in worker processes with the threshold "([^"]*)"$`, func(ctx context.Context, threshold string) error {
		return c.runReport(ctx, config.IsolationProcess, threshold)
	})
	sc.Step(`^the error output of the coverage report is one line containing "(.*)"$`, c.stderrOneLine)
	sc.Step(`^the coverage report wrote nothing$`, c.wroteNothing)
	sc.Step(`^build/coverage holds coverage\.out, coverage\.html, coverage\.json and cobertura\.xml$`, c.reportsWritten)
	sc.Step(`^the total in coverage\.json is the total that go tool cover -func prints, within 0\.05 points$`, c.totalMatchesCoverFunc)
	sc.Step(`^a package "([^"]*)" with 3 statements and no tests is added to the module$`, c.addUntestedPackage)
	sc.Step(`^the total in coverage\.json is lower than in the first run$`, c.totalDropped)
	sc.Step(`^coverage\.json lists the package "([^"]*)" with (\d+) of its (\d+) statements covered$`, c.packageListed)
}

func (c *coverageRun) tempDir() error {
	if c.dir != "" {
		return nil
	}
	d, err := os.MkdirTemp("", "mush-coverage-")
	c.dir = d
	return err
}

// writeProfile writes a text profile of one file in which covered of
// statements ran, and the (statement-free) source file it names.
func (c *coverageRun) writeProfile(covered, statements int) error {
	if covered > statements {
		return fmt.Errorf("%d of %d statements cannot have run", covered, statements)
	}
	if err := c.tempDir(); err != nil {
		return err
	}
	src := filepath.Join(c.dir, "p")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(src, "p.go"), []byte("package p\n"), 0o644); err != nil {
		return err
	}
	profile := "mode: atomic\n"
	if covered > 0 {
		profile += fmt.Sprintf("%s/p.go:1.1,2.1 %d 1\n", gatePackage, covered)
	}
	if statements > covered {
		profile += fmt.Sprintf("%s/p.go:3.1,4.1 %d 0\n", gatePackage, statements-covered)
	}
	c.profile = filepath.Join(c.dir, "coverage.out")
	return os.WriteFile(c.profile, []byte(profile), 0o644)
}

// judge does what the end of a coverage run does with the profile: read
// the threshold, merge, and judge with coverage.Judge.
func (c *coverageRun) judge(threshold string) error {
	var out, errOut bytes.Buffer
	defer func() { c.stdout, c.stderr = out.String(), errOut.String() }()
	set, err := config.NewEnv(nil).Set(config.ThresholdVar, threshold, "").Load(config.Coverage)
	if err != nil {
		c.code = targets.Report(err, &errOut)
		return nil
	}
	pkgs := []coverage.Package{{ImportPath: gatePackage, Dir: filepath.Join(c.dir, "p"), GoFiles: []string{"p.go"}}}
	_, rep, err := coverage.Merge([]string{c.profile}, gateModule, pkgs, nil)
	if err != nil {
		return err
	}
	rep.Threshold = set.Threshold
	gateErr := coverage.Judge(&out, &errOut, rep)
	c.code, c.reason = exitcode.Code(gateErr), ""
	if gateErr != nil {
		c.reason = gateErr.Error()
	}
	return nil
}

func (c *coverageRun) exitsWith(code int) error {
	if c.code != code {
		return fmt.Errorf("exit code %d, want %d\noutput:\n%s\nerror output:\n%s", c.code, code, c.stdout, c.stderr)
	}
	return nil
}

func (c *coverageRun) lastLineIs(want string) error {
	lines := strings.Split(strings.TrimRight(c.stdout, "\n"), "\n")
	if got := lines[len(lines)-1]; got != want {
		return fmt.Errorf("last line %q, want %q\noutput:\n%s", got, want, c.stdout)
	}
	return nil
}

func (c *coverageRun) reasonIs(want string) error {
	if c.reason != want {
		return fmt.Errorf("the gate's reason is %q, want %q", c.reason, want)
	}
	return nil
}

// copyModule copies internal/targets/testdata/mod: package lib, 4 of its 5
// statements run by its tests, and a stand-in feature runner that exits 0.
func (c *coverageRun) copyModule() error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if err := c.tempDir(); err != nil {
		return err
	}
	return os.CopyFS(c.dir, os.DirFS(filepath.Join(root, "internal", "targets", "testdata", "mod")))
}

// runReport runs the coverage target on the module copy. The threshold is
// passed as the target's flag, which is read exactly as COVERAGE_THRESHOLD
// is (a variable set here would leak into the scenarios running alongside).
// runReport runs coverageReport on the module copy with the threshold,
// and -isolation when isolation is not empty.
func (c *coverageRun) runReport(ctx context.Context, isolation, threshold string) error {
	if c.dir == "" {
		return errors.New("no module to run the coverage report on")
	}
	jsonFile := filepath.Join(c.dir, "build", "coverage", coverage.JSONFile)
	if err := os.Remove(jsonFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	var out, errOut bytes.Buffer
	// The module's policy: its stand-in feature runner is not counted.
	env := config.NewEnv(os.Environ()).Set(config.ExcludeVar, "features", "")
	p := targets.Project{Root: c.dir, Features: "./features", Stdout: &out, Stderr: &errOut, Env: env}
	var iso *string
	if isolation != "" {
		iso = &isolation
	}
	err := targets.CoverageReport(ctx, p.WithFlags("coverageReport", nil, iso, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, &threshold))
	c.code = targets.Report(err, &errOut)
	c.stdout, c.stderr = out.String(), errOut.String()
	if total, err := c.jsonReport(); err == nil {
		c.totals = append(c.totals, total.Total)
	}
	return nil
}

func (c *coverageRun) stderrOneLine(want string) error {
	lines := strings.Split(strings.TrimRight(c.stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], want) {
		return fmt.Errorf("error output is not one line containing %q:\n%s", want, c.stderr)
	}
	return nil
}

func (c *coverageRun) wroteNothing() error {
	if _, err := os.Stat(filepath.Join(c.dir, "build")); !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("the refused run created build/ (%v)\noutput:\n%s", err, c.stdout)
	}
	if c.stdout != "" {
		return fmt.Errorf("the refused run printed:\n%s", c.stdout)
	}
	return nil
}

func (c *coverageRun) reportsWritten() error {
	for _, name := range []string{coverage.ProfileFile, coverage.HTMLFile, coverage.JSONFile, coverage.CoberturaFile} {
		info, err := os.Stat(filepath.Join(c.dir, "build", "coverage", name))
		if err != nil {
			return err
		}
		if info.Size() == 0 {
			return fmt.Errorf("build/coverage/%s is empty", name)
		}
	}
	return nil
}

// coverageJSON is the part of coverage.json the steps read.
type coverageJSON struct {
	Total    float64 `json:"total"`
	Packages []struct {
		Package    string `json:"package"`
		Statements int64  `json:"statements"`
		Covered    int64  `json:"covered"`
	} `json:"packages"`
}

func (c *coverageRun) jsonReport() (coverageJSON, error) {
	var rep coverageJSON
	b, err := os.ReadFile(filepath.Join(c.dir, "build", "coverage", coverage.JSONFile))
	if err != nil {
		return rep, err
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		return rep, fmt.Errorf("coverage.json: %v", err)
	}
	return rep, nil
}

// totalMatchesCoverFunc compares coverage.json's total with the last line
// of `go tool cover -func`, "total:  (statements)  80.0%".
func (c *coverageRun) totalMatchesCoverFunc(ctx context.Context) error {
	rep, err := c.jsonReport()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "go", "tool", "cover", "-func="+filepath.Join("build", "coverage", coverage.ProfileFile))
	cmd.Dir = c.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go tool cover -func: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	fields := strings.Fields(lines[len(lines)-1])
	if len(fields) == 0 || fields[0] != "total:" {
		return fmt.Errorf("go tool cover -func printed no total:\n%s", out)
	}
	total, err := strconv.ParseFloat(strings.TrimSuffix(fields[len(fields)-1], "%"), 64)
	if err != nil {
		return fmt.Errorf("go tool cover -func total: %v\n%s", err, out)
	}
	if math.Abs(rep.Total-total) > 0.05 {
		return fmt.Errorf("coverage.json total %v, go tool cover -func total %v", rep.Total, total)
	}
	return nil
}

// addUntestedPackage adds package name, one function of 3 statements that
// nothing calls or tests.
func (c *coverageRun) addUntestedPackage(name string) error {
	dir := filepath.Join(c.dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	src := "// Package " + name + " has no tests.\npackage " + name + `

// Double is never called.
func Double(n int) int {
	d := n * 2
	d++
	return d - 1
}
`
	return os.WriteFile(filepath.Join(dir, name+".go"), []byte(src), 0o644)
}

func (c *coverageRun) totalDropped() error {
	if len(c.totals) < 2 {
		return fmt.Errorf("%d coverage runs wrote coverage.json, want 2\noutput:\n%s\nerror output:\n%s", len(c.totals), c.stdout, c.stderr)
	}
	first, last := c.totals[0], c.totals[len(c.totals)-1]
	if last >= first {
		return fmt.Errorf("total %v after the first run, %v now: it did not drop", first, last)
	}
	return nil
}

func (c *coverageRun) packageListed(pkg string, covered, statements int64) error {
	rep, err := c.jsonReport()
	if err != nil {
		return err
	}
	for _, p := range rep.Packages {
		if p.Package == pkg {
			if p.Covered != covered || p.Statements != statements {
				return fmt.Errorf("%s: %d of %d statements covered, want %d of %d", pkg, p.Covered, p.Statements, covered, statements)
			}
			return nil
		}
	}
	return fmt.Errorf("coverage.json does not list %s", pkg)
}
