// Package timeline lays a run out in time: one lane per worker (per
// supervised attempt), one bar per scenario that ran, from its start to its
// end, and the suite setup and teardown around them. The HTML report draws
// it and the Chrome trace writer exports it; both read the same layout.
package timeline

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/mushbdd/mush/internal/result"
)

// Lane is one worker of one attempt.
type Lane struct {
	Attempt, Worker int
	Bars            []Bar // by start time
}

// Bar is one scenario's run, placed relative to the timeline's origin.
type Bar struct {
	Scenario result.Scenario
	Offset   time.Duration // start, from Origin
}

// End is the bar's end, from Origin.
func (b Bar) End() time.Duration { return b.Offset + b.Scenario.Duration }

// Span is a stretch of the run outside any scenario (setup, teardown).
type Span struct {
	Name   string
	Offset time.Duration
	Length time.Duration
}

// Timeline is the layout of a run.
type Timeline struct {
	Origin time.Time     // the earliest moment shown: setup start or first scenario start
	Length time.Duration // from Origin to the last moment shown
	Lanes  []Lane        // by attempt, then worker
	Spans  []Span        // setup and teardown, when measured
	// Attempts is the number of distinct attempts among the lanes.
	Attempts int
}

// Of lays out run. Scenarios that never started (skipped before running)
// get no bar. The first attempt has a lane for each of run.Workers workers,
// busy or not, so idle workers show; later attempts a lane for each worker
// that ran something.
func Of(run result.Run) Timeline {
	var t Timeline
	var bars []result.Scenario
	for _, s := range run.Scenarios {
		if !s.Start.IsZero() {
			bars = append(bars, s)
		}
	}
	switch {
	case !run.Started.IsZero():
		t.Origin = run.Started.Add(-run.Setup)
	case len(bars) > 0:
		t.Origin = bars[0].Start
	}
	for _, s := range bars {
		if s.Start.Before(t.Origin) {
			t.Origin = s.Start
		}
	}
	type key struct{ attempt, worker int }
	lanes := map[key]*Lane{}
	lane := func(k key) *Lane {
		if l, ok := lanes[k]; ok {
			return l
		}
		l := &Lane{Attempt: k.attempt, Worker: k.worker}
		lanes[k] = l
		return l
	}
	first := 1
	for _, s := range bars {
		first = min(first, max(s.Attempt, 1))
	}
	for w := 1; w <= run.Workers; w++ {
		lane(key{first, w})
	}
	for _, s := range bars {
		l := lane(key{max(s.Attempt, 1), s.Worker})
		b := Bar{Scenario: s, Offset: s.Start.Sub(t.Origin)}
		l.Bars = append(l.Bars, b)
		t.Length = max(t.Length, b.End())
	}
	if run.Setup > 0 && !run.Started.IsZero() {
		t.Spans = append(t.Spans, Span{Name: "setup", Offset: run.Started.Sub(t.Origin) - run.Setup, Length: run.Setup})
	}
	if !run.Started.IsZero() {
		end := run.Started.Add(run.Wall).Sub(t.Origin)
		t.Length = max(t.Length, end)
		if run.Teardown > 0 {
			t.Spans = append(t.Spans, Span{Name: "teardown", Offset: end, Length: run.Teardown})
			t.Length = max(t.Length, end+run.Teardown)
		}
	}
	attempts := map[int]bool{}
	for _, l := range lanes {
		slices.SortStableFunc(l.Bars, func(a, b Bar) int {
			return cmp.Or(cmp.Compare(a.Offset, b.Offset), cmp.Compare(a.Scenario.Order, b.Scenario.Order))
		})
		t.Lanes = append(t.Lanes, *l)
		attempts[l.Attempt] = true
	}
	slices.SortFunc(t.Lanes, func(a, b Lane) int {
		return cmp.Or(cmp.Compare(a.Attempt, b.Attempt), cmp.Compare(a.Worker, b.Worker))
	})
	t.Attempts = len(attempts)
	return t
}

// Label names a lane: "worker 3", or "attempt 2 · worker 1" when the run
// had several attempts.
func (t Timeline) Label(l Lane) string {
	if t.Attempts > 1 {
		return "attempt " + itoa(l.Attempt) + " · worker " + itoa(l.Worker)
	}
	return "worker " + itoa(l.Worker)
}

func itoa(n int) string { return strconv.Itoa(n) }
