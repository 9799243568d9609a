package runner

import (
	"runtime/coverage"
	"sync"
	"time"

	"github.com/mushbdd/mush/internal/result"
)

// coverageFlusher writes the coverage counters of an instrumented runner
// into its GOCOVERDIR as scenarios finish (at most once per interval) and
// clears them (atomic mode), so each file holds the counts since the
// previous one and their sum is the total. A process that dies on a panic
// in a goroutine, for which Go writes no counters at all, so keeps the
// coverage of every scenario that finished more than one interval before
// it died. In a binary built without -cover the first write fails and the
// flusher turns itself off.
type coverageFlusher struct {
	dir   string
	every time.Duration
	mu    sync.Mutex
	last  time.Time
	off   bool
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
	if coverage.WriteCountersDir(f.dir) != nil || coverage.ClearCounters() != nil {
		f.off = true
	}
}
