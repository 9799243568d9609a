package adapt

import (
	"testing"
	"time"
)

// step is one reading handed to the controller: the CPU use over the last
// interval (as a share of the cores), goroutines queued for a core, and
// the scenarios still queued; want is the count it must answer.
type step struct {
	u        float64
	runnable int
	queued   int
	want     int
}

func TestDecisions(t *testing.T) {
	for _, tc := range []struct {
		name       string
		cores, max int
		steps      []step
	}{
		{"idle cores and queued work: grow, at most doubling", 2, 64, []step{
			{0.10, 0, 100, 4}, {0.10, 0, 100, 8}, {0.10, 0, 100, 16},
		}},
		{"half-used cores: grow to about the count that fills them", 2, 64, []step{
			{0.50, 0, 100, 4}, {0.70, 0, 100, 6}, {0.92, 0, 100, 6},
		}},
		{"growth adds at least one worker", 4, 64, []step{
			{0.84, 0, 100, 5},
		}},
		{"busy cores: hold", 2, 64, []step{
			{0.90, 0, 100, 2}, {1.00, 1, 100, 2}, {0.97, 2, 100, 2},
		}},
		{"saturated with goroutines queued for the cores: shed a quarter", 2, 64, []step{
			{0.10, 0, 100, 4}, {0.10, 0, 100, 8}, {1.00, 12, 100, 6}, {1.00, 8, 100, 4}, {1.00, 0, 100, 3}, {1.00, 0, 100, 3},
		}},
		{"a short run queue is smoothed over two readings", 2, 64, []step{
			{0.10, 0, 100, 4}, {1.00, 4, 100, 4}, {1.00, 4, 100, 3},
		}},
		{"the cap bounds growth", 2, 5, []step{
			{0.10, 0, 100, 4}, {0.10, 0, 100, 5}, {0.10, 0, 100, 5},
		}},
		{"a cap of one keeps one worker", 2, 1, []step{
			{0.00, 0, 100, 1}, {1.00, 50, 100, 1},
		}},
		{"never more new workers than scenarios queued", 2, 64, []step{
			{0.10, 0, 1, 3}, {0.10, 0, 0, 3},
		}},
		{"nothing queued: hold", 2, 64, []step{
			{0.00, 0, 0, 2},
		}},
		{"goroutines queued for the cores: no growth even with idle CPU time", 2, 64, []step{
			{0.10, 0, 100, 4}, {0.30, 6, 100, 4}, {0.30, 4, 100, 4},
		}},
		{"queued two deep while other processes hold the cores: shed", 2, 64, []step{
			{0.10, 0, 100, 4}, {0.10, 0, 100, 8}, {0.30, 10, 100, 6}, {0.30, 10, 100, 4},
		}},
		{"unknown run queue: never shed", 1, 64, []step{
			{0.10, -1, 100, 2}, {1.00, -1, 100, 2},
		}},
		{"one core: start with one worker and never go below it", 1, 64, []step{
			{1.00, 9, 100, 1},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New(tc.cores, tc.max)
			at := Reading{Runnable: 0}
			c.Next(at, 100) // baseline
			for i, s := range tc.steps {
				at.Elapsed += Interval
				at.CPU += time.Duration(s.u * float64(Interval) * float64(tc.cores))
				at.Runnable = s.runnable
				if got := c.Next(at, s.queued); got != s.want {
					t.Fatalf("reading %d (u=%.2f, runnable %d, queued %d): %d workers, want %d",
						i+1, s.u, s.runnable, s.queued, got, s.want)
				}
			}
		})
	}
}

func TestStartsAtOnePerCoreWithinTheCap(t *testing.T) {
	for _, tc := range []struct{ cores, max, want int }{{2, 64, 2}, {8, 4, 4}, {0, 0, 1}} {
		if got := New(tc.cores, tc.max).Workers(); got != tc.want {
			t.Errorf("New(%d, %d).Workers() = %d, want %d", tc.cores, tc.max, got, tc.want)
		}
	}
}

func TestNoTimePassedChangesNothing(t *testing.T) {
	c := New(2, 64)
	r := Reading{Elapsed: time.Second}
	c.Next(r, 10)
	if got := c.Next(r, 10); got != 2 {
		t.Fatalf("same instant: %d workers, want 2", got)
	}
}

func TestUtilisation(t *testing.T) {
	a := Reading{Elapsed: time.Second, CPU: time.Second}
	b := Reading{Elapsed: 2 * time.Second, CPU: 2500 * time.Millisecond}
	if got := Utilisation(a, b, 2); got != 0.75 {
		t.Errorf("Utilisation = %v, want 0.75", got)
	}
	if got := Utilisation(b, a, 2); got != 0 {
		t.Errorf("backwards: %v, want 0", got)
	}
}

func TestMeterReadsThisProcess(t *testing.T) {
	m := NewMeter()
	x := 0
	for i := range 20_000_000 { // some CPU work, so the CPU time moves
		x ^= i * i
	}
	r := m.Read()
	if r.Elapsed <= 0 || r.CPU <= 0 || r.Runnable < 0 {
		t.Fatalf("reading %+v (x=%d): want elapsed and CPU time > 0 and a run queue length", r, x)
	}
}

func TestClockMeasuresItsGoroutineOnly(t *testing.T) {
	c := StartClock()
	x := 0
	for i := range 30_000_000 {
		x ^= i * i
	}
	busy, ok := c.Stop()
	// The same work done by another goroutine while this one waits for it
	// is not this goroutine's CPU time.
	c = StartClock()
	done := make(chan int)
	go func() {
		y := 0
		for i := range 30_000_000 {
			y ^= i * i
		}
		done <- y
	}()
	y := <-done
	idle, _ := c.Stop()
	if !ok {
		t.Skip("no thread clock on this platform")
	}
	if busy <= idle || busy <= 0 {
		t.Fatalf("computing measured %v, waiting for another goroutine's work %v (x=%d, y=%d): want computing > waiting", busy, idle, x, y)
	}
}
