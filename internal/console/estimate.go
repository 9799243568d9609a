package console

import "time"

// estimate is the time left of a run, from the timing history: the
// expected work of the scenarios not yet started plus what the running
// ones still need, shared by the workers, and never less than the longest
// single one of those. It is known only while every unfinished scenario is
// in the history. Under BDD_WORKERS=auto (workers 0) the work is shared by
// as many workers as are running scenarios at that moment.
type estimate struct {
	expected map[string]time.Duration
	workers  int                      // 0: adaptive
	unknown  int                      // unfinished scenarios the history does not know
	waiting  map[string]time.Duration // known scenarios not started yet
	running  map[string]time.Time     // known scenarios running, by start
}

func newEstimate(total int, expected map[string]time.Duration, workers int) estimate {
	e := estimate{expected: expected, workers: max(workers, 0), unknown: total - len(expected),
		waiting: make(map[string]time.Duration, len(expected)), running: map[string]time.Time{}}
	for loc, d := range expected {
		e.waiting[loc] = d
	}
	return e
}

func (e *estimate) started(loc string, at time.Time) {
	if _, ok := e.waiting[loc]; ok {
		delete(e.waiting, loc)
		e.running[loc] = at
	}
}

func (e *estimate) finished(loc string) {
	if _, ok := e.expected[loc]; !ok {
		e.unknown--
		return
	}
	delete(e.waiting, loc) // finished without a start event
	delete(e.running, loc)
}

// left is the estimate at now, and whether there is one.
func (e *estimate) left(now time.Time) (time.Duration, bool) {
	if e.unknown > 0 || len(e.expected) == 0 {
		return 0, false
	}
	var work, longest time.Duration
	for _, d := range e.waiting {
		work += d
		longest = max(longest, d)
	}
	for loc, at := range e.running {
		rest := max(e.expected[loc]-now.Sub(at), 0)
		work += rest
		longest = max(longest, rest)
	}
	workers := e.workers
	if workers == 0 {
		workers = max(len(e.running), 1)
	}
	return max(work/time.Duration(workers), longest), true
}
