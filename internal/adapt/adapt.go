// Package adapt decides how many scenarios run at once while a run goes
// on: BDD_WORKERS=auto. It is a pure controller: the runner hands it a
// reading of the process (CPU time used so far, goroutines waiting for a
// core) every Interval with the number of scenarios still queued, and it
// answers with the worker count to aim for. Its rules, explained in
// docs/design.md:
//
//   - Start with one worker per core: fewer can never fill the cores.
//   - The cores are saturated when goroutines queue for them: more than one
//     runnable goroutine per core, averaged over two readings.
//   - Grow while the cores have idle time (the process's CPU use u, its CPU
//     time over wall time times cores, below GrowBelow), they are not
//     saturated, and scenarios are queued: n workers fill u of the cores,
//     so about n x Target/u workers fill them. Growth is at most doubling
//     and at least one per reading.
//   - Shed a quarter of the workers when the cores are saturated and either
//     busy with this process (u at or above ShedAbove) or queued two deep
//     (other processes hold the cores, which u does not show): the extra
//     workers only slow each other down, and they stretch the longest
//     scenarios, which bound the run. A shed worker finishes its scenario
//     first.
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

// The thresholds of the rules, as shares of the machine's cores.
const (
	// GrowBelow: below this CPU use the cores have idle time.
	GrowBelow = 0.85
	// Target is the CPU use growth aims for.
	Target = 0.95
	// ShedAbove: the cores count as saturated at or above this CPU use.
	ShedAbove = 0.95
)

// Reading is one look at the process.
type Reading struct {
	// Elapsed is the time since the run started (any monotonic origin).
	Elapsed time.Duration
	// CPU is the process's CPU time (user and system) so far.
	CPU time.Duration
	// Runnable is the number of goroutines ready to run but waiting for a
	// core, or -1 when the platform cannot tell.
	Runnable int
}

// Controller holds the state between readings. It is not safe for
// concurrent use: one goroutine of the runner drives it.
type Controller struct {
	cores, max int
	workers    int
	last       Reading
	runnable   float64 // smoothed Runnable, -1 unknown
	started    bool
}

// New returns a controller for a machine of cores cores, capped at max
// workers, starting at one worker per core (within the cap).
func New(cores, max int) *Controller {
	cores, max = atLeast1(cores), atLeast1(max)
	return &Controller{cores: cores, max: max, workers: min(cores, max), runnable: -1}
}

// Workers is the current count.
func (c *Controller) Workers() int { return c.workers }

// Utilisation is the share of the cores the process used between two
// readings.
func Utilisation(prev, now Reading, cores int) float64 {
	wall := now.Elapsed - prev.Elapsed
	if wall <= 0 {
		return 0
	}
	return float64(now.CPU-prev.CPU) / (float64(wall) * float64(atLeast1(cores)))
}

// Next takes a reading and the number of scenarios not yet started, and
// returns the worker count to aim for. The first call only sets the
// baseline.
func (c *Controller) Next(r Reading, queued int) int {
	if !c.started {
		c.started, c.last = true, r
		return c.workers
	}
	u := Utilisation(c.last, r, c.cores)
	if r.Elapsed <= c.last.Elapsed {
		return c.workers // no time passed: nothing to learn
	}
	c.last = r
	switch {
	case r.Runnable < 0:
		c.runnable = -1
	case c.runnable < 0:
		c.runnable = float64(r.Runnable)
	default:
		c.runnable = (c.runnable + float64(r.Runnable)) / 2
	}
	n, cores := c.workers, float64(c.cores)
	saturated := c.runnable > cores
	switch {
	case queued > 0 && u < GrowBelow && !saturated:
		want := int(math.Ceil(float64(n) * Target / math.Max(u, 0.01)))
		n = min(max(want, n+1), 2*n, n+queued)
	case saturated && (u >= ShedAbove || c.runnable > 2*cores):
		n -= (n + 3) / 4
	}
	c.workers = min(max(n, 1), c.max)
	return c.workers
}

func atLeast1(n int) int { return max(n, 1) }
