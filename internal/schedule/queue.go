package schedule

import "sync"

// Queue is the one queue a run's workers take their scenarios from, in
// both isolation modes: the goroutines of one process (runner) and the
// worker processes a supervisor feeds (supervise). It hands the items out
// in order, but a serial one (a scenario tagged BDD_SERIAL_TAG) runs with
// nothing else running: it waits until every item handed out is done, and
// nothing is handed out until it is done itself. The serial items go
// first, in their given order, so the run pays for them only their own
// time: at the start nothing runs yet, and no worker is left waiting for
// the others to drain. It is safe for concurrent use.
type Queue[T comparable] struct {
	mu      sync.Mutex
	items   []T // not handed out, next first
	serial  func(T) bool
	running int           // handed out and not done
	alone   bool          // a serial item is running
	wake    chan struct{} // closed when an item is done
}

// NewQueue is a queue of items in that order, the serial ones moved first.
func NewQueue[T comparable](items []T, serial func(T) bool) *Queue[T] {
	q := &Queue[T]{serial: serial, wake: make(chan struct{})}
	for _, first := range []bool{true, false} {
		for _, it := range items {
			if serial(it) == first {
				q.items = append(q.items, it)
			}
		}
	}
	return q
}

// Take hands out the next item. When there is one but it may not start
// yet (it is serial and others run, or a serial one runs), ok is false and
// wait is closed when that may have changed: take again then. ok false
// with wait nil: nothing is left.
func (q *Queue[T]) Take() (item T, ok bool, wait <-chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return item, false, nil
	}
	next := q.items[0]
	serial := q.serial(next)
	if q.alone || serial && q.running > 0 {
		return item, false, q.wake
	}
	q.items = q.items[1:]
	q.running++
	q.alone = serial
	return next, true, nil
}

// Done says a handed-out item finished (or will never run).
func (q *Queue[T]) Done(item T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.running = max(q.running-1, 0)
	if q.serial(item) {
		q.alone = false
	}
	close(q.wake)
	q.wake = make(chan struct{})
}

// Return puts handed-out items that did not start back at the front, in
// their order.
func (q *Queue[T]) Return(items ...T) {
	for _, it := range items {
		q.Done(it)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(append([]T(nil), items...), q.items...)
}

// Left is how many items are not handed out.
func (q *Queue[T]) Left() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// Running is how many items are handed out and not done.
func (q *Queue[T]) Running() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.running
}
