package adapt

import (
	"runtime"
	"time"
)

// Clock measures the CPU time of one goroutine: StartClock pins the
// calling goroutine to its OS thread and reads the thread's CPU time; Stop
// reads it again and unpins. Go has no per-goroutine CPU clock, but a
// pinned goroutine is the only one its thread runs, so the thread's clock
// is the goroutine's, however many others run at once. Goroutines it
// starts are not counted. Where the platform has no thread clock (all but
// Linux), nothing is pinned and Stop reports no measure.
type Clock struct {
	start time.Duration
	ok    bool
}

// StartClock starts measuring the calling goroutine; Stop must be called
// on the same goroutine.
func StartClock() Clock {
	runtime.LockOSThread()
	t, ok := threadCPU()
	if !ok {
		runtime.UnlockOSThread()
	}
	return Clock{start: t, ok: ok}
}

// Stop ends the measure and returns the goroutine's CPU time since
// StartClock, and whether it was measured.
func (c Clock) Stop() (time.Duration, bool) {
	if !c.ok {
		return 0, false
	}
	t, ok := threadCPU()
	runtime.UnlockOSThread()
	return max(t-c.start, 0), ok
}
