package schedule

import (
	"cmp"
	"slices"
	"sync"
	"time"
)

// Backlog follows what the timing history expects of the scenarios of a
// run that have not finished: those waiting to start and those running.
// A scenario is its index in the run. The progress line's estimate of the
// time left and BDD_WORKERS=auto's limit on useful workers both read it.
// Starts and finishes cost O(1) (amortised) and Left costs O(running),
// whatever the number of scenarios waiting. It holds no pointer per
// scenario, so the collector need not mark it while a large run goes on.
// A nil Backlog follows nothing. It is safe for concurrent use.
type Backlog struct {
	mu       sync.Mutex
	expected []time.Duration // by scenario: Unknown when the history does not know it
	state    []state
	running  map[int]time.Time // by start
	work     time.Duration     // expected of the known waiting ones
	// longest holds the known scenarios, longest expected first; those
	// that started are skipped lazily (Left).
	longest []int32
	// unknown counts the scenarios the history does not know that have
	// not finished, unknownWaiting those of them not started.
	unknown, unknownWaiting int
}

// Unknown is what a Backlog expects of a scenario the history does not
// know.
const Unknown time.Duration = -1

type state uint8

const (
	waiting state = iota
	running
	finished
)

// NewBacklog follows a run whose scenarios the history expects to take
// expected, by index (Unknown for one it does not know).
func NewBacklog(expected []time.Duration) *Backlog {
	b := &Backlog{expected: expected, state: make([]state, len(expected)), running: map[int]time.Time{}}
	for k, d := range expected {
		if d == Unknown {
			b.unknown++
			continue
		}
		b.work += d
		b.longest = append(b.longest, int32(k))
	}
	slices.SortStableFunc(b.longest, func(x, y int32) int { return cmp.Compare(expected[y], expected[x]) })
	b.unknownWaiting = b.unknown
	return b
}

// Start says scenario k started at at.
func (b *Backlog) Start(k int, at time.Time) { b.move(k, running, at) }

// Finish says scenario k finished (with or without a start).
func (b *Backlog) Finish(k int) { b.move(k, finished, time.Time{}) }

// move takes scenario k to state to (later than its own).
func (b *Backlog) move(k int, to state, at time.Time) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if k < 0 || k >= len(b.state) || b.state[k] >= to {
		return
	}
	from, d := b.state[k], b.expected[k]
	b.state[k] = to
	switch {
	case d == Unknown && from == waiting:
		b.unknownWaiting--
		if to == finished {
			b.unknown--
		}
	case d == Unknown:
		b.unknown--
	case from == waiting:
		b.work -= d
		if to == running {
			b.running[k] = at
		}
	default:
		delete(b.running, k)
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
	for len(b.longest) > 0 && b.state[b.longest[0]] != waiting {
		b.longest = b.longest[1:]
	}
	l := Left{Waiting: b.work, AllKnown: b.unknownWaiting == 0, Runs: len(b.running), Unknown: b.unknown}
	if len(b.longest) > 0 {
		l.LongestWaiting = b.expected[b.longest[0]]
	}
	for k, at := range b.running {
		rest := max(b.expected[k]-now.Sub(at), 0)
		l.Running += rest
		l.LongestRunning = max(l.LongestRunning, rest)
	}
	return l
}
