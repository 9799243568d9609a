package console

import (
	"time"

	"github.com/mushbdd/mush/internal/schedule"
)

// estimate is the time left of a run from the timing history: the work
// not done yet shared by the workers (under BDD_WORKERS=auto, workers 0:
// those running at the moment), never less than its longest single piece;
// known only while the history knows every unfinished scenario.
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
