package schedule

import (
	"slices"
	"strings"
	"testing"
)

// The queue hands items out in order with the serial ones first, and a
// serial one only when nothing runs, nothing beside it.
func TestQueueSerial(t *testing.T) {
	serial := func(s string) bool { return strings.HasPrefix(s, "s") }
	q := NewQueue([]string{"a", "s1", "b", "s2", "c"}, serial)
	take := func() string {
		t.Helper()
		it, ok, wait := q.Take()
		switch {
		case ok:
			return it
		case wait != nil:
			return "wait"
		}
		return "empty"
	}
	if got := take(); got != "s1" {
		t.Fatalf("first %q, want the serial s1", got)
	}
	_, _, wait := q.Take()
	if wait == nil {
		t.Fatal("nothing may start beside a serial item")
	}
	q.Done("s1")
	select {
	case <-wait:
	default:
		t.Fatal("done did not wake the waiters")
	}
	if got := take(); got != "s2" {
		t.Fatalf("second %q, want s2", got)
	}
	q.Done("s2")
	var got []string
	for range 3 {
		got = append(got, take())
	}
	if !slices.Equal(got, []string{"a", "b", "c"}) || take() != "empty" || q.Running() != 3 {
		t.Fatalf("then %v, running %d", got, q.Running())
	}
}

// A serial item waits until everything handed out before it is done, and
// an item returned unstarted goes back to the front.
func TestQueueDrainsBeforeSerial(t *testing.T) {
	q := NewQueue([]int{1, 2, 3}, func(int) bool { return false })
	a, _, _ := q.Take()
	b, _, _ := q.Take()
	q.Return(b)
	if q.Left() != 2 || q.Running() != 1 {
		t.Fatalf("left %d running %d", q.Left(), q.Running())
	}
	if c, ok, _ := q.Take(); !ok || c != b {
		t.Fatalf("took %d, want the returned %d", c, b)
	}
	// A serial item behind a parallel one (NewQueue never puts it there).
	serial := &Queue[int]{items: []int{a, 9}, serial: func(i int) bool { return i == 9 }, wake: make(chan struct{})}
	one, _, _ := serial.Take()
	if _, ok, wait := serial.Take(); ok || wait == nil {
		t.Fatal("a serial item started beside a running one")
	}
	serial.Done(one)
	if nine, ok, _ := serial.Take(); !ok || nine != 9 {
		t.Fatalf("took %d %v after the drain", nine, ok)
	}
}
