package console

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/schedule"
)

// at is the scenario at loc ("file:LINE").
func at(loc string) result.Scenario {
	file, line, _ := strings.Cut(loc, ":")
	n, _ := strconv.Atoi(line)
	return result.Scenario{File: file, Line: n}
}

func TestEstimate(t *testing.T) {
	t0 := time.Unix(0, 0)
	s := time.Second
	const a, b = 0, 1 // 4 s and 2 s; then 2 s, 1 s and (total 5) one unknown
	hist := []time.Duration{4 * s, 2 * s, 2 * s, 1 * s}
	type event struct {
		start, finish int // -1: none
		at            time.Duration
	}
	start := func(k int) event { return event{start: k, finish: -1} }
	finish := func(k int) event { return event{start: -1, finish: k} }
	for _, tc := range []struct {
		name    string
		total   int
		workers int
		events  []event
		now     time.Duration
		want    time.Duration
		known   bool
	}{
		{"nothing started: the work shared by the workers", 4, 2, nil, 0, 4500 * time.Millisecond, true},
		{"never below the longest scenario", 4, 8, nil, 0, 4 * s, true},
		{"a running scenario counts what it still needs", 4, 2, []event{start(a)}, 3 * s, 3 * s, true},
		{"an overdue scenario needs nothing more", 4, 1, []event{start(a)}, 10 * s, 5 * s, true},
		{"finished scenarios are done", 4, 1, []event{start(a), finish(a), finish(b)}, s, 3 * s, true},
		{"a scenario the history does not know: no estimate", 5, 2, nil, 0, 0, false},
		{"until it finished", 5, 2, []event{finish(4)}, 0, 4500 * time.Millisecond, true},
		{"no history", 3, 2, nil, 0, 0, false},
		{"auto: shared by the scenarios running", 4, 0, []event{start(a), start(b)}, s, 3500 * time.Millisecond, true},
		{"auto, nothing running yet: one worker", 4, 0, nil, 0, 9 * s, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var bl *schedule.Backlog
			if tc.name != "no history" {
				bl = schedule.NewBacklog(append(slices.Clone(hist), slices.Repeat([]time.Duration{schedule.Unknown}, tc.total-len(hist))...))
			}
			c := &clock{t: t0}
			p := NewProgress(io.Discard, tc.total, ProgressOptions{Now: c.now, Backlog: bl, Workers: tc.workers})
			defer p.Close()
			for _, ev := range tc.events {
				if ev.start >= 0 {
					bl.Start(ev.start, t0.Add(ev.at))
					p.ScenarioStarted("x:1", 1)
				}
				if ev.finish >= 0 {
					bl.Finish(ev.finish)
					p.ScenarioFinished(at("x:1"))
				}
			}
			got, known := p.left(t0.Add(tc.now))
			if got != tc.want || known != tc.known {
				t.Errorf("left = %v, %v; want %v, %v", got, known, tc.want, tc.known)
			}
		})
	}
}

func TestProgressEstimate(t *testing.T) {
	var out syncBuffer
	c := &clock{t: time.Unix(0, 0)}
	bl := schedule.NewBacklog([]time.Duration{20 * time.Second, 40 * time.Second})
	p := NewProgress(&out, 2, ProgressOptions{Live: true, Now: c.now, Workers: 1, Backlog: bl})
	bl.Start(0, c.now())
	p.ScenarioStarted("f/login.feature:3", 1)
	c.add(8 * time.Second)
	bl.Finish(0)
	p.ScenarioFinished(sampleRun().Scenarios[0])
	p.Close()
	for _, want := range []string{"0/2 scenarios, 0 failed, 0s, about 1m0s left", "1/2 scenarios, 0 failed, 8s, about 40s left"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%q", want, out.String())
		}
	}
	for d, want := range map[time.Duration]string{300 * time.Millisecond: "1s", 7400 * time.Millisecond: "7s", 42 * time.Second: "40s", 150 * time.Second: "3m0s"} {
		if got := roundLeft(d); got != want {
			t.Errorf("roundLeft(%v) = %q, want %q", d, got, want)
		}
	}
}

// BenchmarkEstimate is what the live progress line's estimate costs for a
// 20,000-scenario run with a timing history: per finished scenario a
// start, a finish and the estimate (the line is drawn at every finish).
func BenchmarkEstimate(b *testing.B) {
	const n = 20000
	exp := make([]time.Duration, n)
	for i := range exp {
		exp[i] = time.Duration(i%97+1) * time.Millisecond
	}
	now := time.Now()
	for b.Loop() {
		bl := schedule.NewBacklog(exp)
		p := NewProgress(io.Discard, n, ProgressOptions{Now: func() time.Time { return now }, Backlog: bl, Workers: 8})
		for k := range exp {
			bl.Start(k, now)
			p.ScenarioStarted("f.feature:1", 1)
			bl.Finish(k)
			p.ScenarioFinished(at("f.feature:1"))
			p.left(now)
		}
		p.Close()
	}
}
