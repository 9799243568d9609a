// Package view is a finished run as every report shows it, computed once:
// the counts by status in one order, the failures with the command that
// reruns each, the flaky scenarios, the slowest and the timeline. The
// writers (package report, the console
// summary) render from a View; none sorts, counts or lays out the run
// again.
//
// A run comes in file order from where it is assembled (the engine, the
// supervisor, the merge of shards, results.json); the view keeps that
// order.
package view

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/coverage"
	"github.com/mushbdd/mush/internal/result"
)

// Statuses are the statuses in the order every report lists them: passed,
// the failing ones from a failed step to a run that could not finish, then
// skipped.
var Statuses = []result.Status{result.Passed, result.Failed, result.Undefined, result.Pending,
	result.Ambiguous, result.Crashed, result.TimedOut, result.Skipped}

// Slowest is how many of the slowest scenarios a view lists unless told.
const Slowest = 10

// Options say what a view holds besides the run.
type Options struct {
	// Slowest is how many of the slowest scenarios to list (Slowest when 0).
	Slowest int
	// RerunFor, when set, gives the command that reruns one failed
	// scenario (mush.Test's, which selects its subtest); else it is
	// RerunCommand of the run's Rerun and the scenario's location.
	RerunFor func(result.Scenario) string
	// Coverage, in a coverage run, is what it measured.
	Coverage *Coverage
}

// Coverage is what a coverage run measured: the per-package report with
// its threshold, and HTML, the link to coverage.html relative to the
// reports.
type Coverage struct {
	coverage.Report
	HTML string
}

// View is a finished run as the reports show it. Its scenario pointers
// point into Run.Scenarios; nothing in a view is changed after New, so
// writers may read it at the same time.
type View struct {
	Run      result.Run         // scenarios in file order
	Counts   result.Counts      // scenarios by status
	Failures []Failure          // in file order: the scenarios whose status fails the run
	Flaky    []*result.Scenario // passed on a retry, in file order
	Slowest  []*result.Scenario // longest first, file order among equals
	Timeline Timeline
	Coverage *Coverage // nil outside coverage runs
	// Usage is the use of each step definition, in registration order
	// (none when the run does not list its definitions); Unused those no
	// step used, looked for (UnusedChecked) only when the run was
	// complete (see usage).
	Usage         []Usage
	Unused        []*Usage
	UnusedChecked bool
}

// Failure is a failed scenario and the command that reruns it ("" when
// the run has none); Company, for one its supervisor ran again alone
// (BDD_ALONE), says whether it passed alone, what ran beside and before it
// and which scenario breaks it, one line a fact.
type Failure struct {
	*result.Scenario
	Rerun   string
	Company []string
}

// New computes the view of run, whose scenarios are in file order.
func New(run result.Run, o Options) *View {
	v := &View{Run: run, Counts: result.Counts{}, Coverage: o.Coverage}
	rerun := o.RerunFor
	if rerun == nil && run.Rerun.Command != "" {
		rerun = func(s result.Scenario) string { return RerunCommand(run.Rerun, s.Location()) }
	}
	var ran []*result.Scenario
	var byLoc map[string]*result.Scenario // for the failures run again alone
	if slices.ContainsFunc(run.Scenarios, func(s result.Scenario) bool { return s.Alone != "" }) {
		byLoc = make(map[string]*result.Scenario, len(run.Scenarios))
		for i := range v.Run.Scenarios {
			byLoc[v.Run.Scenarios[i].Location()] = &v.Run.Scenarios[i]
		}
	}
	for i := range v.Run.Scenarios {
		s := &v.Run.Scenarios[i]
		v.Counts[s.Status]++
		switch {
		case s.Status.IsFailure():
			f := Failure{Scenario: s, Company: company(s, byLoc)}
			if rerun != nil {
				f.Rerun = rerun(*s)
			}
			v.Failures = append(v.Failures, f)
		case s.Flaky():
			v.Flaky = append(v.Flaky, s)
		}
		if s.Duration > 0 {
			ran = append(ran, s)
		}
	}
	slices.SortStableFunc(ran, func(a, b *result.Scenario) int { return cmp.Compare(b.Duration, a.Duration) })
	v.Slowest = ran[:min(cmp.Or(o.Slowest, Slowest), len(ran))]
	v.Timeline = timelineOf(&v.Run)
	v.Usage, v.Unused, v.UnusedChecked = usage(&v.Run)
	return v
}

