package adapt

import (
	"bytes"
	"compress/gzip"
	"context"
	"runtime/metrics"
	"slices"
	"testing"
	"time"
)

// step is one reading handed to the controller: the process's CPU use
// over the last interval (as a share of the cores), goroutines queued for
// a core, and the scenarios still queued; want is the count it must answer
// (0: any).
type step struct {
	u        float64
	runnable int
	queued   int
	want     int
	// work and longest, when set, are what the timing history expects of
	// the queued scenarios and the longest running one (Queue).
	work, longest time.Duration
}

// repeat returns n copies of s.
func repeat(n int, s step) []step {
	out := make([]step, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestDecisions(t *testing.T) {
	W := Window
	idle := step{u: 0.10, queued: 100}
	busyDeep := step{u: 1.00, runnable: 40, queued: 100} // 20 queued per core on 2 cores
	with := func(s step, want int) step { s.want = want; return s }
	for _, tc := range []struct {
		name       string
		cores, max int
		steps      []step
	}{
		{"idle cores and queued work: grow, at most doubling", 2, 64, []step{
			with(idle, 16), with(idle, 32), with(idle, 64), with(idle, 64),
		}},
		{"partly used cores: grow to about the count that fills them", 4, 64, []step{
			// 16 workers keep 60% of the cores busy: ceil(16 x 0.99 / 0.6) = 27.
			{0.60, 0, 100, 27, 0, 0}, {0.97, 0, 100, 27, 0, 0}, {0.97, 0, 100, 27, 0, 0}, {0.97, 0, 100, 27, 0, 0},
		}},
		{"near full cores growth adds at least an eighth", 4, 64, []step{
			// ceil(16 x 0.99 / 0.94) = 17, but at least 16 + 16/8.
			{0.94, 0, 100, 18, 0, 0},
		}},
		{"busy cores: hold", 2, 64, []step{
			{0.96, 0, 100, 8, 0, 0}, {0.96, 0, 100, 8, 0, 0}, {1.00, 1, 100, 8, 0, 0}, {1.00, 2, 100, 8, 0, 0},
		}},
		{"a bursty run queue at moderate CPU use still grows", 2, 64, []step{
			// The queue swings between empty and 12 (3 per core on average),
			// and CPU use says the cores are busy 60% of the time: grow to
			// ceil(n x 0.99 / 0.6), at most doubling, within the cap.
			{0.60, 0, 100, 14, 0, 0}, {0.60, 12, 100, 24, 0, 0}, {0.60, 0, 100, 40, 0, 0}, {0.60, 12, 100, 64, 0, 0},
		}},
		{"goroutines queued more than Deep per core: no growth, the cores have work enough", 2, 64,
			repeat(2*W, step{u: 0.60, runnable: 20, queued: 100, want: 8}),
		},
		{"busy cores and a deep queue over a full window: shed a quarter, once a window", 2, 64, slices.Concat(
			repeat(W-1, with(busyDeep, 8)), []step{with(busyDeep, 6)},
			repeat(W-1, with(busyDeep, 6)), []step{with(busyDeep, 4)},
			repeat(W-1, with(busyDeep, 4)), []step{with(busyDeep, 3)},
			repeat(2*W, step{u: 1.00, queued: 100, want: 3})),
		},
		{"a deep queue shorter than the window is a burst: no shed", 2, 64, slices.Concat(
			repeat(W, step{u: 0.96, queued: 100, want: 8}), repeat(2, step{u: 1.00, runnable: 100, queued: 100, want: 8}),
			repeat(W, step{u: 1.00, queued: 100, want: 8})),
		},
		{"a deep queue before the window is full: no shed", 2, 64, repeat(W-1, step{u: 1.00, runnable: 50, queued: 100, want: 8})},
		{"no more workers than the queue can use before the longest running scenario ends", 2, 64, []step{
			// 10 s of queued work, 1 s left of the longest running one:
			// 10 workers finish the queue with it; growth stops there.
			{u: 0.10, queued: 100, work: 10 * time.Second, longest: time.Second, want: 10},
			{u: 0.10, queued: 100, work: 10 * time.Second, longest: time.Second, want: 10},
			// As the longest nears its end, more workers become useful.
			{u: 0.10, queued: 100, work: 10 * time.Second, longest: 500 * time.Millisecond, want: 20},
		}},
		{"fewer useful workers than running ones: hold, do not shed", 2, 64, repeat(W+2,
			step{u: 0.10, queued: 100, work: 2 * time.Second, longest: time.Second, want: 8})},
		{"the cap bounds growth", 2, 12, []step{
			with(idle, 12), with(idle, 12), with(idle, 12),
		}},
		{"a cap of one keeps one worker", 2, 1, slices.Concat(
			repeat(3, step{queued: 100, want: 1}), repeat(2*W, step{u: 1.00, runnable: 50, queued: 100, want: 1})),
		},
		{"never more new workers than scenarios queued", 2, 64, []step{
			{u: 0.10, queued: 1, want: 9}, {u: 0.10, queued: 0, want: 9}, {u: 0.10, queued: 0, want: 9},
		}},
		{"nothing queued: hold", 2, 64, repeat(3, step{want: 8})},
		{"unknown run queue: judge by CPU use alone", 2, 64, []step{
			{u: 0.10, runnable: -1, queued: 100, want: 16},
		}},
		{"unknown run queue: never shed", 2, 64, repeat(2*W, step{u: 1.00, runnable: -1, queued: 100, want: 8})},
		{"one core: shed down to one worker and never below", 1, 64, slices.Concat(
			repeat(W, step{u: 1.00, runnable: 20, queued: 100}), []step{{u: 1.00, runnable: 20, queued: 100, want: 3}},
			repeat(4*W, step{u: 1.00, runnable: 20, queued: 100}), []step{{u: 1.00, runnable: 20, queued: 100, want: 1}}),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New(tc.cores, tc.max)
			at := Reading{}
			c.Next(at, Queue{Scenarios: 100}) // baseline
			for i, s := range tc.steps {
				at.Elapsed += Interval
				at.CPU += time.Duration(s.u * float64(Interval) * float64(tc.cores))
				at.Runnable = s.runnable
				got := c.Next(at, Queue{Scenarios: s.queued, Work: s.work, Longest: s.longest})
				if s.want > 0 && got != s.want {
					t.Fatalf("reading %d (u=%.2f, runnable %d, queued %d, work %v, longest %v): %d workers, want %d",
						i+1, s.u, s.runnable, s.queued, s.work, s.longest, got, s.want)
				}
			}
		})
	}
}

func TestUnknownCPUTimeHolds(t *testing.T) {
	c := New(2, 64)
	start := c.Workers()
	for i := range 3 * Window {
		r := Reading{Elapsed: time.Duration(i) * Interval, CPU: -1}
		if got := c.Next(r, Queue{Scenarios: 100}); got != start {
			t.Fatalf("reading %d without CPU time: %d workers, want %d", i, got, start)
		}
	}
}

// TestNoQueueKnownJudgesByCPUAlone: with neither the goroutines nor the
// threads waiting known, idle cores still grow the count and busy ones
// never shed it.
func TestNoQueueKnownJudgesByCPUAlone(t *testing.T) {
	for _, tc := range []struct {
		u    float64
		want int
	}{{0.10, 16}, {1.00, 8}} {
		c := New(2, 64)
		at := Reading{Runnable: -1, Waiting: -1}
		got := c.Next(at, Queue{Scenarios: 100})
		for range 2 * Window {
			at.Elapsed += Interval
			at.CPU += time.Duration(tc.u * float64(Interval) * 2)
			if got = c.Next(at, Queue{Scenarios: 100}); got != 8 {
				break
			}
		}
		if got != tc.want {
			t.Errorf("CPU use %.2f, no queue known: %d workers, want %d", tc.u, got, tc.want)
		}
	}
}

func TestUseful(t *testing.T) {
	for _, tc := range []struct {
		q    Queue
		want int
	}{
		{Queue{Scenarios: 5}, 0},
		{Queue{Scenarios: 5, Work: 10 * time.Second}, 0},
		{Queue{Scenarios: 5, Longest: time.Second}, 0},
		{Queue{Scenarios: 5, Work: 10 * time.Second, Longest: 3 * time.Second}, 4},
		{Queue{Scenarios: 5, Work: time.Second, Longest: 3 * time.Second}, 1},
	} {
		if got := tc.q.Useful(); got != tc.want {
			t.Errorf("%+v.Useful() = %d, want %d", tc.q, got, tc.want)
		}
	}
}

func TestStartsAtPerCoreWithinTheCap(t *testing.T) {
	for _, tc := range []struct{ cores, max, want int }{{2, 64, 8}, {8, 4, 4}, {0, 0, 1}} {
		if got := New(tc.cores, tc.max).Workers(); got != tc.want {
			t.Errorf("New(%d, %d).Workers() = %d, want %d", tc.cores, tc.max, got, tc.want)
		}
	}
}

func TestNoTimePassedChangesNothing(t *testing.T) {
	c := New(2, 64)
	start := c.Workers()
	r := Reading{Elapsed: time.Second}
	c.Next(r, Queue{Scenarios: 10})
	for range 3 * Window { // the same instant again and again: no interval to judge
		if got := c.Next(r, Queue{Scenarios: 10}); got != start {
			t.Fatalf("same instant: %d workers, want %d", got, start)
		}
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
	// Work until the CPU time moves: the machine's counters tick every
	// 10 ms, and a fast machine does a fixed amount of work within one.
	x, r := 0, m.Read()
	for deadline := time.Now().Add(10 * time.Second); r.CPU <= 0 && time.Now().Before(deadline); r = m.Read() {
		for i := range 1_000_000 {
			x ^= i * i
		}
	}
	// The run queue's metric is new in Go 1.26: older runtimes give -1.
	hasQueue := slices.ContainsFunc(metrics.All(), func(d metrics.Description) bool { return d.Name == runnableMetric })
	if _, ok := ProcessCPU(); ok && r.Own <= 0 {
		t.Fatalf("reading %+v (x=%d): want the process's own CPU time", r, x)
	}
	if r.Elapsed <= 0 || r.CPU <= 0 || (r.Runnable >= 0) != hasQueue {
		t.Fatalf("reading %+v (x=%d): want elapsed and CPU time > 0 and a run queue length (-1 if %s is unknown)", r, x, runnableMetric)
	}
}

// TestSamplerMeasuresByLabel: the CPU time of a labelled goroutine, and
// of the goroutines it starts, counts to its label; a goroutine that waits
// meanwhile has next to none.
func TestSamplerMeasuresByLabel(t *testing.T) {
	s, err := StartSampler()
	if err != nil {
		t.Skipf("no CPU profile (another one runs?): %v", err)
	}
	if _, err := StartSampler(); err == nil {
		t.Fatal("a second sampler started while the first ran")
	}
	spin := func() { // 300 ms of the process's CPU time, not of the clock's
		start, _ := ProcessCPU()
		for x := 0; ; x++ {
			if now, _ := ProcessCPU(); now-start > 300*time.Millisecond {
				return
			}
		}
	}
	done := make(chan struct{})
	waited := make(chan struct{})
	go s.Do(context.Background(), "b", func(context.Context) { <-done; close(waited) })
	s.Do(context.Background(), "a", func(context.Context) {
		child := make(chan struct{})
		go func() { spin(); close(child) }() // inherits the label
		<-child
	})
	close(done)
	<-waited
	var none *Sampler
	ran := false
	none.Do(context.Background(), "c", func(context.Context) { ran = true })
	got, err := s.Stop()
	if err != nil {
		t.Fatal(err)
	}
	if !ran {
		t.Fatal("a nil sampler did not run the function")
	}
	if got["a"] < 100*time.Millisecond || got["b"] > got["a"]/4 {
		t.Fatalf("sampled %v: want a (300 ms of CPU in a goroutine it started) well above b (waiting)", got)
	}
	if m, err := none.Stop(); m != nil || err != nil {
		t.Fatalf("a nil sampler stopped with %v, %v", m, err)
	}
}

func TestCPUByLabelRefusesABrokenProfile(t *testing.T) {
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"not gzip", []byte("profile")},
		{"a truncated varint", gz([]byte{0x08, 0x80})},
		{"a length beyond the end", gz([]byte{0x12, 0x05, 0x01})},
		{"an unknown wire type", gz([]byte{0x0b})},
		{"a truncated fixed64", gz([]byte{0x09, 0x01})},
		{"a broken packed value", gz([]byte{0x12, 0x03, 0x12, 0x01, 0x80})},
		{"a broken label", gz([]byte{0x12, 0x03, 0x1a, 0x01, 0x08})},
	} {
		if _, err := cpuByLabel(tc.in, "k", ""); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	// A sample with its values unpacked and a label whose strings are out
	// of the table counts under the empty string; fixed-size fields are
	// skipped.
	in := []byte{0x12, 0x0a, 0x10, 0x01, 0x10, 0x07, 0x1a, 0x04, 0x08, 0x00, 0x10, 0x09,
		0x31, 1, 2, 3, 4, 5, 6, 7, 8, 0x3d, 1, 2, 3, 4}
	if got, err := cpuByLabel(gz(in), "", ""); err != nil || got[""] != 7 {
		t.Fatalf("got %v, %v: want 7 ns under \"\"", got, err)
	}
}

// TestMachineTicksJudgedWithTheRunnersOwnTime: the machine's CPU time
// counts whole ticks of 10 ms, 5 of them per interval on 2 cores. Judged
// alone, one interval after each change of count, they read the cores
// full about half the time when 90% busy, and growth near full cores
// stalls. With the runner's own CPU time exact and the rest of the
// machine judged over the recent readings, the controller grows steadily
// once the recent readings span a window (before that, near full cores,
// the ticks could hide the idle time: TestTicksOfAFewReadingsHoldGrowth),
// though slower than on exact readings; what other processes use still
// counts.
func TestMachineTicksJudgedWithTheRunnersOwnTime(t *testing.T) {
	const tick = 10 * time.Millisecond
	for _, tc := range []struct {
		name   string
		own    float64       // the runner's share of 2 cores, every interval
		others time.Duration // the other processes' CPU time per interval
		// the counts after 16 intervals (400 ms): from exact readings, from
		// the machine's ticks alone, and from the ticks with the own time
		exact, ticks, want int
	}{
		{"runner alone, half the cores", 0.5, 0, 64, 64, 64},
		{"runner alone, 90% of the cores", 0.9, 0, 51, 10, 33},
		{"runner alone, 93% of the cores", 0.93, 0, 37, 10, 18},
		{"a little of others' work", 0.9, time.Millisecond, 41, 10, 23},
		{"others keep the rest of the cores busy: hold", 0.5, 25 * time.Millisecond, 8, 8, 8},
		{"others use a fifth of the cores: grow to fill the rest", 0.5, 10 * time.Millisecond, 64, 64, 64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exact, ticks, ticked := New(2, 64), New(2, 64), New(2, 64)
			q := Queue{Scenarios: 1000}
			for _, c := range []*Controller{exact, ticks, ticked} {
				c.Next(Reading{}, q)
			}
			var own, machine time.Duration
			var e, k, got int
			for i := 1; i <= 16; i++ {
				elapsed := time.Duration(i) * Interval
				own += time.Duration(tc.own * float64(2*Interval))
				machine += time.Duration(tc.own*float64(2*Interval)) + tc.others
				e = exact.Next(Reading{Elapsed: elapsed, CPU: machine}, q)
				r := Reading{Elapsed: elapsed, CPU: machine / tick * tick, Capacity: 2 * elapsed, Resolution: 2 * tick}
				k = ticks.Next(r, q)
				r.Own = own
				got = ticked.Next(r, q)
			}
			if e != tc.exact || k != tc.ticks || got != tc.want {
				t.Fatalf("after 16 intervals: %d workers from exact readings, %d from ticks alone, %d with the own time; want %d, %d, %d",
					e, k, got, tc.exact, tc.ticks, tc.want)
			}
		})
	}
}

