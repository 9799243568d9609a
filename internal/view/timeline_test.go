package view

import (
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/sample"
)

func TestTimeline(t *testing.T) {
	run := sample.Run()
	tl := timelineOf(&run)
	if !tl.Origin.Equal(sample.T0.Add(-200*time.Millisecond)) || tl.Length != 2100*time.Millisecond {
		t.Errorf("origin %v length %v", tl.Origin, tl.Length)
	}
	if len(tl.Lanes) != 2 || tl.Label(tl.Lanes[1]) != "worker 2" {
		t.Fatalf("lanes %+v", tl.Lanes)
	}
	if b := tl.Lanes[1].Bars; len(b) != 2 || b[0].Scenario.Line != 3 || b[1].Offset+b[1].Scenario.Duration != 960*time.Millisecond {
		t.Errorf("worker 2 bars %+v", b)
	}
	if len(tl.Spans) != 2 || tl.Spans[1] != (Span{Name: "teardown", Offset: 1700 * time.Millisecond, Length: 100 * time.Millisecond}) {
		t.Errorf("spans %+v", tl.Spans)
	}
}

// After a crash, the attempts are lanes of their own, and a worker that ran
// nothing still has its lane in the first attempt.
func TestAttempts(t *testing.T) {
	at := sample.T0
	run := result.Run{Workers: 3, Scenarios: []result.Scenario{
		{Name: "a", Start: at, Duration: time.Second, Worker: 1, Attempt: 1},
		{Name: "b", Start: at.Add(2 * time.Second), Duration: time.Second, Worker: 1, Attempt: 2},
		{Name: "never", Status: result.Skipped},
	}}
	tl := timelineOf(&run)
	var labels []string
	for _, l := range tl.Lanes {
		labels = append(labels, tl.Label(l))
	}
	want := []string{"attempt 1 · worker 1", "attempt 1 · worker 2", "attempt 1 · worker 3", "attempt 2 · worker 1"}
	if len(labels) != len(want) {
		t.Fatalf("lanes %q, want %q", labels, want)
	}
	for i := range want {
		if labels[i] != want[i] {
			t.Errorf("lane %d %q, want %q", i, labels[i], want[i])
		}
	}
	if !tl.Origin.Equal(at) || tl.Length != 3*time.Second || len(tl.Spans) != 0 {
		t.Errorf("origin %v length %v spans %v", tl.Origin, tl.Length, tl.Spans)
	}
	run.Auto, run.WorkersMin, run.WorkersMax = true, 1, 2
	if auto := timelineOf(&run); len(auto.Lanes) != 3 {
		t.Errorf("auto workers peaking at 2: %d lanes, want 2 in attempt 1 and 1 in attempt 2", len(auto.Lanes))
	}
	if empty := timelineOf(&result.Run{}); len(empty.Lanes) != 0 || empty.Length != 0 {
		t.Errorf("empty run: %+v", empty)
	}
}

// Merged shards: each shard's workers get their own lanes, in shard order
// (2/16 before 10/16), and no lane for a worker that ran nothing.
func TestShards(t *testing.T) {
	at := sample.T0
	run := result.Run{Workers: 8, Scenarios: []result.Scenario{
		{Name: "a", Start: at, Duration: time.Second, Worker: 1, Attempt: 1, Shard: "10/16"},
		{Name: "b", Start: at, Duration: time.Second, Worker: 2, Attempt: 1, Shard: "2/16"},
		{Name: "c", Start: at, Duration: time.Second, Worker: 1, Attempt: 1, Shard: "2/16"},
	}}
	tl := timelineOf(&run)
	var labels []string
	for _, l := range tl.Lanes {
		labels = append(labels, tl.Label(l))
	}
	if got := strings.Join(labels, ", "); got != "shard 2/16 · worker 1, shard 2/16 · worker 2, shard 10/16 · worker 1" {
		t.Errorf("lanes %q", got)
	}
}
