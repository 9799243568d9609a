package coverage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/mushbdd/mush/internal/exitcode"
)

// GoTest runs the module's package tests in dir, instrumented for pkgs:
//
//	go test -covermode=atomic -coverpkg=PKGS -coverprofile=PROFILE ./...
//
// in the environment env (a coverage run adds MUSH_SKIP_TEST=1, so that
// mush.Test functions skip and the suite runs once, in the feature runner).
//
// A profile left by an earlier run is removed first, so a run that fails
// before writing one cannot be merged with stale data. When tests fail the
// profile is still written, and the error is an exitcode.Failed error that
// wraps the *exec.ExitError (errors.As finds both).
func GoTest(ctx context.Context, env []string, dir, profile, module string, pkgs []Package, stdout, stderr io.Writer) error {
	profile, err := prepareOutput(profile)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "go", "test", "-covermode=atomic",
		"-coverpkg="+CoverPkgFlag(module, pkgs), "-coverprofile="+profile, "./...")
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, stdout, stderr
	cmd.Env = env
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return &exitcode.Error{Code: exitcode.Failed, Err: fmt.Errorf("go test: %w", err)}
		}
		return fmt.Errorf("go test: %w", err)
	}
	return nil
}

// ResetCovdir empties (or creates) the directory an instrumented binary
// writes its coverage data to and returns its absolute path, the value for
// GOCOVERDIR. An instrumented binary reports a missing directory on stderr
// and exits 0, and a relative path means something else in every child
// process that changes directory: both are avoided here.
func ResetCovdir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if err := os.RemoveAll(abs); err != nil {
		return "", err
	}
	return abs, os.MkdirAll(abs, 0o755)
}

// TextFromCovdata converts the binary coverage data in covdir into the text
// profile out with `go tool covdata textfmt`. A directory without data is an
// exitcode.Coverage error: "no coverage data in DIR".
func TextFromCovdata(ctx context.Context, covdir, out string) error {
	entries, err := os.ReadDir(covdir)
	if err != nil {
		return exitcode.New(exitcode.Coverage, "no coverage data in %s: %w", covdir, err)
	}
	var meta, counters bool
	for _, e := range entries {
		meta = meta || strings.HasPrefix(e.Name(), "covmeta.")
		counters = counters || strings.HasPrefix(e.Name(), "covcounters.")
	}
	switch {
	case !meta:
		return exitcode.New(exitcode.Coverage, "no coverage data in %s", covdir)
	case !counters:
		return exitcode.New(exitcode.Coverage,
			"no coverage data in %s: no counter files (the instrumented program died of a panic or a signal)", covdir)
	}
	out, err = prepareOutput(out)
	if err != nil {
		return err
	}
	_, err = output(ctx, "", "go", "tool", "covdata", "textfmt", "-i="+covdir, "-o="+out)
	return err
}

// writeHTML renders profile as HTML into out with `go tool cover -html`
// run in dir ("" for the current one), where the profile's import paths
// resolve; profile and out must be absolute when dir is not "".
func writeHTML(ctx context.Context, dir, profile, out string) error {
	_, err := output(ctx, dir, "go", "tool", "cover", "-html="+profile, "-o", out)
	return err
}

// prepareOutput makes path absolute, creates its directory and removes a
// file left at path by an earlier run.
func prepareOutput(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return "", err
	}
	if err := os.Remove(abs); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	return abs, nil
}

// output runs a command in dir and returns its standard output. A failure
// is reported in one line: the command line, how it ended and its standard
// error, its lines joined by "; ".
func output(ctx context.Context, dir, name string, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, &stdout, &stderr
	if err := cmd.Run(); err != nil {
		line := strings.Join(append([]string{name}, args...), " ")
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("%s: %w: %s", line, err, oneLine(msg))
		}
		return nil, fmt.Errorf("%s: %w", line, err)
	}
	return stdout.Bytes(), nil
}

// MergeCovdata merges the GOCOVERDIR data of several directories (the
// shards of a suite) into out with `go tool covdata merge`; out must exist.
// On failure what it merged stays in out, for a look.
func MergeCovdata(ctx context.Context, dirs []string, out string) error {
	_, err := output(ctx, "", "go", "tool", "covdata", "merge", "-i="+strings.Join(dirs, ","), "-o="+out)
	return err
}

// oneLine joins the lines of a program's error output with "; ".
func oneLine(msg string) string {
	var lines []string
	for _, l := range strings.Split(msg, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "; ")
}
