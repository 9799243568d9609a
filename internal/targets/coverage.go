package targets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fatih/color"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/coverage"
	"github.com/mushbdd/mush/internal/exitcode"
)

// CoverageReport runs the module's Go tests and the BDD suite, both
// instrumented, with one GOCOVERDIR set around the whole feature run; merges
// the profiles over every package of the module; writes build/coverage; and
// enforces the threshold. Failing tests give exit 1 and the coverage is
// still computed and shown; coverage below the threshold or missing gives 3.
func CoverageReport(ctx context.Context, p Project, f Flags, threshold *string) error {
	env := withRerun(p.environ(f), "go tool mage coverageReport")
	set, err := f.check(env)
	if err != nil {
		return p.nothingToRerun(err)
	}
	pkg, err := config.RunnerPackage(config.Lookup(env), p.Root, p.Features)
	if err != nil {
		return err
	}
	exclude, err := coverage.ParseExclude(config.Lookup(env)(coverage.ExcludeVar))
	if err != nil {
		return err
	}
	thr := config.Lookup(env)("COVERAGE_THRESHOLD")
	if threshold != nil {
		thr = *threshold
	}
	limit, err := coverage.ParseThreshold(thr)
	if err != nil {
		return err
	}
	module, pkgs, unmatched, err := coverage.ListPackages(ctx, p.Root, exclude)
	if err != nil {
		return exitcode.New(exitcode.Misuse, "listing the module's packages: %v", err)
	}
	if len(unmatched) > 0 && !slices.Equal(exclude, coverage.Excluded) {
		return exitcode.Misusef("%s: %s matches no package of %s (accepted: module-relative package paths, none to count every package)",
			coverage.ExcludeVar, strings.Join(unmatched, ", "), module)
	}
	dir := filepath.Join(p.Root, "build", "coverage")
	covdir, err := coverage.ResetCovdir(filepath.Join(dir, "covdata"))
	if err != nil {
		return err
	}
	unit := filepath.Join(dir, "gotest.out")
	fmt.Fprintln(p.Stdout, "go test (instrumented):")
	short := &shortLines{w: p.Stdout}
	testsErr := coverage.GoTest(ctx, p.Root, unit, module, pkgs, short, p.Stderr)
	short.Flush()

	var featuresErr error
	if ctx.Err() != nil {
		// Interrupted during go test: no feature run, but the coverage
		// gathered so far is still merged and shown.
		featuresErr = exitcode.Silent(exitcode.SIGINT)
	} else {
		bin := filepath.Join(p.Root, "build", "bin", "mush-features-cover")
		args := append([]string{"build"}, coverage.BuildFlags(module, pkgs, path.Join(module, pkg))...)
		if err := p.goCmd(ctx, append(args, "-o", bin, pkg)...); err != nil {
			return exitcode.New(exitcode.Misuse, "building the instrumented feature runner failed: %v", err)
		}
		fmt.Fprintln(p.Stdout, "\nfeatures (instrumented):")
		featuresErr = p.RunChild(ctx, bin, append(env, "GOCOVERDIR="+covdir))
		if featuresErr != nil && exitcode.Code(featuresErr) == exitcode.Misuse {
			return featuresErr
		}
	}
	// After an interrupt the context is cancelled; what remains must still
	// run to show the coverage gathered so far.
	ctx = context.WithoutCancel(ctx)

	profiles := []string{unit}
	features := filepath.Join(dir, "features.out")
	if err := coverage.TextFromCovdata(ctx, covdir, features); err != nil {
		fmt.Fprintln(p.Stderr, "mush: "+err.Error())
	} else {
		profiles = append(profiles, features)
	}
	merged, rep, err := coverage.MergeExcluding(existing(profiles), module, pkgs, exclude)
	if err != nil {
		return exitcode.New(exitcode.Coverage, "coverage: %v", err)
	}
	rep.Threshold = limit
	if err := coverage.WriteAll(ctx, dir, merged, rep); err != nil {
		fmt.Fprintln(p.Stderr, "mush: cannot write the coverage reports: "+err.Error())
	}
	fmt.Fprintln(p.Stdout)
	red := color.New(color.FgRed, color.Bold)
	if !config.Colour(set, config.Lookup(env), config.Terminal(p.Stdout)) {
		red.DisableColor()
	}
	coverage.WriteTable(p.Stdout, rep, func(s string) string { return red.Sprint(s) })
	fmt.Fprintln(p.Stdout, "\nreports:   "+filepath.Join("build", "coverage")+"/{coverage.out,coverage.html,coverage.json,cobertura.xml}")
	gateErr := coverage.Judge(p.Stdout, p.Stderr, rep)
	switch {
	case testsErr != nil && featuresErr == nil:
		return &exitcode.Error{Code: worst(testsErr), Err: errors.New("go test failed (see its output above)"), Reported: true}
	case testsErr != nil || featuresErr != nil:
		return exitcode.Silent(worst(testsErr, featuresErr))
	case gateErr != nil:
		return &exitcode.Error{Code: exitcode.Coverage, Err: gateErr, Reported: true}
	}
	return nil
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
