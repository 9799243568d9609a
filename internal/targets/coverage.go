package targets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/fatih/color"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/console"
	"github.com/mushbdd/mush/internal/coverage"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/shard"
	"github.com/mushbdd/mush/internal/view"
)

// CoverageReport runs the module's Go tests and the BDD suite, both
// instrumented, with one GOCOVERDIR set around the whole feature run; merges
// the profiles over every package of the module; writes build/coverage; and
// enforces the threshold. Failing tests give exit 1 and the coverage is
// still computed and shown; coverage below the threshold or missing gives 3.
func CoverageReport(ctx context.Context, p Project) error {
	p = p.withRerun("go tool mage coverageReport")
	set, err := p.Env.Load(config.TargetOf("coverageReport"))
	if err != nil {
		return p.nothingToRerun(err)
	}
	if set.DryRun { // nothing runs, so there is nothing to measure
		return UnitTests(ctx, p)
	}
	pkg, err := config.RunnerPackage(p.Env.Getenv, p.Root, p.Features)
	if err != nil {
		return err
	}
	m, err := p.measured(ctx, set)
	if err != nil {
		return err
	}
	module, pkgs := m.module, m.pkgs
	dir := filepath.Join(p.Root, "build", "coverage")
	if set.Shard.Sharded() { // the shard's data goes next to its reports
		dir = p.abs(set.ReportsDir)
	}
	covdir, err := coverage.ResetCovdir(filepath.Join(dir, shard.CovdataDir))
	if err != nil {
		return err
	}
	unit := filepath.Join(dir, shard.GoTestProfile)
	var testsErr error
	if set.Shard.Index <= 1 { // not sharded, or shard 1: go test runs once
		fmt.Fprintln(p.Stdout, "go test (instrumented):")
		short := &shortLines{w: p.Stdout}
		env := p.Env.Set(config.SkipTestVar, "1", "").Environ() // mush.Test skips: the suite runs once
		testsErr = coverage.GoTest(ctx, env, p.Root, unit, module, pkgs, short, p.Stderr)
		short.Flush()
	}

	var featuresErr error
	if ctx.Err() != nil {
		// Interrupted during go test: no feature run, but the coverage
		// gathered so far is still merged and shown.
		featuresErr = exitcode.Silent(exitcode.SIGINT)
	} else {
		// The run leaves index.html to the end of this target, which
		// writes it once, with the coverage (page).
		featuresErr = p.runFeatures(ctx, pkg, coverage.BuildFlags(module, pkgs, path.Join(module, pkg)),
			p.Env.Set("GOCOVERDIR", covdir, "").Set(config.PageLaterVar, "1", ""))
		if exitcode.Code(featuresErr) == exitcode.Misuse {
			return featuresErr
		}
	}
	if set.Shard.Sharded() {
		return p.coverageShard(set, dir, testsErr, featuresErr)
	}
	// After an interrupt the context is cancelled; what remains must still
	// run to show the coverage gathered so far.
	ctx = context.WithoutCancel(ctx)
	return p.gate(ctx, covdir, []string{unit}, m, testsErr, featuresErr, "see its output above")
}

// verdict is the exit of a coverage run: a failure of the tests (go test,
// whose output is where says, or the features) first, then the gate.
func verdict(testsErr, featuresErr, gateErr error, where string) error {
	switch {
	case testsErr != nil && featuresErr == nil:
		return &exitcode.Error{Code: worst(testsErr), Err: errors.New("go test failed (" + where + ")"), Reported: true}
	case featuresErr != nil: // its text is the feature run's closing line
		text, e := featuresErr, (*exitcode.Error)(nil)
		if errors.As(featuresErr, &e) {
			text = e.Err
		}
		return &exitcode.Error{Code: worst(testsErr, featuresErr), Err: text, Reported: true}
	case gateErr != nil:
		return &exitcode.Error{Code: exitcode.Coverage, Err: gateErr, Reported: true}
	}
	return nil
}

