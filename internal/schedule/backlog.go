package schedule

import (
	"slices"
	"sync"
	"time"
)

// Backlog follows what the timing history expects of the scenarios of a
// run that have not finished: those waiting to start and those running.
// The progress line's estimate of the time left and BDD_WORKERS=auto's
// limit on useful workers both read it. Starts and finishes cost O(1)
// (amortised) and Left costs O(running), whatever the number of scenarios
// waiting. A nil Backlog follows nothing. It is safe for concurrent use.
type Backlog struct {
	mu       sync.Mutex
	expected map[string]time.Duration
	waiting  map[string]bool      // known scenarios not started
	running  map[string]time.Time // known scenarios running, by start
	work     time.Duration        // expected of the waiting ones
	// longest holds the known scenarios, longest expected first; those
	// that started are skipped lazily (Left).
	longest []expectation
	// unknown counts the scenarios the history does not know that have
	// not finished, unknownWaiting those of them not started.
	unknown, unknownWaiting int
}

// expectation is what the history expects of the scenario at loc.
type expectation struct {
	loc string
	d   time.Duration
}

// NewBacklog follows a run of total scenarios, expected holding what the
// history says of those it knows (by location).
func NewBacklog(expected map[string]time.Duration, total int) *Backlog {
	b := &Backlog{expected: expected, waiting: make(map[string]bool, len(expected)),
		running: map[string]time.Time{}}
	for loc, d := range expected {
		b.waiting[loc] = true
		b.work += d
		b.longest = append(b.longest, expectation{loc, d})
	}
	slices.SortFunc(b.longest, func(x, y expectation) int { return int(y.d - x.d) })
	b.unknown = max(total-len(expected), 0)
	b.unknownWaiting = b.unknown
	return b
}

// Start says the scenario at loc started at at.
func (b *Backlog) Start(loc string, at time.Time) { b.move(loc, at, false) }

// Finish says the scenario at loc finished (with or without a start).
func (b *Backlog) Finish(loc string) { b.move(loc, time.Time{}, true) }

// move takes loc out of the waiting ones: into the running ones at at,
// or out of the backlog when it finished.
func (b *Backlog) move(loc string, at time.Time, finished bool) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	d, known := b.expected[loc]
	switch {
	case !known && finished:
		b.unknown = max(b.unknown-1, 0)
	case !known:
		b.unknownWaiting = max(b.unknownWaiting-1, 0)
	case b.waiting[loc]:
		delete(b.waiting, loc)
		b.work -= d
		if !finished {
			b.running[loc] = at
		}
	case finished:
		delete(b.running, loc)
	}
}

// Left is what a Backlog expects of the scenarios not finished.
type Left struct {
	// Waiting is the expected work of the scenarios not started, and
	// AllKnown whether the history knows every one of them.
	Waiting  time.Duration
	AllKnown bool
	// LongestWaiting is the longest expected time of one of them.
	LongestWaiting time.Duration
	// Running is what the running scenarios the history knows still need,
	// summed, and LongestRunning the most one of them needs (one that
	// overran needs nothing); Runs is how many they are.
	Running, LongestRunning time.Duration
	Runs                    int
	// Unknown is the number of unfinished scenarios the history does not
	// know.
	Unknown int
}

// Left is the backlog at now.
func (b *Backlog) Left(now time.Time) Left {
	if b == nil {
		return Left{}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.longest) > 0 && !b.waiting[b.longest[0].loc] {
		b.longest = b.longest[1:]
	}
	l := Left{Waiting: b.work, AllKnown: b.unknownWaiting == 0, Runs: len(b.running), Unknown: b.unknown}
	if len(b.longest) > 0 {
		l.LongestWaiting = b.longest[0].d
	}
	for loc, at := range b.running {
		rest := max(b.expected[loc]-now.Sub(at), 0)
		l.Running += rest
		l.LongestRunning = max(l.LongestRunning, rest)
	}
	return l
}
