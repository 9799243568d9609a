// Package targets is the logic behind mush's Mage targets: put the target's
// flags over their variables (config.Env), build the feature runner once,
// and run it as a child process whose exit code comes back unchanged. The importable
// targets in magefiles/targets only call into here, and return Result's
// error so Mage exits with the documented code.
package targets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/console"
	"github.com/mushbdd/mush/internal/exitcode"
)

// Project locates the repository: its root directory and the package of
// the feature runner.
type Project struct {
	Root     string // module root, where features/ lives
	Features string // package path of the feature runner when BDD_RUNNER_PKG is unset, "./features"
	Stdout   io.Writer
	Stderr   io.Writer
	// Env holds the run's settings: the environment, the target's flags
	// over it (WithFlags) and the project's defaults under it; the feature
	// runner gets it as its environment.
	Env config.Env
}

// DefaultProject is the repository mage runs in, with the process's
// environment.
func DefaultProject() Project {
	wd, _ := os.Getwd()
	return Project{Root: wd, Features: "./features", Stdout: os.Stdout, Stderr: os.Stderr, Env: config.NewEnv(os.Environ())}
}

// WithFlags is p with the flags of the Mage target over their variables:
// values are the flags' values as Mage passes them (nil when not given), in
// the order of config.FlagVars, the order of the target's parameters.
func (p Project) WithFlags(target string, values ...*string) Project {
	vars := config.FlagVars(config.TargetOf(target))
	if len(values) != len(vars) {
		panic(fmt.Sprintf("targets: %s takes %d flags, got %d", target, len(vars), len(values)))
	}
	for i, v := range vars {
		if values[i] != nil {
			p.Env = p.Env.Set(v.Name, *values[i], "-"+v.Flag)
		}
	}
	return p
}

// UnitTests builds the feature runner and runs every selected scenario.
func UnitTests(ctx context.Context, p Project) error {
	p = p.withRerun("go tool mage unitTests")
	if _, err := p.Env.Load(config.TargetOf("unitTests")); err != nil {
		return p.nothingToRerun(err)
	}
	pkg, err := config.RunnerPackage(p.Env.Getenv, p.Root, p.Features)
	if err != nil {
		return err
	}
	return p.runFeatures(ctx, pkg, nil, p.Env)
}

// nothingToRerun shows err and ends the target with success when err is
// config's "nothing to rerun" (an empty rerun file): the run's outcome,
// not a failure. Other errors pass.
func (p Project) nothingToRerun(err error) error {
	if !errors.Is(err, config.ErrNothingToRerun) {
		return err
	}
	console.Errorln(p.Stderr, err.Error())
	return nil
}

// withRerun gives the run the rerun command of the target, unless the user
// gave one (a magefile that imports the targets under a namespace must).
func (p Project) withRerun(rerun string) Project {
	if p.Env.Getenv(config.RerunVar) == "" {
		p.Env = p.Env.Set(config.RerunVar, rerun, "")
	}
	return p
}

// Result is err as a Mage target returns it: nil, or an *exitcode.Error
// that is not wrapped, since Mage reads the exit code with a type assertion
// (ExitStatus). Mage prints "Error: " and the error's text on stderr, after
// everything the run printed. That text is the message of an error not yet
// shown; for one already reported, its own text, which the targets make
// the run's closing line: the gate line for exit 3 ("coverage: 96.1% of
// statements (threshold 97.0%)"), the counts line ("3 passed, 1 failed")
// of a run that ended, "go test failed ..." (or "exit status N" when there
// is none). So the documented codes survive `mage`, and the targets
// compose with mg.Deps.
func (Project) Result(err error) error {
	var e *exitcode.Error
	switch {
	case err == nil:
		return nil
	case exitcode.IsReported(err) && errors.As(err, &e):
		return &exitcode.Error{Code: e.Code, Err: e.Err, Reported: true}
	}
	return &exitcode.Error{Code: exitcode.Code(err), Err: neutralError{err}}
}

// neutralError is an error as Mage prints it: its text may quote a path or
// a feature file, shown neutral (console.Neutral).
type neutralError struct{ error }

func (e neutralError) Error() string { return strings.Join(console.Lines(e.error.Error()), "\n") }
func (e neutralError) Unwrap() error { return e.error }

// Report shows err on w as one "mush: ..." line unless it was already
// reported, and returns its exit code.
func Report(err error, w io.Writer) int {
	if err != nil && !exitcode.IsReported(err) {
		console.Errorln(w, err.Error())
	}
	return exitcode.Code(err)
}
