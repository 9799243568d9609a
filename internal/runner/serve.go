package runner

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/supervise"
)

// A worker process (see the package documentation) reads one file:LINE a
// line on stdin and prints nothing but its journal. Its plan event lists
// the order in which to hand the scenarios out (journal.Plan.Queue), so the
// first worker process's selection (shard, timing history, seed) is the run's.

// supervising tells whether Main, started directly (no supervisor) with
// BDD_ISOLATION=process, is to supervise worker processes of itself.
func supervising() bool {
	if os.Getenv(config.AttemptVar) != "" || os.Getenv(config.ServeVar) != "" {
		return false
	}
	set, err := config.Load(os.Getenv)
	return err == nil && set.Isolation == config.IsolationProcess && !set.DryRun // a dry run runs nothing
}

// superviseSelf runs the suite in process mode with this program as the
// worker processes (package supervise), forwarding sigs, and returns the
// exit code.
func superviseSelf(sigs <-chan os.Signal) int {
	bin, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "mush: BDD_ISOLATION=process: cannot find this program to start its worker processes:", err)
		return exitcode.Misuse
	}
	out, err := supervise.Run(context.Background(), supervise.Options{Bin: bin, Args: os.Args[1:], Dir: ".", Env: os.Environ(), Stdout: os.Stdout, Stderr: os.Stderr, Signals: sigs})
	if err != nil && !exitcode.IsReported(err) {
		fmt.Fprintln(os.Stderr, "mush: "+err.Error())
	}
	return ExitCode(out, err)
}

// feed hands out the scenarios read from a worker process's input.
type feed struct {
	index map[string]int // location -> index in the selection
	lines chan string
	mu    sync.Mutex
	bad   string // a location outside the selection: the feed stopped
}

// newFeed reads locations from r until it ends.
func newFeed(r io.Reader, found []discover.Scenario) *feed {
	f := &feed{index: make(map[string]int, len(found)), lines: make(chan string)}
	for i, sc := range found {
		f.index[sc.Location()] = i
	}
	go func() {
		defer close(f.lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if line := strings.TrimSpace(sc.Text()); line != "" {
				f.lines <- line
			}
		}
	}()
	return f
}

// next waits for the next location and returns its scenario's index; false
// once the input ended, the run stopped (stop closed, ctx done), or a
// location is not in the selection (unknown says which).
func (f *feed) next(ctx context.Context, stop <-chan struct{}) (int, bool) {
	if f.unknown() != "" {
		return 0, false
	}
	select {
	case loc, ok := <-f.lines:
		if !ok {
			return 0, false
		}
		i, ok := f.index[loc]
		if !ok {
			f.mu.Lock()
			f.bad = loc
			f.mu.Unlock()
		}
		return i, ok
	case <-stop:
	case <-ctx.Done():
	}
	return 0, false
}

// unknown is the location outside the selection that stopped the feed.
func (f *feed) unknown() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.bad
}

// servedExit is a worker process's exit code: the run's, or misuse when
// its supervisor fed it a location outside its selection.
func servedExit(ctx context.Context, why int32, run result.Run, f *feed) (result.Outcome, error) {
	if bad := f.unknown(); bad != "" {
		return result.Outcome{}, exitcode.Misusef("worker process: %s is not a selected scenario", bad)
	}
	return result.Outcome{Code: runCode(ctx, why, run, nil, false)}, nil
}

// firstWorker is what a worker process adds to its workers' numbers for
// their worker ids: (slot-1)*BDD_WORKERS for its slot (config.WorkerVar),
// so that ids are unique over every process of the run.
func firstWorker(env Env, set config.Settings) int {
	slot, err := strconv.Atoi(env.Getenv(config.WorkerVar))
	if env.Serve == nil || err != nil || slot < 1 {
		return 0
	}
	return (slot - 1) * max(set.Workers, 1)
}
