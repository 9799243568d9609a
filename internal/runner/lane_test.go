package runner

import "testing"

// A lane runs its jobs on one goroutine, other than the caller's, until it
// is closed; after that, the next job gets a new goroutine.
func TestLaneKeepsItsGoroutineUntilClosed(t *testing.T) {
	var ln lane
	defer ln.close()
	ran := make(chan int64, 1)
	job := func() { ran <- goroutineID() }

	first := ln.run(job)
	if got := <-ran; got != first || first == goroutineID() || first == 0 {
		t.Fatalf("first job ran on goroutine %d, lane says %d, caller is %d", got, first, goroutineID())
	}
	if again := ln.run(job); again != first || <-ran != first {
		t.Fatalf("second job: lane goroutine %d, want the first one's, %d", again, first)
	}

	ln.close()
	fresh := ln.run(job)
	if got := <-ran; got != fresh || fresh == first {
		t.Fatalf("after close: job ran on %d, lane says %d; want a goroutine other than %d", got, fresh, first)
	}
}

// Closing a lane while its job runs leaves the job to finish on its own:
// the worker goes on with a new goroutine, and the old one ends when the
// job returns.
func TestClosedLaneLetsItsJobFinish(t *testing.T) {
	var ln lane
	release, finished := make(chan struct{}), make(chan struct{})
	stuck := ln.run(func() { <-release; close(finished) })
	ln.close()

	ran := make(chan int64, 1)
	next := ln.run(func() { ran <- goroutineID() })
	if <-ran != next || next == stuck {
		t.Fatalf("the job after close ran on goroutine %d; the stuck one is %d", next, stuck)
	}
	ln.close()
	close(release)
	<-finished
}
