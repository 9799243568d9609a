// Package merge brings the shards of a suite split over CI jobs (package
// shard) back into one run: it reads every shard's output directory,
// checks that the shards are complete and consistent with each other (each
// shard present once, the same selection and the same split everywhere,
// every selected scenario run exactly once), and writes one set of reports,
// one summary, one merged timing history and, when the shards ran under
// coverage, one coverage report judged once against the threshold, with
// the exit code one machine would have given. Shards that do not add up
// are never merged into a pass: every problem is named, exit code 6.
package merge

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/shard"
	"github.com/mushbdd/mush/internal/view"
)

// maxProblems bounds the problems listed in one error.
const maxProblems = 20

// Shard is one shard's output directory, read.
type Shard struct {
	Dir      string
	Manifest shard.Manifest
	Run      result.Run
}

// Set is the shards of one suite, checked: complete and consistent.
type Set struct {
	From   string
	Shards []Shard // by shard number
}

// Dirs expands the -from pattern (a glob such as build/shards/*, or
// several separated by commas) into directories, sorted.
func Dirs(from string) ([]string, error) {
	var dirs []string
	for p := range strings.SplitSeq(from, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		matches, err := filepath.Glob(p)
		if err != nil {
			return nil, exitcode.Misusef("-from / MUSH_MERGE_FROM=%q: not a pattern (accepted: directories or globs separated by commas, e.g. 'build/shards/*'): %v", from, err)
		}
		for _, m := range matches {
			if fi, err := os.Stat(m); err == nil && fi.IsDir() {
				dirs = append(dirs, m)
			}
		}
	}
	slices.Sort(dirs)
	return slices.Compact(dirs), nil
}

// Read reads the shards in dirs and checks them: every problem found is
// listed in one exitcode.Incomplete error.
func Read(from string, dirs []string) (Set, error) {
	set := Set{From: from}
	var p problems
	if len(dirs) == 0 {
		p.add("no shard output matches -from=%q: did the shards' artifacts download?", from)
		return set, p.err()
	}
	var all []Shard
	for _, d := range dirs {
		m, err := shard.ReadManifest(d)
		if errors.Is(err, fs.ErrNotExist) {
			p.add("%s has no %s: not a shard's output, or the shard never started", d, shard.ManifestFile)
			continue
		}
		if err != nil {
			p.add("%v", err)
			continue
		}
		all = append(all, Shard{Dir: d, Manifest: m})
	}
	if len(all) == 0 {
		return set, p.err()
	}
	set.Shards = p.complete(all, from)
	if len(p) > 0 {
		return set, p.err()
	}
	p.consistent(set.Shards)
	if len(p) > 0 {
		return set, p.err()
	}
	for i := range set.Shards {
		s := &set.Shards[i]
		var err error
		if s.Run, err = report.ReadFile(filepath.Join(s.Dir, report.ResultsFile)); err != nil {
			p.add("shard %s has no readable %s in %s (did it finish?): %v", s.Manifest.Shard, report.ResultsFile, s.Dir, err)
		}
	}
	if len(p) > 0 {
		return set, p.err()
	}
	p.scenarios(set.Shards)
	return set, p.err()
}

// problems collects what is wrong with a set of shards.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	lines := p
	more := ""
	if len(lines) > maxProblems {
		more = fmt.Sprintf("\n  ... and %d more", len(lines)-maxProblems)
		lines = lines[:maxProblems]
	}
	return exitcode.New(exitcode.Incomplete, "shard merge: the shards do not add up to one run (%s); nothing merged:\n  %s%s",
		view.Plural(len(p), "problem"), strings.Join(lines, "\n  "), more)
}

