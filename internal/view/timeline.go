package view

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/result"
)

// Lane is one worker of one attempt (of one shard, in merged shards).
type Lane struct {
	Shard           string // "2/4", empty for a whole run
	Attempt, Worker int
	Bars            []Bar // by start time
}

// Bar is one scenario's run, placed relative to the timeline's origin.
type Bar struct {
	Scenario *result.Scenario // in the view's run
	Offset   time.Duration    // start, from Origin
}

// Span is a stretch of the run outside any scenario (setup, teardown).
type Span struct {
	Name   string
	Offset time.Duration
	Length time.Duration
}

// Timeline is a run laid out in time: one lane per worker (per supervised
// attempt, per shard), one bar per scenario that ran, from its start to its
// end, and the suite setup and teardown around them. The page draws it and
// the trace exports it.
type Timeline struct {
	Origin   time.Time     // the earliest moment shown: setup start or first scenario start
	Length   time.Duration // from Origin to the last moment shown
	Lanes    []Lane        // by attempt, then worker
	Spans    []Span        // setup and teardown, when measured
	Attempts int           // distinct attempts among the lanes
}

// timelineOf lays out run. Scenarios that never started (skipped before running)
// get no bar. The first attempt has a lane for each of run.Workers workers
// (the most that existed at once under BDD_WORKERS=auto), busy or not, so
// idle workers show; later attempts, and the shards of a
// merged run, a lane for each worker that ran something.
func timelineOf(run *result.Run) Timeline {
	var t Timeline
	if !run.Started.IsZero() {
		t.Origin = run.Started.Add(-run.Setup)
	}
	bars := make([]*result.Scenario, 0, len(run.Scenarios))
	sharded := false
	for i := range run.Scenarios {
		if s := &run.Scenarios[i]; !s.Start.IsZero() {
			bars = append(bars, s)
			if len(bars) == 1 && run.Started.IsZero() || s.Start.Before(t.Origin) {
				t.Origin = s.Start
			}
			sharded = sharded || s.Shard != ""
		}
	}
	type key struct {
		shard           string
		attempt, worker int
	}
	lanes := map[key]*Lane{}
	lane := func(k key) *Lane {
		if lanes[k] == nil {
			lanes[k] = &Lane{Shard: k.shard, Attempt: k.attempt, Worker: k.worker}
		}
		return lanes[k]
	}
	workers := run.Workers
	if run.Auto && run.WorkersMax > 0 {
		workers = run.WorkersMax // the cap was never reached
	}
	for w := 1; w <= workers && !sharded; w++ {
		lane(key{"", 1, w})
	}
	for _, s := range bars {
		l := lane(key{s.Shard, max(s.Attempt, 1), s.Worker})
		b := Bar{Scenario: s, Offset: s.Start.Sub(t.Origin)}
		l.Bars = append(l.Bars, b)
		t.Length = max(t.Length, b.Offset+s.Duration)
	}
	if !run.Started.IsZero() {
		if run.Setup > 0 {
			t.Spans = append(t.Spans, Span{Name: "setup", Offset: run.Started.Sub(t.Origin) - run.Setup, Length: run.Setup})
		}
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
		return cmp.Or(cmp.Compare(shardIndex(a.Shard), shardIndex(b.Shard)), strings.Compare(a.Shard, b.Shard),
			cmp.Compare(a.Attempt, b.Attempt), cmp.Compare(a.Worker, b.Worker))
	})
	t.Attempts = len(attempts)
	return t
}

// shardIndex is i of "i/n" (0 when not a shard).
func shardIndex(s string) int {
	i, _ := strconv.Atoi(strings.SplitN(s, "/", 2)[0])
	return i
}

// Label names a lane: "worker 3", "attempt 2 · worker 1" when the run had
// several attempts, "shard 2/4 · worker 1" in merged shards.
func (t Timeline) Label(l Lane) string {
	label := "worker " + strconv.Itoa(l.Worker)
	if t.Attempts > 1 {
		label = "attempt " + strconv.Itoa(l.Attempt) + " · " + label
	}
	if l.Shard != "" {
		label = "shard " + l.Shard + " · " + label
	}
	return label
}
