package runner

import (
	"sync"
	"time"

	"github.com/mushbdd/mush/internal/adapt"
)

// backlog follows, for BDD_WORKERS=auto, what the timing history expects
// of the scenarios not yet started and of those running: the adapt
// controller grows no further than the count that finishes the queue by
// the time the longest running scenario ends (adapt.Queue.Useful). A nil
// backlog follows nothing.
type backlog struct {
	mu      sync.Mutex
	expect  []time.Duration // by scenario index; 0 where the history has none
	work    time.Duration   // expected of the scenarios not started
	unknown int             // scenarios not started that the history does not know
	running map[int]runningScenario
}

// runningScenario is a running scenario: when it started and what it should take.
type runningScenario struct {
	start time.Time
	takes time.Duration
}

// newBacklog starts a backlog of the scenarios in order, with the times
// expect gives them (by scenario index).
func newBacklog(order []int, expect []time.Duration) *backlog {
	b := &backlog{expect: expect, running: map[int]runningScenario{}}
	for _, i := range order {
		if d := expect[i]; d > 0 {
			b.work += d
		} else {
			b.unknown++
		}
	}
	return b
}

// take moves scenario i from the queue onto worker.
func (b *backlog) take(worker, i int, now time.Time) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	d := b.expect[i]
	if d > 0 {
		b.work -= d
	} else {
		b.unknown--
	}
	b.running[worker] = runningScenario{start: now, takes: d}
}

// done says worker finished its scenario.
func (b *backlog) done(worker int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.running, worker)
}

// queue is the controller's view at now of the scenarios not started
// (scenarios of them wait for a worker): their expected work when the
// history knows them all, and the longest expected time left of a running
// scenario the history knows (one that overran has none left).
func (b *backlog) queue(scenarios int, now time.Time) adapt.Queue {
	q := adapt.Queue{Scenarios: scenarios}
	if b == nil {
		return q
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.unknown == 0 {
		q.Work = b.work
	}
	for _, r := range b.running {
		q.Longest = max(q.Longest, r.takes-now.Sub(r.start))
	}
	return q
}
