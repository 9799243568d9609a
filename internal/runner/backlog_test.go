package runner

import (
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/adapt"
)

func TestBacklog(t *testing.T) {
	s := time.Second
	t0 := time.Unix(1000, 0)
	b := newBacklog([]int{2, 0, 1}, []time.Duration{1 * s, 4 * s, 6 * s})
	if got, want := b.queue(3, t0), (adapt.Queue{Scenarios: 3, Work: 11 * s}); got != want {
		t.Fatalf("before any start: %+v, want %+v", got, want)
	}
	b.take(1, 2, t0)                            // the 6 s scenario
	b.take(2, 0, t0.Add(1500*time.Millisecond)) // the 1 s scenario
	if got, want := b.queue(1, t0.Add(2*s)), (adapt.Queue{Scenarios: 1, Work: 4 * s, Longest: 4 * s}); got != want {
		t.Fatalf("two running: %+v, want %+v", got, want)
	}
	b.done(1)
	if got, want := b.queue(1, t0.Add(2*s)), (adapt.Queue{Scenarios: 1, Work: 4 * s, Longest: s / 2}); got != want {
		t.Fatalf("the longest done: %+v, want %+v", got, want)
	}
	if got, want := b.queue(1, t0.Add(3*s)), (adapt.Queue{Scenarios: 1, Work: 4 * s}); got != want {
		t.Fatalf("the running one overran: %+v, want %+v (no time left)", got, want)
	}

	u := newBacklog([]int{0, 1}, []time.Duration{2 * s, 0})
	if got := u.queue(2, t0); got.Work != 0 {
		t.Fatalf("a queued scenario the history does not know: work %v, want 0 (unknown)", got.Work)
	}
	u.take(1, 1, t0)
	if got := u.queue(1, t0); got.Work != 2*s || got.Longest != 0 {
		t.Fatalf("the unknown one running: %+v, want work 2s and no longest (unknown)", got)
	}

	var none *backlog
	none.take(1, 0, t0)
	none.done(1)
	if got, want := none.queue(7, t0), (adapt.Queue{Scenarios: 7}); got != want {
		t.Fatalf("nil backlog: %+v, want %+v", got, want)
	}
}
