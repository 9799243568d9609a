// Package targets is the logic behind mush's Mage targets: turn target
// flags into the BDD_* variables, build the feature runner once, and run it
// as a child process whose exit code comes back unchanged. The importable
// targets in magefiles/targets only call into here, and return Result's
// error so Mage exits with the documented code.
package targets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/supervise"
)

// Flags are the optional target flags; a nil flag leaves the environment
// variable as it is. Each maps to the variable config.Vars names.
type Flags struct {
	Workers, Tags, Paths, Format, FailFast, Seed, Timeout, NoColor, Retry *string
	Shard                                                                 *string
}

// Env returns the environment assignments the flags stand for.
func (f Flags) Env() []string {
	var env []string
	for _, v := range f.set() {
		env = append(env, v.name+"="+*v.val)
	}
	return env
}

type flagVar struct {
	name string  // environment variable
	val  *string // the flag's value, nil when not given
}

// set lists the flags that were given, with their variables (config.Vars
// names the flag of each).
func (f Flags) set() []flagVar {
	var out []flagVar
	for _, v := range []flagVar{
		{"BDD_WORKERS", f.Workers}, {"BDD_TAGS", f.Tags}, {"BDD_PATHS", f.Paths},
		{"BDD_FORMAT", f.Format}, {"BDD_FAIL_FAST", f.FailFast}, {"BDD_SEED", f.Seed},
		{"BDD_TIMEOUT", f.Timeout}, {"BDD_NO_COLOR", f.NoColor}, {"BDD_RETRY", f.Retry},
		{"BDD_SHARD", f.Shard},
	} {
		if v.val != nil {
			out = append(out, v)
		}
	}
	return out
}

// check loads the settings env stands for; a bad value that came from a
// flag is named by its flag too ("-workers / BDD_WORKERS=...").
func (f Flags) check(env []string) (config.Settings, error) {
	set, err := config.Load(config.Lookup(env))
	if err == nil {
		return set, nil
	}
	for _, v := range f.set() {
		for _, cv := range config.Vars {
			if cv.Name == v.name && strings.HasPrefix(err.Error(), v.name+"=") {
				return set, exitcode.Misusef("-%s / %s", cv.Flag, err)
			}
		}
	}
	return set, err
}

// Project locates the repository: its root directory and the package of
// the feature runner.
type Project struct {
	Root     string // module root, where features/ lives
	Features string // package path of the feature runner when BDD_RUNNER_PKG is unset, "./features"
	Stdout   io.Writer
	Stderr   io.Writer
	// Env is added to the process's environment ("KEY=value"), so a test
	// can set variables for one run only.
	Env []string
}

// DefaultProject is the repository mage runs in.
func DefaultProject() Project {
	wd, _ := os.Getwd()
	return Project{Root: wd, Features: "./features", Stdout: os.Stdout, Stderr: os.Stderr}
}

// UnitTests builds the feature runner and runs every selected scenario.
func UnitTests(ctx context.Context, p Project, f Flags) error {
	env := withRerun(p.environ(f), "go tool mage unitTests")
	if _, err := f.check(env); err != nil {
		return p.nothingToRerun(err)
	}
	pkg, err := config.RunnerPackage(config.Lookup(env), p.Root, p.Features)
	if err != nil {
		return err
	}
	bin := filepath.Join(p.Root, "build", "bin", "mush-features")
	if err := p.goCmd(ctx, "build", "-o", bin, pkg); err != nil {
		return exitcode.New(exitcode.Misuse, "building the feature runner failed: %w", err)
	}
	return p.RunChild(ctx, bin, env)
}

// nothingToRerun shows err and ends the target with success when err is
// config's "nothing to rerun" (an empty rerun file): the run's outcome,
// not a failure. Other errors pass.
func (p Project) nothingToRerun(err error) error {
	if !errors.Is(err, config.ErrNothingToRerun) {
		return err
	}
	fmt.Fprintln(p.Stderr, "mush: "+err.Error())
	return nil
}

// environ is the environment of a run: the process's, Env, then the flags.
func (p Project) environ(f Flags) []string {
	return append(append(os.Environ(), p.Env...), f.Env()...)
}

// withRerun adds the rerun command of the target to env, unless the user
// gave one (a magefile that imports the targets under a namespace must).
func withRerun(env []string, rerun string) []string {
	if config.Lookup(env)(config.RerunVar) != "" {
		return env
	}
	return append(env, config.RerunVar+"="+rerun)
}

// goCmd runs the go command in the project root.
func (p Project) goCmd(ctx context.Context, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = p.Root
	cmd.Stdout, cmd.Stderr = p.Stderr, p.Stderr
	return cmd.Run()
}

// RunChild runs bin with env under supervision (package supervise) and
// returns its outcome as an already reported exitcode error whose text is
// the run's closing line (nil when it passed). The child
// runs in its own process group; an interrupt reaching the target (Mage
// cancels the context on SIGINT) or a SIGTERM is forwarded to it once, so
// it can stop cleanly and still print its summary. A child that dies
// before finishing is restarted for the scenarios not yet run, up to
// BDD_MAX_RESTARTS times, and the run ends with one merged summary and
// exit code 4.
func (p Project) RunChild(ctx context.Context, bin string, env []string) error {
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	defer signal.Stop(term)
	out, err := supervise.Run(ctx, supervise.Options{
		Bin: bin, Dir: p.Root, Env: env, Stdout: p.Stdout, Stderr: p.Stderr, Signals: term,
	})
	if err != nil {
		return err
	}
	return out.Err()
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
	return &exitcode.Error{Code: exitcode.Code(err), Err: err}
}

// Report shows err on w as one "mush: ..." line unless it was already
// reported, and returns its exit code.
func Report(err error, w io.Writer) int {
	if err != nil && !exitcode.IsReported(err) {
		fmt.Fprintln(w, "mush: "+err.Error())
	}
	return exitcode.Code(err)
}
