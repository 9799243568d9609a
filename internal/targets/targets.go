// Package targets is the logic behind mush's Mage targets: turn target
// flags into the BDD_* variables, build the feature runner once, and run it
// as a child process whose exit code comes back unchanged. The magefiles
// only call into here.
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
	"syscall"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
)

// Flags are the optional target flags; a nil flag leaves the environment
// variable as it is. Each maps to the variable config.Vars names.
type Flags struct {
	Workers, Tags, Paths, Format, FailFast, Seed, Timeout, NoColor *string
}

// Env returns the environment assignments the flags stand for.
func (f Flags) Env() []string {
	var env []string
	for _, kv := range []struct {
		name string
		val  *string
	}{
		{"BDD_WORKERS", f.Workers}, {"BDD_TAGS", f.Tags}, {"BDD_PATHS", f.Paths},
		{"BDD_FORMAT", f.Format}, {"BDD_FAIL_FAST", f.FailFast}, {"BDD_SEED", f.Seed},
		{"BDD_TIMEOUT", f.Timeout}, {"BDD_NO_COLOR", f.NoColor},
	} {
		if kv.val != nil {
			env = append(env, kv.name+"="+*kv.val)
		}
	}
	return env
}

// Project locates the repository: its root directory and the package of
// the feature runner.
type Project struct {
	Root     string // module root, where features/ lives
	Features string // package path of the feature runner, "./features"
	Stdout   io.Writer
	Stderr   io.Writer
}

// DefaultProject is the repository mage runs in.
func DefaultProject() Project {
	wd, _ := os.Getwd()
	return Project{Root: wd, Features: "./features", Stdout: os.Stdout, Stderr: os.Stderr}
}

// UnitTests builds the feature runner and runs every selected scenario.
func UnitTests(ctx context.Context, p Project, f Flags) error {
	env := append(os.Environ(), f.Env()...)
	env = append(env, "MUSH_RERUN=go tool mage unitTests")
	if _, err := config.Load(lookup(env)); err != nil {
		return err
	}
	bin := filepath.Join(p.Root, "build", "bin", "mush-features")
	if err := p.goCmd(ctx, "build", "-o", bin, p.Features); err != nil {
		return exitcode.New(exitcode.Misuse, "building the feature runner failed: %v", err)
	}
	return p.RunChild(ctx, bin, env)
}

// goCmd runs the go command in the project root.
func (p Project) goCmd(ctx context.Context, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = p.Root
	cmd.Stdout, cmd.Stderr = p.Stderr, p.Stderr
	return cmd.Run()
}

// RunChild runs bin with env and returns its exit code as an already
// reported exitcode error (the child printed its own explanation). The child
// runs in its own process group; an interrupt reaching the target (Mage
// cancels the context on SIGINT) or a SIGTERM is forwarded to it once, so
// it can stop cleanly and still print its summary.
func (p Project) RunChild(ctx context.Context, bin string, env []string) error {
	cmd := exec.Command(bin)
	cmd.Dir = p.Root
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, p.Stdout, p.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return exitcode.New(exitcode.Misuse, "starting the feature runner: %v", err)
	}
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	defer signal.Stop(term)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	forwarded := false
	forward := func(sig os.Signal) {
		if !forwarded {
			forwarded = true
			cmd.Process.Signal(sig)
		}
	}
	for {
		select {
		case err := <-done:
			return childExit(err)
		case <-ctx.Done():
			forward(os.Interrupt)
			ctx = context.Background()
		case <-term:
			forward(syscall.SIGTERM)
		}
	}
}

// childExit turns the child's wait error into its exit code.
func childExit(err error) error {
	if err == nil {
		return nil
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return exitcode.New(exitcode.Crashed, "the feature runner was killed by %v", ws.Signal())
		}
		return exitcode.Silent(ee.ExitCode())
	}
	return exitcode.New(exitcode.Crashed, "the feature runner: %v", err)
}

func lookup(env []string) func(string) string {
	m := map[string]string{}
	for _, kv := range env {
		for i := 0; i < len(kv); i++ {
			if kv[i] == '=' {
				m[kv[:i]] = kv[i+1:]
				break
			}
		}
	}
	return func(k string) string { return m[k] }
}

// Exit ends the process as err says: nothing for nil; otherwise one line on
// stderr unless the error was already reported, and its exit code.
func Exit(err error) {
	if err == nil {
		return
	}
	if !exitcode.IsReported(err) {
		fmt.Fprintln(os.Stderr, "mush: "+err.Error())
	}
	os.Exit(exitcode.Code(err))
}
