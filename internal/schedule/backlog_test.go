package schedule

import (
	"testing"
	"time"
)

func TestBacklog(t *testing.T) {
	s := time.Second
	t0 := time.Unix(1000, 0)
	b := NewBacklog(map[string]time.Duration{"a:1": 6 * s, "b:1": 1 * s, "c:1": 4 * s, "d:1": 6 * s}, 5)
	check := func(what string, got, want Left) {
		t.Helper()
		if got != want {
			t.Fatalf("%s:\n got %+v\nwant %+v", what, got, want)
		}
	}
	check("before any start (one scenario unknown)", b.Left(t0),
		Left{Waiting: 17 * s, LongestWaiting: 6 * s, Unknown: 1})
	b.Start("new:1", t0)
	check("the unknown one started: every waiting one is known", b.Left(t0),
		Left{Waiting: 17 * s, AllKnown: true, LongestWaiting: 6 * s, Unknown: 1})
	b.Start("a:1", t0)
	b.Start("b:1", t0.Add(1500*time.Millisecond))
	check("two running", b.Left(t0.Add(2*s)),
		Left{Waiting: 10 * s, AllKnown: true, LongestWaiting: 6 * s, Running: 4*s + s/2, LongestRunning: 4 * s, Runs: 2, Unknown: 1})
	b.Start("d:1", t0.Add(2*s))
	check("both 6 s ones started: the longest waiting is the next", b.Left(t0.Add(2*s)),
		Left{Waiting: 4 * s, AllKnown: true, LongestWaiting: 4 * s, Running: 10*s + s/2, LongestRunning: 6 * s, Runs: 3, Unknown: 1})
	b.Finish("a:1")
	b.Finish("c:1") // finished without a start event
	b.Finish("new:1")
	check("an overrun scenario needs nothing more", b.Left(t0.Add(4*s)),
		Left{AllKnown: true, Running: 4 * s, LongestRunning: 4 * s, Runs: 2})

	var none *Backlog
	none.Start("a:1", t0)
	none.Finish("a:1")
	check("nil backlog", none.Left(t0), Left{})
}
