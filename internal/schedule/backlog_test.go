package schedule

import (
	"testing"
	"time"
)

func TestBacklog(t *testing.T) {
	s := time.Second
	t0 := time.Unix(1000, 0)
	const a, b, c, d, unknown = 0, 1, 2, 3, 4
	bl := NewBacklog([]time.Duration{6 * s, 1 * s, 4 * s, 6 * s, Unknown})
	check := func(what string, got, want Left) {
		t.Helper()
		if got != want {
			t.Fatalf("%s:\n got %+v\nwant %+v", what, got, want)
		}
	}
	check("before any start (one scenario unknown)", bl.Left(t0),
		Left{Waiting: 17 * s, LongestWaiting: 6 * s, Unknown: 1})
	bl.Start(unknown, t0)
	check("the unknown one started: every waiting one is known", bl.Left(t0),
		Left{Waiting: 17 * s, AllKnown: true, LongestWaiting: 6 * s, Unknown: 1})
	bl.Start(a, t0)
	bl.Start(b, t0.Add(1500*time.Millisecond))
	check("two running", bl.Left(t0.Add(2*s)),
		Left{Waiting: 10 * s, AllKnown: true, LongestWaiting: 6 * s, Running: 4*s + s/2, LongestRunning: 4 * s, Runs: 2, Unknown: 1})
	bl.Start(d, t0.Add(2*s))
	check("both 6 s ones started: the longest waiting is the next", bl.Left(t0.Add(2*s)),
		Left{Waiting: 4 * s, AllKnown: true, LongestWaiting: 4 * s, Running: 10*s + s/2, LongestRunning: 6 * s, Runs: 3, Unknown: 1})
	bl.Finish(a)
	bl.Finish(c) // finished without a start event
	bl.Finish(unknown)
	check("an overrun scenario needs nothing more", bl.Left(t0.Add(4*s)),
		Left{AllKnown: true, Running: 4 * s, LongestRunning: 4 * s, Runs: 2})
	bl.Start(a, t0)
	bl.Finish(c)
	bl.Finish(unknown)
	bl.Start(len(bl.state), t0)
	bl.Finish(-1)
	check("a second start or finish, or a scenario out of range, changes nothing", bl.Left(t0.Add(4*s)),
		Left{AllKnown: true, Running: 4 * s, LongestWaiting: 0, LongestRunning: 4 * s, Runs: 2})

	var none *Backlog
	none.Start(a, t0)
	none.Finish(a)
	check("nil backlog", none.Left(t0), Left{})
}

// An unknown scenario that finishes without a start leaves the waiting
// ones all known.
func TestBacklogUnknownFinishedUnstarted(t *testing.T) {
	bl := NewBacklog([]time.Duration{Unknown, time.Second})
	bl.Finish(0)
	if l := bl.Left(time.Unix(0, 0)); !l.AllKnown || l.Unknown != 0 || l.Waiting != time.Second {
		t.Errorf("Left = %+v; want every waiting one known, 1s waiting", l)
	}
}
