// Package gotest runs a godog suite through mush inside `go test`, each
// scenario a subtest TestX/<feature>/<scenario> started from the worker
// that runs it: it is what mush.Test does, and package mush's documentation
// ("Under go test") says what it takes from go test and where it reads its
// settings and paths from.
package gotest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/console"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/runner"
	"github.com/mushbdd/mush/internal/view"
)

// Run runs suite s as test t.
func Run(t *testing.T, s runner.Suite) {
	t.Helper()
	pl, err := where()
	if err != nil {
		t.Fatalf("mush: %v", err)
	}
	if os.Getenv(config.MainVar) != "" {
		// The test binary was started as a feature runner: by the Mage
		// targets (steps in _test.go files), or as a worker process of
		// BDD_ISOLATION=process. It runs as mush.Main does and exits.
		env := config.NewEnv(nil).Under(os.Getenv).Default("BDD_PATHS", pl.defaultPaths())
		runner.Main(s, func(e *runner.Env) { e.Getenv, e.Dir = env.Getenv, pl.root })
	}
	run(t.Context(), testingT{t}, s, readFlags(t), pl, os.Environ(), os.Stdout, os.Stderr)
}

// place is where a test runs: the module root, the run's directory that
// relative paths of the settings are read from and locations are shown
// relative to (empty: the working directory), and the package, as a
// directory (go test's working directory) and as a ./path of the module.
type place struct{ root, dir, pkg string }

// where is the place of the test, from the working directory go test
// gives it: its package's directory.
func where() (place, error) {
	wd, err := os.Getwd()
	if err != nil {
		return place{}, err
	}
	root, err := config.ModuleRoot(wd)
	return place{root: root, dir: wd, pkg: packagePath(root, wd)}, err
}

// packagePath is dir as a ./path of the module rooted at root.
func packagePath(root, dir string) string {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == "." {
		return "."
	}
	return "./" + filepath.ToSlash(rel)
}

// defaultPaths is BDD_PATHS under go test, from the module root: the
// package's features directory when it has one, as godog's go test usage
// has it, else the package directory itself.
func (pl place) defaultPaths() string {
	dir := pl.dir
	if st, err := os.Stat(filepath.Join(dir, discover.DefaultPath)); err == nil && st.IsDir() {
		dir = filepath.Join(dir, discover.DefaultPath)
	}
	return config.Shown(pl.root, dir)
}

// goFlags are the go test flags mush.Test follows.
type goFlags struct {
	run, skip string
	failFast  bool
	shuffle   string
	deadline  time.Time // zero: none
}

func readFlags(t *testing.T) goFlags {
	get := func(name string) string {
		if f := flag.Lookup(name); f != nil {
			return f.Value.String()
		}
		return ""
	}
	f := goFlags{run: get("test.run"), skip: get("test.skip"), failFast: get("test.failfast") == "true", shuffle: get("test.shuffle")}
	f.deadline, _ = t.Deadline()
	return f
}

// parent is what run needs of the test: *testing.T through testingT, or a
// recorder in this package's tests. Fatalf and Skipf end the test.
type parent interface {
	Name() string
	Sub(name string, f func(child)) bool
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Skipf(format string, args ...any)
}

// child is what a scenario's subtest uses.
type child interface {
	Error(args ...any)
	Skip(args ...any)
}

type testingT struct{ *testing.T }

func (t testingT) Sub(name string, f func(child)) bool {
	return t.T.Run(name, func(t *testing.T) { f(t) })
}

// deadlineMargin is kept between BDD_DEADLINE and the test's deadline: the
// grace period for running scenarios, then the summary and the reports.
const deadlineMargin = runner.Grace + 7*time.Second

