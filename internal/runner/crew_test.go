package runner

import (
	"sync"
	"testing"
	"time"
)

// TestCrew: a new worker takes the lowest free number; workers beyond a
// lowered target leave as they ask to stay, one that left is not counted
// twice, resize asks for the workers missing, and once every worker left
// no new one may join. The figures keep the lowest target and the most
// workers there at once.
func TestCrew(t *testing.T) {
	var wg sync.WaitGroup
	c := newCrew(2, &wg, time.Now())
	for want := 1; want <= 2; want++ {
		if n, ok := c.join(); n != want || !ok {
			t.Fatalf("join = %d, %v; want %d, true", n, ok, want)
		}
	}
	if add := c.resize(1); add != 0 {
		t.Errorf("resize(1) with 2 workers asks for %d more, want 0", add)
	}
	if c.stay(1) {
		t.Error("worker 1 stays with 2 workers for a target of 1")
	}
	if !c.stay(2) {
		t.Error("worker 2, the last one, does not stay")
	}
	c.leave(1) // already gone
	if got := c.size(); got != 1 {
		t.Errorf("size after worker 1 left twice = %d, want 1", got)
	}
	if add := c.resize(3); add != 2 {
		t.Errorf("resize(3) with 1 worker asks for %d more, want 2", add)
	}
	if n, ok := c.join(); n != 1 || !ok {
		t.Errorf("join after worker 1 left = %d, %v; want 1 (the lowest free number), true", n, ok)
	}
	c.leave(1)
	c.leave(2)
	if n, ok := c.join(); ok {
		t.Errorf("join after every worker left = %d, true; want false", n)
	}
	if lo, hi, _ := c.figures(); lo != 1 || hi != 2 {
		t.Errorf("figures: lowest target %d, most workers %d; want 1, 2", lo, hi)
	}
}
