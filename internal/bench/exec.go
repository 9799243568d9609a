package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/tailbuf"
)

// Command is one child process of a contender run.
type Command struct {
	Path string
	Args []string
	Env  []string
	Dir  string
	// Tree samples the resident set size of the child's whole process
	// tree every TreeSample while it runs (Usage.TreeRSS).
	Tree bool
}

// TreeSample is how often the memory of a process tree is sampled.
const TreeSample = 20 * time.Millisecond

func (c Command) String() string {
	return strings.Join(append([]string{c.Path}, c.Args...), " ")
}

// Usage is what one child process cost: its wall time, its CPU time (user
// and system) and its peak resident set size in bytes (0 where the
// platform does not report it).
type Usage struct {
	Wall   time.Duration
	CPU    time.Duration
	MaxRSS int64
	// TreeRSS is the largest sampled sum of the resident set sizes of the
	// child and every process below it (Command.Tree; 0 otherwise, and
	// where the platform does not report it).
	TreeRSS int64
}

// executor runs one child process to completion, or starts one in the
// background: start returns once the child printed its first line (it is
// ready), and stop ends it by closing its standard input, which it reads
// to the end, and waits for it.
type executor interface {
	run(ctx context.Context, c Command) (Usage, error)
	start(ctx context.Context, c Command) (stop func() error, err error)
}

// osExec runs children with os/exec, keeping the tail of their output for
// error messages.
type osExec struct{}

func (osExec) run(ctx context.Context, c Command) (Usage, error) {
	cmd := exec.CommandContext(ctx, c.Path, c.Args...)
	cmd.Dir, cmd.Env = c.Dir, c.Env
	out := &tailbuf.Buffer{Max: 4 << 10}
	cmd.Stdout, cmd.Stderr = out, out
	start := time.Now()
	err := cmd.Start()
	var tree int64
	if err == nil {
		stop := func() {}
		if c.Tree {
			stop = sampleTree(cmd.Process.Pid, &tree)
		}
		err = cmd.Wait()
		stop()
	}
	u := Usage{Wall: time.Since(start), TreeRSS: tree}
	if cmd.ProcessState != nil {
		u.MaxRSS = maxRSS(cmd.ProcessState)
		u.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if err != nil {
		return u, fmt.Errorf("%s: %v\n%s", c, err, strings.TrimSpace(out.String()))
	}
	return u, nil
}

// sampleTree samples the resident set size of pid's process tree every
// TreeSample, keeping the largest in *peak, until stop returns.
func sampleTree(pid int, peak *int64) (stop func()) {
	done, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(TreeSample)
		defer tick.Stop()
		for {
			rss, _ := treeRSS(pid)
			*peak = max(*peak, rss)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-sampled }
}

func (osExec) start(ctx context.Context, c Command) (func() error, error) {
	cmd := exec.CommandContext(ctx, c.Path, c.Args...)
	cmd.Dir, cmd.Env = c.Dir, c.Env
	errs := &tailbuf.Buffer{Max: 4 << 10}
	cmd.Stderr = errs
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %v", c, err)
	}
	stop := func() error {
		in.Close()
		if err := cmd.Wait(); err != nil {
			return fmt.Errorf("%s: %v\n%s", c, err, strings.TrimSpace(errs.String()))
		}
		return nil
	}
	if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
		return nil, errors.Join(fmt.Errorf("%s: ended before it was ready", c), stop())
	}
	return stop, nil
}
