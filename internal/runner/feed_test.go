package runner

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/result"
)

// TestFeed: a worker process's feed gives the index of each selected
// location in turn; a location outside the selection stops it for good;
// so do the end of the input, the run's stop and its context.
func TestFeed(t *testing.T) {
	found := []discover.Scenario{{File: "a.feature", Line: 3}, {File: "a.feature", Line: 7}}
	f := newFeed(strings.NewReader("a.feature:7\n\n  a.feature:3  \nb.feature:1\na.feature:3\n"), found)
	for _, want := range []int{1, 0} {
		if i, ok := f.next(context.Background(), nil); !ok || i != want {
			t.Fatalf("next = %d, %v; want %d, true", i, ok, want)
		}
	}
	if _, ok := f.next(context.Background(), nil); ok || f.unknown() != "b.feature:1" {
		t.Fatalf("an unknown location: ok %v, unknown %q", ok, f.unknown())
	}
	if _, ok := f.next(context.Background(), nil); ok { // a.feature:3 is still waiting: the feed stays stopped
		t.Fatal("the feed went on after an unknown location")
	}

	ended := newFeed(strings.NewReader(""), found)
	if _, ok := ended.next(context.Background(), nil); ok {
		t.Error("next after the input ended")
	}
	stop := make(chan struct{})
	close(stop)
	r, w := io.Pipe() // an input that has not ended
	defer w.Close()
	waiting := newFeed(r, found)
	if _, ok := waiting.next(context.Background(), stop); ok {
		t.Error("next after stop")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, ok := waiting.next(ctx, nil); ok {
		t.Error("next after the context ended")
	}
}

// TestServedExit: a worker process's exit code says why it stopped.
func TestServedExit(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	failed := result.Run{Failed: true}
	bad := &feed{bad: "b.feature:1"}
	for _, c := range []struct {
		name string
		ctx  context.Context
		why  int32
		run  result.Run
		f    *feed
		want int
	}{
		{"passed", context.Background(), stopNone, result.Run{}, &feed{}, exitcode.OK},
		{"failed", context.Background(), stopNone, failed, &feed{}, exitcode.Failed},
		{"interrupted", context.Background(), stopInterrupt, failed, &feed{}, exitcode.SIGINT},
		{"cancelled", cancelled, stopNone, result.Run{}, &feed{}, exitcode.SIGINT},
		{"timeout", context.Background(), stopTimeout, failed, &feed{}, exitcode.Timeout},
		{"deadline", context.Background(), stopDeadline, result.Run{}, &feed{}, exitcode.Timeout},
		{"unknown location", cancelled, stopInterrupt, failed, bad, exitcode.Misuse},
	} {
		out, err := servedExit(c.ctx, c.why, c.run, c.f)
		if got := ExitCode(out, err); got != c.want {
			t.Errorf("%s: exit %d, want %d (%v)", c.name, got, c.want, err)
		}
	}
	if _, err := servedExit(context.Background(), stopNone, result.Run{}, bad); err == nil || err.Error() != "worker process: b.feature:1 is not a selected scenario" {
		t.Errorf("unknown location: %v", err)
	}
}

// TestFirstWorker: worker ids are unique over the worker processes: slot
// n starts after the BDD_WORKERS of the n-1 before it; a process that
// serves no input, or has no valid slot, starts at 0.
func TestFirstWorker(t *testing.T) {
	serve := strings.NewReader("")
	for _, c := range []struct {
		slot    string
		serving bool
		workers int
		want    int
	}{
		{"3", true, 4, 8},
		{"1", true, 4, 0},
		{"2", true, 0, 1},
		{"2", false, 4, 0},
		{"x", true, 4, 0},
		{"0", true, 4, 0},
	} {
		env := Env{Getenv: func(k string) string {
			if k == config.WorkerVar {
				return c.slot
			}
			return ""
		}}
		if c.serving {
			env.Serve = serve
		}
		if got := firstWorker(env, config.Settings{Workers: c.workers}); got != c.want {
			t.Errorf("slot %q, serving %v, %d workers: first %d, want %d", c.slot, c.serving, c.workers, got, c.want)
		}
	}
}