// ByFile is scenarios, in file order, by feature file: the features, in
// the order they first appear. A file's scenarios are a slice of scs
// when they are side by side there, as they are unless paths named the
// file twice around another; only a file met again is copied.
func ByFile(scs []result.Scenario) [][]result.Scenario {
	index := map[string]int{}
	var groups [][]result.Scenario
	for from := 0; from < len(scs); {
		file, to := scs[from].File, from+1
		for to < len(scs) && scs[to].File == file {
			to++
		}
		if i, ok := index[file]; ok {
			groups[i] = append(groups[i], scs[from:to]...) // a full slice: copied
		} else {
			index[file] = len(groups)
			groups = append(groups, scs[from:to:to])
		}
		from = to
	}
	return groups
}

// OK reports whether the run passed: no failing scenario, no run-level
// failure.
func (v *View) OK() bool { return !v.Run.Failed && len(v.Failures) == 0 }

// CountsLine is the line that ends a run: "N passed, N failed" and ", N
// skipped" when any scenario was skipped; every failing status counts as
// failed. paint, when set, colours a part by its status (the failed part
// only when some failed).
func (v *View) CountsLine(paint func(result.Status, string) string) string {
	if paint == nil {
		paint = func(_ result.Status, s string) string { return s }
	}
	failed := strconv.Itoa(len(v.Failures)) + " failed"
	if len(v.Failures) > 0 {
		failed = paint(result.Failed, failed)
	}
	line := paint(result.Passed, strconv.Itoa(v.Counts[result.Passed])+" passed") + ", " + failed
	if n := v.Counts[result.Skipped]; n > 0 {
		line += ", " + paint(result.Skipped, strconv.Itoa(n)+" skipped")
	}
	return line
}

// Workers tells how many workers ran: a fixed count ("8 workers"), or
// auto's minimum, maximum and average ("2-16 workers (auto, average
// 9.5)").
func (v *View) Workers() string {
	run := &v.Run
	switch {
	case run.Auto && run.WorkersMin == run.WorkersMax:
		return Plural(run.WorkersMin, "worker") + " (auto)"
	case run.Auto:
		return fmt.Sprintf("%d-%d workers (auto, average %.1f)", run.WorkersMin, run.WorkersMax, run.AverageWorkers())
	}
	return Plural(run.Workers, "worker")
}

// RerunCommand is the shell command that runs the scenarios at paths (a
// scenario's file:LINE, or @FILE, one entry: QuotePath) the way run s was
// started: the same command, build tags and settings that choose the code,
// with the selection replaced. Every rerun hint mush prints is built here: under the Mage
// targets "BDD_RUNNER_PKG=./test BDD_PATHS=file:LINE go tool mage
// unitTests"; from a runner started directly "BDD_PATHS=file:LINE go run
// -tags x ./features"; under go test, names, when given, are the levels of
// the scenario's subtest below s.Test as testing rewrites them, which -run
// selects: "go test -tags x -run '^TestFeatures$/^F$/^S$' ./features" (and
// BDD_PATHS=file:LINE when the run set BDD_PATHS).
func RerunCommand(s result.Start, paths string, names ...string) string {
	var words []string
	pathsSet := false
	for _, kv := range s.Env {
		k, v, _ := strings.Cut(kv, "=")
		if k == "BDD_PATHS" { // the selection replaces it
			pathsSet = true
			continue
		}
		words = append(words, k+"="+ShellQuote(v))
	}
	cmd := s.Command
	if cmd == result.GoRun || cmd == result.GoTest {
		if s.Tags != "" {
			cmd += " -tags " + ShellQuote(s.Tags)
		}
		if s.Command == result.GoTest && s.Test != "" {
			cmd += " -run " + ShellQuote(RunPattern(append(strings.Split(s.Test, "/"), names...)...))
			if len(names) > 0 && !pathsSet { // -run is the whole selection
				paths = ""
			}
		}
		cmd += " " + ShellQuote(s.Pkg)
	}
	if paths != "" {
		words = append(words, "BDD_PATHS="+ShellQuote(QuotePath(paths)))
	}
	return strings.Join(append(words, cmd), " ")
}

