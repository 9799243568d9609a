package runner

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/supervise"
	"github.com/mushbdd/mush/internal/view"
)

// A worker process (see the package documentation) reads one file:LINE a
// line on stdin and prints nothing but its journal. Its plan event lists
// the order in which to hand the scenarios out (journal.Plan.Queue), so the
// first worker process's selection (shard, timing history, seed) is the run's.

// processMode is the settings of a run that supervises worker processes
// of this program: BDD_ISOLATION=process, under no supervisor, not a dry
// run (which runs nothing).
func processMode(env Env) (config.Settings, bool) {
	if env.Serve != nil || env.Getenv(config.AttemptVar) != "" {
		return config.Settings{}, false
	}
	dir, err := runDir(env)
	if err != nil {
		return config.Settings{}, false
	}
	set, err := config.NewEnv(nil).Under(env.Getenv).In(dir).Load(config.Run)
	return set, err == nil && set.Isolation == config.IsolationProcess && !set.DryRun
}

// superviseSelf runs the suite in process mode (package supervise), this
// program run again with env.Args and env.Environ being each worker
// process: the one start path of mush.Main and mush.Test. A caller's
// filter selects here, and the workers get what it kept as BDD_PATHS;
// afterwards each result goes through env.Wrap.
func superviseSelf(ctx context.Context, env Env, set config.Settings) (result.Outcome, error) {
	dir, _ := runDir(env) // processMode read it
	environ := env.Environ
	if env.Filter != nil {
		filtered := false
		sel, err := discover.Select(set, discover.SelectOptions{Root: dir, Filter: func(every []discover.Scenario) func(discover.Scenario) bool {
			keep := env.Filter(every)
			filtered = keep != nil
			return keep
		}})
		if err != nil || sel.Selected == 0 {
			return result.Outcome{}, err
		}
		if filtered {
			environ = append(slices.Clip(environ), "BDD_PATHS="+view.JoinPaths(sel.Keys))
		}
	}
	bin, err := os.Executable()
	if err != nil {
		return result.Outcome{}, exitcode.Misusef("BDD_ISOLATION=process: cannot find this program to start its worker processes: %w", err)
	}
	out, err := supervise.Run(ctx, supervise.Options{Bin: bin, Args: env.Args, Base: dir, Env: environ,
		Stdout: env.Stdout, Stderr: env.Stderr, Signals: env.Signals, Start: env.Start, Rerun: env.Rerun})
	if err == nil && env.Wrap != nil {
		if run, rerr := report.ReadFile(filepath.Join(set.ReportsDir, report.ResultsFile)); rerr == nil {
			for _, sc := range run.Scenarios {
				env.Wrap(discover.Scenario{File: sc.File, Line: sc.Line}, func() result.Scenario { return sc })
			}
		}
	}
	return out, err
}

// feed hands out the scenarios whose locations a worker process reads
// from its input, up to the first location outside the selection.
type feed struct {
	indices chan int
	mu      sync.Mutex
	bad     string // the location outside the selection that stopped the feed
}

// newFeed reads locations from r until it ends.
func newFeed(r io.Reader, found []discover.Scenario) *feed {
	index := make(map[string]int, len(found))
	for i, sc := range found {
		index[sc.Location()] = i
	}
	f := &feed{indices: make(chan int)}
	go func() {
		defer close(f.indices)
		for sc := bufio.NewScanner(r); sc.Scan(); {
			loc := strings.TrimSpace(sc.Text())
			if i, ok := index[loc]; ok {
				f.indices <- i
			} else if loc != "" {
				f.mu.Lock()
				f.bad = loc
				f.mu.Unlock()
				return
			}
		}
	}()
	return f
}

// next waits for the next scenario's index; false once the input ended,
// the run stopped (stop closed, ctx done), or a location was not in the
// selection (unknown says which).
func (f *feed) next(ctx context.Context, stop <-chan struct{}) (int, bool) {
	select {
	case i, ok := <-f.indices:
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