// run plans and runs the suite from the place pl.
func run(ctx context.Context, t parent, s runner.Suite, f goFlags, pl place, environ []string, stdout, stderr io.Writer) {
	env := overlay(config.NewEnv(environ), f)
	pathsSet := env.Getenv("BDD_PATHS") != "" // not the package's default
	env = env.Default("BDD_PATHS", pl.defaultPaths())
	switch skip, err := config.SkipTest(env.Getenv); {
	case err != nil:
		t.Fatalf("mush: %v", err)
		return
	case skip:
		t.Skipf("mush: %s is set: the suite runs elsewhere (coverageReport runs it in its feature runner)", config.SkipTestVar)
		return
	}
	start := config.Rerun(config.Lookup(nil)) // the build tags of this test binary
	start.Command, start.Pkg, start.Test = result.GoTest, pl.pkg, t.Name()
	if pathsSet {
		start.Env = []string{"BDD_PATHS=" + env.Getenv("BDD_PATHS")}
	}
	if r := env.Getenv(config.RerunVar); r != "" { // its own command for the rerun file's hint
		start = config.Rerun(env.Getenv)
	}
	runF, err := newFilter(f.run)
	skipF, err2 := newFilter(f.skip)
	if err = errors.Join(err, err2); err != nil {
		t.Fatalf("mush: -run %q / -skip %q: %v", f.run, f.skip, err)
		return
	}
	// The runner selects once: it hands every scenario of the files the
	// paths reach to filter, which names them all (a name does not depend
	// on the selection) and keeps those -run and -skip select.
	var n names
	filtered := runF != nil || skipF != nil
	filter := func(every []discover.Scenario) func(discover.Scenario) bool {
		n = nameScenarios(every)
		if !filtered {
			return nil
		}
		return func(sc discover.Scenario) bool { return selects(runF, skipF, n.elements(t.Name(), sc.Location())) }
	}
	// A scenario's rerun hint selects its subtest, with the run's build tags
	// and paths.
	rerun := func(res result.Scenario) string {
		x := n.of(res.Location())
		return view.RerunCommand(start, res.Location(), rewrite(x[0]), rewrite(x[1]))
	}
	out, err := runner.Run(ctx, s, runner.Env{
		Getenv: env.Getenv,
		Dir:    pl.root,
		Stdout: stdout,
		Stderr: stderr,
		Filter: filter,
		Wrap: func(sc discover.Scenario, run func() result.Scenario) result.Scenario {
			return subtest(t, n.subtest(sc.Location()), run, rerun)
		},
		Start: start,
		Rerun: rerun,
		// BDD_ISOLATION=process: this test binary, selecting this test, is
		// each worker process.
		Args:    []string{"-test.run=" + view.RunPattern(strings.Split(t.Name(), "/")...)},
		Environ: env.Set(config.MainVar, "1", "").Environ(),
	})
	switch {
	case err != nil:
		t.Fatalf("mush: %v", err)
	case out.Code != exitcode.OK:
		t.Errorf("mush: exit status %d: %s", out.Code, explain(out.Code))
	case out.Closing == "" && out.Reason != "": // nothing to rerun
		t.Skipf("mush: %s", out.Reason)
	case out.Closing == "" && filtered:
		t.Skipf("mush: no scenario matches -run %q -skip %q", f.run, f.skip)
	}
}

// subtest runs one scenario as the subtest name of t: a failure fails it
// with what the summary says of it, a scenario given up on skips it. When
// testing does not start the subtest (go test -failfast after a failure)
// the scenario still runs, so that its result is kept.
func subtest(t parent, name string, run func() result.Scenario, rerun func(result.Scenario) string) result.Scenario {
	var res result.Scenario
	ran := false
	t.Sub(name, func(c child) {
		ran = true
		res = run()
		switch {
		case res.Status.IsFailure():
			c.Error(fmt.Sprintf("%s: %s\n%s", res.Location(), res.Status, console.Failure(res, rerun(res))))
		case res.Status == result.Skipped:
			c.Skip(res.Error)
		}
	})
	if !ran {
		res = run()
	}
	return res
}

// overlay puts the go test flags over their variables.
func overlay(env config.Env, f goFlags) config.Env {
	if f.failFast {
		env = env.Set("BDD_FAIL_FAST", "true", "go test -failfast")
	}
	switch n, err := strconv.ParseInt(f.shuffle, 10, 64); {
	case f.shuffle == "on":
		env = env.Set("BDD_SEED", "random", "go test -shuffle")
	case err == nil && n != 0:
		env = env.Set("BDD_SEED", f.shuffle, "go test -shuffle")
	}
	if left := time.Until(f.deadline); !f.deadline.IsZero() && env.Getenv("BDD_DEADLINE") == "" && left > 2*deadlineMargin {
		env = env.Set("BDD_DEADLINE", (left - deadlineMargin).Round(time.Second).String(), "go test -timeout")
	}
	return env
}

// explain says what the exit code of a run that ended means.
func explain(code int) string {
	switch code {
	case exitcode.Failed:
		return "a scenario failed (see the summary above)"
	case exitcode.Timeout:
		return "a scenario or the run exceeded its time limit (BDD_TIMEOUT, BDD_DEADLINE)"
	case exitcode.Reports:
		return "the reports could not all be written (see the output above)"
	}
	return "see the output above"
}
