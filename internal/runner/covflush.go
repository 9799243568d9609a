package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/coverage"
	"sync"
	"time"

	"github.com/mushbdd/mush/internal/result"
)

// coverageFlusher keeps a snapshot of the coverage counters of an
// instrumented runner in its GOCOVERDIR as scenarios finish (at most once
// per interval): one counter file holding every count since the process
// started, replacing the previous snapshot. A process that dies on a panic
// in a goroutine, for which Go writes no counters at all, so keeps the
// coverage of every scenario that finished more than one interval before
// it died. A process that exits writes its complete counters itself, so
// Close removes the snapshot first, or its counts would be added twice.
//
// The counters are never cleared: runtime/coverage.ClearCounters after
// WriteCountersDir loses every count made by another goroutine between the
// two calls (a branch that one running scenario reaches once could vanish
// from the report). In a binary built without -cover the first write fails
// and the flusher turns itself off.
type coverageFlusher struct {
	dir      string
	every    time.Duration
	mu       sync.Mutex
	last     time.Time
	off      bool
	snapshot string // the counter file written last, "" if none is left
	// write writes the counters into a directory
	// (runtime/coverage.WriteCountersDir when nil; tests replace it).
	write func(dir string) error
}

// CoverageFlush is the shortest time between two counter files.
const CoverageFlush = 100 * time.Millisecond

func (f *coverageFlusher) ScenarioStarted(string, int) {}

func (f *coverageFlusher) ScenarioFinished(result.Scenario) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.off || time.Since(f.last) < f.every {
		return
	}
	f.last = time.Now()
	write := f.write
	if write == nil {
		write = coverage.WriteCountersDir
	}
	name, err := snapshotCounters(f.dir, write)
	if err != nil {
		f.off = true
		return
	}
	if f.snapshot != "" {
		os.Remove(f.snapshot)
	}
	f.snapshot = name
}

// Close stops the snapshots and removes the last one; the process is about
// to exit and write all of its counters.
func (f *coverageFlusher) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.off = true
	if f.snapshot != "" {
		os.Remove(f.snapshot)
		f.snapshot = ""
	}
}

// snapshotCounters writes the process's counters with write into dir and returns the
// file's path. The runtime names the file itself, so it is written in a
// directory of its own inside dir (which `go tool covdata` skips) and
// moved from there, on the same file system.
func snapshotCounters(dir string, write func(string) error) (string, error) {
	tmp, err := os.MkdirTemp(dir, ".snapshot-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	if err := write(tmp); err != nil {
		return "", err
	}
	entries, err := os.ReadDir(tmp)
	if err != nil || len(entries) != 1 {
		return "", fmt.Errorf("%s: not one counter file (%v)", tmp, err)
	}
	name := filepath.Join(dir, entries[0].Name())
	return name, os.Rename(filepath.Join(tmp, entries[0].Name()), name)
}
