package console

import (
	"io"
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
	hist := map[string]time.Duration{"a:1": 4 * s, "b:1": 2 * s, "c:1": 2 * s, "d:1": 1 * s}
	type event struct {
		start, finish string
		at            time.Duration
	}
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
		{"a running scenario counts what it still needs", 4, 2, []event{{start: "a:1"}}, 3 * s, 3 * s, true},
		{"an overdue scenario needs nothing more", 4, 1, []event{{start: "a:1"}}, 10 * s, 5 * s, true},
		{"finished scenarios are done", 4, 1, []event{{start: "a:1"}, {finish: "a:1"}, {finish: "b:1"}}, s, 3 * s, true},
		{"a scenario the history does not know: no estimate", 5, 2, nil, 0, 0, false},
		{"until it finished", 5, 2, []event{{finish: "new:1"}}, 0, 4500 * time.Millisecond, true},
		{"no history", 3, 2, nil, 0, 0, false},
		{"auto: shared by the scenarios running", 4, 0, []event{{start: "a:1"}, {start: "b:1"}}, s, 3500 * time.Millisecond, true},
		{"auto, nothing running yet: one worker", 4, 0, nil, 0, 9 * s, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := hist
			if tc.name == "no history" {
				h = nil
			}
			c := &clock{t: t0}
			p := NewProgress(io.Discard, tc.total, ProgressOptions{Now: c.now, Expected: h, Workers: tc.workers})
			defer p.Close()
			for _, ev := range tc.events {
				if ev.start != "" {
					c.t = t0.Add(ev.at)
					p.ScenarioStarted(ev.start, 1)
				}
				if ev.finish != "" {
					p.ScenarioFinished(at(ev.finish))
				}
			}
			got, known := p.left(t0.Add(tc.now))
			if got != tc.want || known != tc.known {
				t.Errorf("left = %v, %v; want %v, %v", got, known, tc.want, tc.known)
			}
		})
	}
}

// A backlog the run feeds (BDD_WORKERS=auto's) is only read: the progress
// line's starts and finishes would count every scenario twice.
func TestProgressReadsTheRunsBacklog(t *testing.T) {
	t0 := time.Unix(0, 0)
	hist := map[string]time.Duration{"a:1": 4 * time.Second, "b:1": 2 * time.Second}
	b := schedule.NewBacklog(hist, 2)
	p := NewProgress(io.Discard, 2, ProgressOptions{Now: func() time.Time { return t0 }, Expected: hist, Workers: 1, Backlog: b})
	defer p.Close()
	p.ScenarioStarted("a:1", 1)
	p.ScenarioFinished(at("a:1"))
	if l := b.Left(t0); l.Waiting != 6*time.Second || l.Runs != 0 {
		t.Errorf("the progress line fed the run's backlog: %+v", l)
	}
	b.Start("a:1", t0)
	b.Finish("a:1")
	if got, known := p.left(t0); got != 2*time.Second || !known {
		t.Errorf("left = %v, %v; want 2s from the run's backlog", got, known)
	}
}

func TestProgressEstimate(t *testing.T) {
	var out syncBuffer
	c := &clock{t: time.Unix(0, 0)}
	p := NewProgress(&out, 2, ProgressOptions{Live: true, Now: c.now, Workers: 1,
		Expected: map[string]time.Duration{"f/login.feature:3": 20 * time.Second, "f/login.feature:6": 40 * time.Second}})
	p.ScenarioStarted("f/login.feature:3", 1)
	c.add(8 * time.Second)
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
	exp := make(map[string]time.Duration, n)
	locs := make([]string, n)
	for i := range locs {
		locs[i] = "f.feature:" + strconv.Itoa(i+1)
		exp[locs[i]] = time.Duration(i%97+1) * time.Millisecond
	}
	now := time.Now()
	for b.Loop() {
		p := NewProgress(io.Discard, n, ProgressOptions{Now: func() time.Time { return now }, Expected: exp, Workers: 8})
		for _, loc := range locs {
			p.ScenarioStarted(loc, 1)
			p.ScenarioFinished(at(loc))
			p.left(now)
		}
		p.Close()
	}
}