// complete checks that the shards agree on their number and that each
// shard is there exactly once; it returns them by shard number.
func (p *problems) complete(all []Shard, from string) []Shard {
	total := all[0].Manifest.Total
	for _, s := range all[1:] {
		if s.Manifest.Total != total {
			p.add("shards disagree on their number: %s is shard %s, %s is shard %s", all[0].Dir, all[0].Manifest.Shard, s.Dir, s.Manifest.Shard)
			return nil
		}
	}
	by := make([][]Shard, total+1)
	for _, s := range all {
		by[s.Manifest.Index] = append(by[s.Manifest.Index], s)
	}
	var out []Shard
	var missing []string
	for i := 1; i <= total; i++ {
		switch len(by[i]) {
		case 0:
			missing = append(missing, fmt.Sprintf("%d/%d", i, total))
		case 1:
			out = append(out, by[i][0])
		default:
			var dirs []string
			for _, s := range by[i] {
				dirs = append(dirs, s.Dir)
			}
			p.add("shard %d/%d is there %d times: %s", i, total, len(by[i]), strings.Join(dirs, ", "))
		}
	}
	if len(missing) > maxListed { // a total of 10,000 is one line, not 9,999
		p.add("%d of %d shards are missing (%s and %d more): no directory matching -from=%q holds their %s",
			len(missing), total, strings.Join(missing[:maxListed], ", "), len(missing)-maxListed, from, shard.ManifestFile)
		return out
	}
	for _, m := range missing {
		p.add("shard %s is missing: no directory matching -from=%q holds its %s", m, from, shard.ManifestFile)
	}
	return out
}

// maxListed is how many missing shards a merge names one by one.
const maxListed = 3

// consistent checks that every shard selected the same scenarios and split
// them the same way (the same timing history).
func (p *problems) consistent(shards []Shard) {
	ref := shards[0].Manifest
	for _, s := range shards[1:] {
		m := s.Manifest
		if m.Selection != ref.Selection {
			p.add("shard %s selected other scenarios than shard %s (%d against %d; %s): run every shard on the same checkout with the same BDD_PATHS and BDD_TAGS",
				m.Shard, ref.Shard, len(m.Scenarios), len(ref.Scenarios), firstDifference(ref, m))
			continue
		}
		moved := 0
		for i := range ref.Assign {
			if ref.Assign[i] != m.Assign[i] {
				moved++
			}
		}
		if moved > 0 {
			p.add("shard %s split the suite differently from shard %s (%d of %d scenarios on other shards): their timing histories differ (fingerprints %.12s and %.12s); restore the same build/cache/timings.json in every shard",
				m.Shard, ref.Shard, moved, len(m.Assign), m.History, ref.History)
		}
	}
}

// firstDifference names one scenario that only one of two selections has.
func firstDifference(a, b shard.Manifest) string {
	for _, m := range [][2]shard.Manifest{{a, b}, {b, a}} {
		other := make(map[string]bool, len(m[1].Scenarios))
		for _, k := range m[1].Scenarios {
			other[k] = true
		}
		for _, k := range m[0].Scenarios {
			if !other[k] {
				return k + " only in shard " + m[0].Shard
			}
		}
	}
	return "the same scenarios in another order"
}

// scenarios checks that every selected scenario has exactly one result,
// from the shard the split gave it to.
func (p *problems) scenarios(shards []Shard) {
	ref := shards[0].Manifest
	owner := make(map[string]int, len(ref.Scenarios))
	for i, k := range ref.Scenarios {
		owner[k] = ref.Assign[i]
	}
	seen := map[string][]string{}
	for _, s := range shards {
		for _, r := range s.Run.Scenarios {
			loc := r.Location()
			seen[loc] = append(seen[loc], s.Manifest.Shard)
			switch o, ok := owner[loc]; {
			case !ok:
				p.add("scenario %s (%s) in shard %s's results was not selected by the split", loc, r.Name, s.Manifest.Shard)
			case o != s.Manifest.Index && len(seen[loc]) == 1:
				p.add("scenario %s (%s) ran in shard %s, but the split gave it to shard %d/%d", loc, r.Name, s.Manifest.Shard, o, ref.Total)
			}
		}
	}
	for _, k := range ref.Scenarios {
		switch where := seen[k]; {
		case len(where) == 0:
			p.add("scenario %s is missing: shard %d/%d was to run it and its %s does not list it", k, owner[k], ref.Total, report.ResultsFile)
		case len(where) > 1:
			p.add("scenario %s is duplicated: it has results in shards %s", k, strings.Join(where, ", "))
		}
	}
}