// TestOwnTimeWithoutCapacity: where the CPU time is the process tree's
// and no capacity is read (no machine), the runner's own time judges as
// the CPU time alone does, the programs it waited for included.
func TestOwnTimeWithoutCapacity(t *testing.T) {
	for _, tc := range []struct {
		own, children float64 // shares of 2 cores per interval
	}{{0.5, 0}, {0.9, 0}, {0.3, 0.6}, {0.1, 0.95}} {
		plain, with := New(2, 64), New(2, 64)
		q := Queue{Scenarios: 1000}
		plain.Next(Reading{}, q)
		with.Next(Reading{}, q)
		var own, tree time.Duration
		for i := 1; i <= 2*Window; i++ {
			elapsed := time.Duration(i) * Interval
			own += time.Duration(tc.own * float64(2*Interval))
			tree += time.Duration((tc.own + tc.children) * float64(2*Interval))
			want := plain.Next(Reading{Elapsed: elapsed, CPU: tree}, q)
			if got := with.Next(Reading{Elapsed: elapsed, CPU: tree, Own: own}, q); got != want {
				t.Fatalf("own %.2f, children %.2f, interval %d: %d workers with the own time, %d without", tc.own, tc.children, i, got, want)
			}
		}
	}
}

// TestTicksOfAFewReadingsHoldGrowth: /proc/stat counts whole ticks of
// 10 ms, 5 per interval on 2 cores, with user and system time truncated
// each, so one interval of full cores can read 4 ticks of 5 (on the
// benchmark's spawning corpus the first interval read 71% of cores its
// programs kept full, and the count grew from 8 to 10 workers that only
// queued). On fewer readings than a window the controller grows only when
// the cores are idle beyond what the ticks could hide; from a full window
// on, GrowBelow alone decides, as before.
func TestTicksOfAFewReadingsHoldGrowth(t *testing.T) {
	const tick = 10 * time.Millisecond
	for _, tc := range []struct {
		name  string
		ticks []int // busy ticks read over each interval, of 5; the last repeats
		// the counts after the first judgment and after 16 readings, with
		// the ticks' resolution known and with none
		first, last, blindFirst, blindLast int
	}{
		{"full cores that read 4 ticks of 5 at first: hold", []int{4, 5}, 8, 8, 10, 12},
		{"idle cores: grow from the first reading", []int{1}, 16, 64, 16, 64},
		{"cores 80% busy: grow once the readings tell", []int{4}, 8, 64, 10, 64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var counts [2][2]int
			for k, resolution := range []time.Duration{2 * tick, 0} {
				c := New(2, 64)
				q := Queue{Scenarios: 1000}
				r := Reading{Resolution: resolution}
				c.Next(r, q)
				for i := range 16 {
					r.Elapsed += Interval
					r.CPU += time.Duration(tc.ticks[min(i, len(tc.ticks)-1)]) * tick
					r.Own += time.Millisecond // the runner waits for the programs its steps start
					n := c.Next(r, q)
					if i == 0 {
						counts[k][0] = n
					}
					counts[k][1] = n
				}
			}
			if want := [2][2]int{{tc.first, tc.last}, {tc.blindFirst, tc.blindLast}}; counts != want {
				t.Fatalf("counts after the first judgment and after 16 readings: %v with the resolution, %v without; want %v and %v",
					counts[0], counts[1], want[0], want[1])
			}
		})
	}
}