// gate ends a coverage run: the feature run's data in covdir is turned
// into a text profile and merged with the other profiles over every package
// of the module; build/coverage gets the reports; the table and the gate
// line are printed, the gate line last. It returns the run's verdict, whose
// text is the gate line when the gate decides it, or the error of profiles
// that cannot be merged.
func (p Project) gate(ctx context.Context, covdir string, profiles []string, m measured, testsErr, featuresErr error, where string) error {
	dir := filepath.Join(p.Root, "build", "coverage")
	features := filepath.Join(dir, "features.out")
	if err := coverage.TextFromCovdata(ctx, covdir, features); err != nil {
		console.Errorln(p.Stderr, err.Error())
	} else {
		profiles = append(profiles, features)
	}
	reports := config.Under(p.Root, m.set.ReportsDir)
	merged, rep, err := coverage.Merge(existing(profiles), m.module, m.pkgs, m.set.Exclude)
	if err != nil {
		p.page(reports, nil)
		return exitcode.New(exitcode.Coverage, "coverage: %w", err)
	}
	rep.Threshold = m.set.Threshold
	if err := coverage.WriteAll(ctx, dir, merged, rep); err != nil {
		fmt.Fprintln(p.Stderr, "mush: cannot write the coverage reports: "+err.Error())
	}
	// The run's page gets the coverage; in GitHub Actions, the job summary.
	var c *view.Coverage
	if rel, err := filepath.Rel(reports, filepath.Join(dir, coverage.HTMLFile)); err == nil {
		c = &view.Coverage{Report: rep, HTML: filepath.ToSlash(rel)}
	}
	p.page(reports, c)
	report.PublishGitHubCoverage(p.Env.Getenv, p.Stderr, rep)
	fmt.Fprintln(p.Stdout)
	red := color.New(color.FgRed, color.Bold)
	if !config.Colour(m.set, p.Env.Getenv, config.Terminal(p.Stdout)) {
		red.DisableColor()
	}
	coverage.WriteTable(p.Stdout, rep, func(s string) string { return red.Sprint(s) })
	fmt.Fprintln(p.Stdout, "\nreports:   "+filepath.Join("build", "coverage")+"/{coverage.out,coverage.html,coverage.json,cobertura.xml}")
	var gateErr error
	if coverage.Judge(p.Stdout, p.Stderr, rep) != nil {
		gateErr = errors.New(coverage.GateLine(rep)) // Mage's closing line
	}
	return verdict(testsErr, featuresErr, gateErr, where)
}

// page writes the run's index.html from its results.json, which the feature
// run of a coverage run leaves to its end (config.PageLaterVar): once, with
// the coverage c when it was measured. No results.json is no run, no page.
func (p Project) page(reports string, c *view.Coverage) {
	if err := report.WritePage(reports, c); err != nil && !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintln(p.Stderr, "mush: cannot write index.html: "+err.Error())
	}
}

// measured is what a coverage run measures: the module's packages less
// the COVERAGE_EXCLUDE ones, under the run's settings.
type measured struct {
	module string
	pkgs   []coverage.Package
	set    config.Settings
}

// measured lists the packages a coverage run counts; an exclusion that
// matches no package is refused.
func (p Project) measured(ctx context.Context, set config.Settings) (measured, error) {
	module, pkgs, unmatched, err := coverage.ListPackages(ctx, p.Root, set.Exclude)
	if err != nil {
		return measured{}, exitcode.New(exitcode.Misuse, "listing the module's packages: %w", err)
	}
	if len(unmatched) > 0 {
		return measured{}, exitcode.Misusef("%s: %s matches no package of %s (accepted: module-relative package paths, none to count every package)",
			config.ExcludeVar, strings.Join(unmatched, ", "), module)
	}
	return measured{module: module, pkgs: pkgs, set: set}, nil
}

// worst picks the exit code that says most: a crash or interrupt of the
// feature run over a plain test failure.
func worst(errs ...error) int {
	code := exitcode.OK
	for _, err := range errs {
		if c := exitcode.Code(err); c > code {
			code = c
		}
	}
	if code == exitcode.OK {
		code = exitcode.Failed
	}
	return code
}

func existing(paths []string) []string {
	var out []string
	for _, p := range paths {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			out = append(out, p)
		}
	}
	return out
}