// Run is the merged run: every shard's scenarios in file order over the
// whole suite, the shards' rerun command, wall time of the slowest shard; workers, busy time, worker
// time (each shard's capacity), CPU time, cores and machine time summed, as one machine
// made of all the shards' would count them; notes prefixed with their
// shard.
func (s Set) Run() result.Run {
	var run result.Run
	for i, sh := range s.Shards {
		r := sh.Run
		run.Scenarios = append(run.Scenarios, r.Scenarios...)
		run.Workers += r.Workers
		run.Busy += r.Busy
		run.WorkerTime += r.Capacity()
		run.CPU += r.CPU
		run.Cores += r.Cores
		run.MachineCPU += r.MachineCPU
		run.MachineCapacity += r.MachineCapacity
		run.Auto = run.Auto || r.Auto
		run.WorkersMin += cmp.Or(r.WorkersMin, r.Workers)
		run.WorkersMax += cmp.Or(r.WorkersMax, r.Workers)
		run.Wall = max(run.Wall, r.Wall)
		if i == 0 || (!r.Started.IsZero() && r.Started.Before(run.Started)) {
			run.Started = r.Started
		}
		if i == 0 { // the shards ran one suite: its definitions are each shard's
			run.Seed, run.Definitions = r.Seed, r.Definitions
		}
		if run.Rerun.Command == "" {
			run.Rerun = r.Rerun
		}
		for _, n := range r.Notes {
			run.Notes = append(run.Notes, "shard "+sh.Manifest.Shard+": "+n)
		}
		run.Failed = run.Failed || r.Failed
	}
	slices.SortStableFunc(run.Scenarios, func(a, b result.Scenario) int { return cmp.Compare(a.Order, b.Order) })
	return run
}

// Balance describes the shards' wall times: the busiest one over the mean.
func (s Set) Balance() string {
	if len(s.Shards) == 0 {
		return ""
	}
	var sum time.Duration
	busiest := s.Shards[0]
	for _, sh := range s.Shards {
		sum += sh.Run.Wall
		if sh.Run.Wall > busiest.Run.Wall {
			busiest = sh
		}
	}
	mean := sum / time.Duration(len(s.Shards))
	ratio := 0.0
	if mean > 0 {
		ratio = float64(busiest.Run.Wall) / float64(mean)
	}
	return fmt.Sprintf("%s merged from %s; busiest %s took %.2fs, mean %.2fs (%.2f)",
		view.Plural(len(s.Shards), "shard"), s.From, busiest.Manifest.Shard,
		busiest.Run.Wall.Seconds(), mean.Seconds(), ratio)
}

// History is the merged timing history: every shard's saved history (all
// started from the same one; finish records each scenario's time over it),
// and CPU time where a shard measured it, from the shard that ran it.
func (s Set) History() (schedule.History, schedule.CPU) {
	h, cpu := schedule.History{}, schedule.CPU{}
	for _, sh := range s.Shards {
		own, ownCPU, _, _ := schedule.Load(filepath.Join(sh.Dir, shard.TimingsFile))
		for k, v := range own {
			if _, ok := h[k]; !ok {
				h[k] = v
			}
		}
		ran := map[string]bool{}
		for _, r := range sh.Run.Scenarios {
			ran[r.Location()] = true
		}
		for k, v := range ownCPU {
			if _, ok := cpu[k]; !ok || ran[k] {
				cpu[k] = v
			}
		}
	}
	return h, cpu
}

// ExitCode is the code one machine would have exited with for the merged
// run: a shard's interrupt first (130 or 143, from the exit code its
// journal ends with, or 130 when a scenario was left unrun by one), then
// the worst of the run's own (5 when a scenario timed out, 4 crashed, 1
// failed) and the codes the shards' journals end with (a shard stopped by
// BDD_DEADLINE exits 5 though the scenarios it did not start are only
// skipped).
func (s Set) ExitCode(run result.Run) int {
	code, c := exitcode.OK, run.Count()
	switch {
	case c[result.TimedOut] > 0:
		code = exitcode.Timeout
	case c[result.Crashed] > 0:
		code = exitcode.Crashed
	case !run.OK():
		code = exitcode.Failed
	}
	for _, sh := range s.Shards {
		done, ok := journal.Finished(filepath.Join(sh.Dir, journal.File))
		if !ok {
			continue
		}
		if done.Code == exitcode.SIGINT || done.Code == exitcode.SIGTERM {
			return done.Code
		}
		// The worse of the two (timeout, crash, failure, pass); other codes never are.
		if rank := []int{exitcode.OK, exitcode.Failed, exitcode.Crashed, exitcode.Timeout}; slices.Index(rank, done.Code) > slices.Index(rank, code) {
			code = done.Code
		}
	}
	for _, sc := range run.Scenarios {
		if sc.Status == result.Skipped && (strings.HasPrefix(sc.Error, "not run: the run was interrupted") ||
			strings.HasPrefix(sc.Error, "interrupted:")) {
			return exitcode.SIGINT
		}
	}
	return code
}
