package supervise

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// "Passes alone" (BDD_ALONE, docs/design.md): after a run on more than one
// worker, failed scenarios run again alone in a fresh worker process; for
// one that then passes, its neighbours are tried with it, one at a time,
// for the culprit. These processes give no reports.

// Culprits bounds the neighbours tried with a scenario that passes alone.
const Culprits = 8

// Suspects are the failed scenarios of run to run again alone, at most
// limit, in file order: those with status failed (not undefined, pending,
// ambiguous, crashed or timed out: those say why by themselves) when the
// run had more than one worker. A runner whose supervisor diagnoses them
// leaves the summary to it (journal.Done.Diagnose).
func Suspects(run result.Run, limit int) []result.Scenario {
	if limit <= 0 || run.Workers <= 1 {
		return nil
	}
	var out []result.Scenario
	for _, s := range run.Scenarios {
		if s.Status == result.Failed && len(out) < limit {
			out = append(out, s)
		}
	}
	return out
}

// neighbours are the scenarios that ran while f ran (beside, by start) and
// those that ran before it in its process (same shard and attempt, ended
// before it started; latest first).
func neighbours(f result.Scenario, all []result.Scenario) (beside, before []result.Scenario) {
	end := f.Start.Add(f.Duration)
	for _, s := range all {
		switch {
		case s.Location() == f.Location() || s.Start.IsZero():
		case s.Start.Before(end) && f.Start.Before(s.Start.Add(s.Duration)):
			beside = append(beside, s)
		case s.Attempt == f.Attempt && s.Shard == f.Shard && !s.Start.After(f.Start):
			before = append(before, s)
		}
	}
	slices.SortStableFunc(beside, func(a, b result.Scenario) int { return a.Start.Compare(b.Start) })
	slices.SortStableFunc(before, func(a, b result.Scenario) int { return b.Start.Compare(a.Start) })
	return beside, before
}

// diagnose runs the suspects of the run again alone and, for those that
// pass alone, looks for the culprit. It stops at an interrupt or at the
// run deadline (both checked before each suspect).
func (s *supervisor) diagnose(ctx context.Context) {
	all, _ := s.inPlan()
	for _, f := range Suspects(result.Run{Workers: s.plan.Workers, Scenarios: all}, s.set.Alone) {
		if s.interrupted(ctx) || s.set.Deadline > 0 && time.Since(s.start) >= s.set.Deadline {
			return
		}
		loc := f.Location()
		st, ok := s.trial(ctx, loc, []string{loc}, 1)
		if !ok {
			continue
		}
		f.Alone = "failed"
		if st == result.Passed {
			f.Alone = "passed"
			beside, before := neighbours(f, all)
			f.Beside, f.Before = locations(beside, Culprits), locations(before, Culprits)
			f.Culprit = s.culprit(ctx, loc, f.Beside, f.Before)
		}
		s.results[loc] = f
	}
}

// culprit tries the neighbours with the scenario at loc, those beside it
// first, up to Culprits in all, and returns the first that makes it fail.
func (s *supervisor) culprit(ctx context.Context, loc string, beside, before []string) string {
	for i, c := range append(slices.Clip(beside), before...) {
		if i == Culprits || s.interrupted(ctx) {
			return ""
		}
		workers := 1 // before it: one after the other
		if i < len(beside) {
			workers = 2 // beside it: both at once
		}
		if st, ok := s.trial(ctx, loc, []string{c, loc}, workers); ok && st != result.Passed {
			return c
		}
	}
	return ""
}

// trial runs the scenarios at locs in a fresh worker process, in that
// order, workers at once, and returns the status of the one at loc; false
// when the process gave it none (it died, or was interrupted).
func (s *supervisor) trial(ctx context.Context, loc string, locs []string, workers int) (result.Status, bool) {
	s.attempts++
	cmd := s.command(s.attempts, append(serveEnv(1, workers), "BDD_PATHS="+view.JoinPaths(locs),
		"BDD_RETRY=0", "BDD_FAIL_FAST=false", "BDD_SHARD=none")...)
	var out bytes.Buffer
	cmd.Stdin = strings.NewReader(strings.Join(locs, "\n") + "\n")
	cmd.Stdout = &out // its journal; its stderr is not the run's
	if cmd.Start() != nil {
		return "", false
	}
	s.wait(ctx, cmd, func(sig os.Signal) { // the diagnosis is not worth waiting for
		s.record(sig)
		killGroup(cmd.Process)
	})
	if s.signal != 0 {
		return "", false
	}
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		if ev, err := journal.Decode(sc.Bytes()); err == nil && ev.Kind == journal.KindFinish && ev.Scenario.Location() == loc {
			return ev.Scenario.Status, true
		}
	}
	return "", false
}

// locations are the first n scenarios' locations.
func locations(ss []result.Scenario, n int) []string {
	var out []string
	for _, s := range ss[:min(n, len(ss))] {
		out = append(out, s.Location())
	}
	return out
}
