// Package adapt decides how many scenarios run at once while a run goes
// on: BDD_WORKERS=auto. It is a pure controller: the runner hands it a
// reading of the machine (CPU time used so far by every process, against
// what the cores could give, and what waits for a core: goroutines the Go
// scheduler holds ready to run, threads of every process; see Meter)
// every Interval with what it knows of the work left (Queue), and it
// answers with the worker count to aim for. Its rules, explained in
// docs/design.md:
//
//   - Start with PerCore workers per core: a waiting suite needs more
//     workers than cores from its first scenario on, and a computing one
//     loses nothing by a few goroutines queued for the cores.
//   - Judge over the readings since the count last changed, over one
//     interval at least and the last Window readings at most: scenarios
//     compute in bursts, so one reading swings between idle cores and a
//     deep run queue while a window shows how busy the cores are, and
//     readings taken with another count say nothing of this one.
//   - Over the window, the cores are busy to the share b (the machine's
//     CPU time over what its cores could give: the runner, the programs
//     its steps start and every other process count); q goroutines of
//     the runner and t threads of every process queue for them on
//     average. Where the runner's own CPU time is known exactly (Own), b
//     is its share over the window plus the rest of the machine's over
//     the last Window readings, whatever the count then: the machine's
//     counters tick in hundredths of a second, too coarse to judge one
//     interval by, and the other processes do not answer to the count.
//   - Grow while b is below GrowBelow, q + t is at most Deep per core, the
//     queue can use more workers (Queue.Useful) and scenarios are queued,
//     judging b from fewer readings than a window only when it is below
//     GrowBelow by more than the counters' ticks could hide in them:
//     n workers kept b of the cores busy, so about n x Target/b keep them
//     busy. Growth is at most doubling and at least an eighth (and one
//     worker): near full cores the linear estimate creeps, as bursts of
//     computing leave gaps only more workers fill. A queue deeper than
//     Deep per core means the cores have work enough, whatever b says.
//   - Shed a quarter of the workers when, over a full window, b is at or
//     above ShedAbove and q is more than twice Deep per core: every
//     computing scenario then runs at a fraction of a core, the extra
//     workers only slow each other down and cost CPU, and they stretch the
//     longest scenarios, which bound the run. A shed worker finishes its
//     scenario first. Only the runner's own goroutines count here: the
//     threads in the queue may be other processes', and shedding for them
//     would only hand them the machine.
//   - Otherwise hold.
//   - Never below 1, never above the cap, never more workers than the
//     scenarios still queued could use.
package adapt

import (
	"math"
	"time"
)

// Interval is how often the runner takes a reading and asks for a count.
const Interval = 25 * time.Millisecond

// Window is how many readings the controller judges over: 200 ms.
const Window = 8

// The thresholds of the rules, as shares of the machine's cores, and the
// depth of the run queue per core that counts as deep.
const (
	// GrowBelow: below this share the cores have idle time.
	GrowBelow = 0.95
	// Target is the share growth aims for.
	Target = 0.99
	// ShedAbove: the cores count as busy at or above this share.
	ShedAbove = 0.90
	// Deep is the number of goroutines queued per core, on average over
	// the window, above which the cores have work enough: growth stops,
	// and at twice as many busy cores shed workers.
	Deep = 8.0
)

// Reading is one look at the machine.
type Reading struct {
	// Elapsed is the time since the run started (any monotonic origin).
	Elapsed time.Duration
	// CPU is the CPU time (user and system) used so far by what the meter
	// watches (the machine, the cgroup, or the process tree), or -1 when
	// the platform cannot tell (the controller then holds its count).
	CPU time.Duration
	// Capacity is the CPU time the watched cores could have given so far
	// (all cores' busy and idle time, or a cgroup's limit times Elapsed);
	// 0 stands for Elapsed times the controller's cores.
	Capacity time.Duration
	// Runnable is the number of the process's goroutines ready to run but
	// waiting for a core at the time of the reading, or -1 when the
	// platform cannot tell.
	Runnable int
	// Waiting is the number of threads of every process ready to run
	// beyond one per core (the programs the steps start among them), or
	// -1 when the platform cannot tell.
	Waiting int
	// Own is the part of CPU that the runner's own process used, counted
	// exactly; 0 when unknown (CPU alone is then judged). The programs
	// its steps start are not in it: their CPU time, counted when they
	// end, would come in lumps.
	Own time.Duration
	// Resolution is how far CPU may be off between two readings: the
	// machine's counters count whole ticks, two of its fields each
	// truncated; 0 when exact.
	Resolution time.Duration
}

// Controller holds the state between readings. It is not safe for
// concurrent use: one goroutine of the runner drives it.
type Controller struct {
	cores, max, workers int
	recent              []Reading // the last readings whatever the count, oldest first, at most Window+1
	since               int       // how many of them were taken with this count: the window
}

// PerCore is the number of workers per core a run starts with: mush's
// fixed default before auto, best of the fixed counts on the benchmark's
// skewed corpus and within noise of the best on the computing one.
const PerCore = 4

// New returns a controller for a machine of cores cores, capped at limit
// workers, starting at PerCore workers per core (within the cap).
func New(cores, limit int) *Controller {
	cores, limit = max(cores, 1), max(limit, 1)
	return &Controller{cores: cores, max: limit, workers: Start(cores, limit)}
}

// Start is the worker count a run on cores cores, capped at limit, starts
// with: PerCore per core, within the cap.
func Start(cores, limit int) int {
	return min(PerCore*max(cores, 1), max(limit, 1))
}

// Workers is the current count.
func (c *Controller) Workers() int { return c.workers }