// RunPattern is the -run pattern that selects exactly the (sub)test whose
// name has the levels elems: "^TestFeatures$/^F$/^S$".
func RunPattern(elems ...string) string {
	pattern := make([]string, len(elems))
	for i, e := range elems {
		pattern[i] = "^" + regexp.QuoteMeta(e) + "$"
	}
	return strings.Join(pattern, "/")
}

// QuotePath is one entry of a path list (BDD_PATHS, a rerun file) as mush
// writes it for a later run to read: as it is, or, when it holds a
// separator (SplitPaths), starts with a double quote or holds a character
// that is not printable, as a Go string literal: "my dir, 2/a.feature:3".
func QuotePath(p string) string {
	if p != "" && p[0] != '"' && !strings.ContainsFunc(p, func(r rune) bool { return pathSeparator(r) || !strconv.IsGraphic(r) }) {
		return p
	}
	return strconv.Quote(p)
}

// JoinPaths is paths as one path list (BDD_PATHS) for SplitPaths to read
// back entry for entry: each entry QuotePath, joined by commas.
func JoinPaths(paths []string) string {
	q := make([]string, len(paths))
	for i, p := range paths {
		q[i] = QuotePath(p)
	}
	return strings.Join(q, ",")
}

// SplitPaths reads a path list (BDD_PATHS, a rerun file's text): entries
// separated by commas and white space, an entry that starts with a double
// quote being a Go string literal (QuotePath), which may hold both. An
// entry that opens a literal and does not close it is an error.
func SplitPaths(v string) ([]string, error) {
	var out []string
	for {
		v = strings.TrimLeftFunc(v, pathSeparator)
		switch {
		case v == "":
			return out, nil
		case v[0] == '"':
			q, err := strconv.QuotedPrefix(v)
			if err != nil {
				return nil, fmt.Errorf("%.40q is not a whole Go string literal", v)
			}
			p, _ := strconv.Unquote(q)
			out, v = append(out, p), v[len(q):]
		default:
			end := strings.IndexFunc(v, pathSeparator)
			if end < 0 {
				end = len(v)
			}
			out, v = append(out, v[:end]), v[end:]
		}
	}
}

// pathSeparator reports whether r separates the entries of a path list.
func pathSeparator(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// ShellQuote quotes s for a POSIX shell when it holds anything besides
// letters, digits and / . _ - : @.
func ShellQuote(s string) string {
	if strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '_' || r == '-' || r == ':' || r == '@' ||
			'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// DeadlineNote is the note of a run that BDD_DEADLINE ended (exit code 5
// unless a crash makes it 4): the setting, its value and what did not run
// or was cut; grace is how long the scenarios still running were given
// (0: not said).
func DeadlineNote(deadline, grace time.Duration, notRun, timedOut int) string {
	note := fmt.Sprintf("BDD_DEADLINE=%s ended the run: ", deadline)
	within := ""
	if grace > 0 {
		within = fmt.Sprintf(" the %s grace period", grace)
	}
	if notRun == 0 && timedOut == 0 {
		return note + "every scenario had started, and those still running finished within" + cmp.Or(within, " the grace period")
	}
	var parts []string
	if notRun > 0 {
		parts = append(parts, Plural(notRun, "scenario")+" not run")
	}
	if timedOut > 0 {
		parts = append(parts, fmt.Sprintf("%d timed out", timedOut)+strings.Replace(within, " the", " after the", 1))
	}
	return note + strings.Join(parts, ", ")
}

// Label is a status as the reports write it: "timed out".
func Label(st result.Status) string { return strings.ReplaceAll(string(st), "_", " ") }

// Seconds formats a duration as the reports do: 0.42s, 12.3s, 1m5s.
func Seconds(d time.Duration) string {
	switch {
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d >= 10*time.Second:
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

// Plural is n and noun, with an "s" unless n is 1: "1 worker", "2 workers".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
