package runner

import (
	"sync"
	"time"

	"github.com/mushbdd/mush/internal/adapt"
)

// crew is the set of workers of one pool: how many there are, how many
// there should be (the target, fixed or set by the adapt controller), the
// numbers they carry (a new worker takes the lowest free number) and how
// the count went over the run.
type crew struct {
	mu       sync.Mutex
	wg       *sync.WaitGroup
	target   int
	on       map[int]bool // the numbers of the workers there
	closed   bool         // every worker left: no new one may join
	min, max int          // of the target, and of the workers there
	last     time.Time
	time     time.Duration // worker time: the count integrated over time
}

func newCrew(target int, wg *sync.WaitGroup, now time.Time) *crew {
	return &crew{wg: wg, target: target, on: map[int]bool{}, min: target, last: now}
}

// join adds a worker and returns its number, or false when the crew has
// emptied (the run is over). It counts the worker in wg while it holds
// the lock, so a Wait that has begun never sees a positive Add after
// reaching zero.
func (c *crew) join() (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, false
	}
	c.account()
	n := 1
	for c.on[n] {
		n++
	}
	c.on[n] = true
	c.max = max(c.max, len(c.on))
	c.wg.Add(1)
	return n, true
}

// stay reports whether worker n may take another scenario; when there are
// more workers than the target it leaves instead (so at least one stays).
func (c *crew) stay(n int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.on) > c.target {
		c.drop(n)
		return false
	}
	return true
}

// leave removes worker n; a worker that already left is not counted twice.
func (c *crew) leave(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop(n)
}

func (c *crew) drop(n int) {
	if !c.on[n] {
		return
	}
	c.account()
	delete(c.on, n)
	if len(c.on) == 0 {
		c.closed = true
	}
}

// size is the number of workers there.
func (c *crew) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.on)
}

// resize sets the target and returns how many workers to add for it.
func (c *crew) resize(target int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.target = target
	c.min = min(c.min, target)
	return max(target-len(c.on), 0)
}

// account adds the worker time since the last change; c.mu is held.
func (c *crew) account() {
	now := time.Now()
	c.time += time.Duration(len(c.on)) * now.Sub(c.last)
	c.last = now
}

// figures are the crew's minimum target, maximum count and worker time.
func (c *crew) figures() (lo, hi int, total time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.account()
	return c.min, c.max, c.time
}

// adaptive drives c's size from the adapt controller until over closes:
// every adapt.Interval it reads the process and adds the workers the
// controller asks for, no more than scenarios wait for one (spawn starts
// one; it fails once the crew emptied). Workers beyond the target leave by
// themselves (crew.stay).
func adaptive(c *crew, ctl *adapt.Controller, read func() adapt.Reading, queue func() adapt.Queue, spawn func() bool, over <-chan struct{}) {
	t := time.NewTicker(adapt.Interval)
	defer t.Stop()
	ctl.Next(read(), queue())
	for {
		select {
		case <-over:
			return
		case <-t.C:
		}
		q := queue()
		for range min(c.resize(ctl.Next(read(), q)), q.Scenarios) {
			if !spawn() {
				return
			}
		}
	}
}