// Utilisation is the share of the cores used between two readings: CPU
// time over Capacity, or over wall time times cores when the readings
// have no capacity.
func Utilisation(prev, now Reading, cores int) float64 {
	capacity := capacityBetween(prev, now, cores)
	if capacity <= 0 {
		return 0
	}
	return float64(now.CPU-prev.CPU) / capacity
}

// capacityBetween is the CPU time the cores could give between two
// readings: their Capacity, or wall time times cores when they have none.
func capacityBetween(prev, now Reading, cores int) float64 {
	if now.Capacity == 0 {
		return float64(now.Elapsed-prev.Elapsed) * float64(max(cores, 1))
	}
	return float64(now.Capacity - prev.Capacity)
}

// Queue is what the runner knows of the work left when it takes a reading.
type Queue struct {
	// Scenarios is the number of scenarios not yet started.
	Scenarios int
	// Work is what the timing history expects them to take, summed; 0
	// when it does not know every one of them.
	Work time.Duration
	// Longest is the most time the history expects a running scenario
	// still to take; 0 when unknown.
	Longest time.Duration
}

// Useful is the most workers the queue can use: the count that finishes
// its expected work by the time the longest running scenario ends. More
// would not end the run sooner, only share the cores with that scenario
// and stretch it. 0 when the history cannot tell.
func (q Queue) Useful() int {
	if q.Work <= 0 || q.Longest <= 0 {
		return 0
	}
	return int(math.Ceil(float64(q.Work) / float64(q.Longest)))
}

// Next takes a reading and the work left, and returns the worker count to
// aim for. The first call only sets the baseline.
func (c *Controller) Next(r Reading, q Queue) int {
	if n := len(c.recent); r.CPU < 0 || n > 0 && (r.Elapsed <= c.recent[n-1].Elapsed ||
		r.Capacity > 0 && r.Capacity <= c.recent[n-1].Capacity) {
		return c.workers // no CPU time, or no time passed: nothing to learn
	}
	if c.recent = append(c.recent, r); len(c.recent) > Window+1 {
		c.recent = append(c.recent[:0], c.recent[1:]...)
	}
	c.since = min(c.since+1, Window+1)
	window := c.recent[len(c.recent)-c.since:]
	if r.Elapsed-window[0].Elapsed < Interval {
		return c.workers // judge over one interval at least
	}
	// How busy the cores were (a share), how many of the runner's
	// goroutines queued for them on average, and how many goroutines and
	// threads of any process (each -1 when unknown).
	busy, doubt := c.busy(window)
	readings := window[1:]
	own, threads := average(readings, func(r Reading) int { return r.Runnable }),
		average(readings, func(r Reading) int { return r.Waiting })
	all := max(own, 0) + max(threads, 0)
	if own < 0 && threads < 0 {
		all = -1
	}
	n, deep := c.workers, Deep*float64(c.cores)
	switch useful := q.Useful(); {
	case q.Scenarios > 0 && busy+doubt < GrowBelow && all <= deep && (useful == 0 || n < useful):
		want := int(math.Ceil(float64(n) * Target / math.Max(busy, 0.01)))
		n = min(max(want, n+1, n+n/8), 2*n, n+q.Scenarios)
		if useful > 0 {
			n = min(n, useful)
		}
	case len(window) > Window && busy >= ShedAbove && own > 2*deep:
		n -= (n + 3) / 4
	}
	n = min(max(n, 1), c.max)
	if n != c.workers {
		// The readings so far describe the old count: judge the new one
		// on its own, from this reading on.
		c.workers, c.since = n, 1
	}
	return c.workers
}

// busy is how busy the cores were over the window. Where the runner's
// own CPU time is exact, it is the runner's share over the window plus
// the rest of the machine's over the recent readings: the machine's CPU
// time over one interval, counted in whole ticks (on 2 cores, 5 ticks of
// 10 ms per interval, each field truncated on its own), is off by as much
// as a fifth of the cores, and the other processes' use does not change
// with the count. doubt is what the counters' ticks (Resolution) may hide
// of that share, beyond what they may over a full window: 0 from then on,
// a third of 2 cores one interval after the start, where noise alone read
// 71% for cores kept full.
func (c *Controller) busy(window []Reading) (busy, doubt float64) {
	first, last := window[0], window[len(window)-1]
	// What the counters' ticks may hide over span, beyond what they may
	// over a full window (GrowBelow allows for that).
	hidden := func(capacity float64, span time.Duration) float64 {
		if capacity <= 0 {
			return 0
		}
		return float64(last.Resolution) / capacity * max(1-float64(span)/float64(Window*Interval), 0)
	}
	if last.Own <= 0 {
		return Utilisation(first, last, c.cores), hidden(capacityBetween(first, last, c.cores), last.Elapsed-first.Elapsed)
	}
	old := c.recent[0]
	elapsed, span := float64(last.Elapsed-first.Elapsed), float64(last.Elapsed-old.Elapsed)
	capacity := capacityBetween(old, last, c.cores) // over the recent readings
	if capacity <= 0 {
		capacity = span * float64(c.cores)
	}
	others := float64(last.CPU-old.CPU) - float64(last.Own-old.Own)
	busy = float64(last.Own-first.Own)/(elapsed*capacity/span) + max(others, 0)/capacity
	return busy, hidden(capacity, last.Elapsed-old.Elapsed)
}

// average is the mean of count over readings, -1 if any is unknown.
func average(readings []Reading, count func(Reading) int) float64 {
	var sum float64
	for _, r := range readings {
		if count(r) < 0 {
			return -1
		}
		sum += float64(count(r))
	}
	return sum / float64(len(readings))
}
