package console

import (
	"time"

	"github.com/mushbdd/mush/internal/schedule"
)

// estimate is the time left of a run, from the timing history: the
// expected work of the scenarios not yet started plus what the running
// ones still need, shared by the workers, and never less than the longest
// single one of those. It is known only while every unfinished scenario is
// in the history. Under BDD_WORKERS=auto (workers 0) the work is shared by
// as many workers as are running scenarios at that moment. The bookkeeping
// is a schedule.Backlog.
type estimate struct {
	backlog *schedule.Backlog
	known   bool // the history knows some scenario
	workers int  // 0: adaptive
}

func newEstimate(total int, expected map[string]time.Duration, workers int) estimate {
	return estimate{backlog: schedule.NewBacklog(expected, total), known: len(expected) > 0, workers: max(workers, 0)}
}

func (e *estimate) started(loc string, at time.Time) { e.backlog.Start(loc, at) }

func (e *estimate) finished(loc string) { e.backlog.Finish(loc) }

// left is the estimate at now, and whether there is one.
func (e *estimate) left(now time.Time) (time.Duration, bool) {
	l := e.backlog.Left(now)
	if l.Unknown > 0 || !e.known {
		return 0, false
	}
	workers := e.workers
	if workers == 0 {
		workers = max(l.Runs, 1)
	}
	return max((l.Waiting+l.Running)/time.Duration(workers), l.LongestWaiting, l.LongestRunning), true
}
