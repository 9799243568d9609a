package console

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/result"
)

// Slowest is how many of the slowest scenarios a run's summary lists.
const Slowest = 10

// SummaryOptions says what the summary mentions besides the results.
type SummaryOptions struct {
	Color bool
	// Rerun is the command that reruns the suite, e.g. "go tool mage
	// unitTests"; each failure shows it with BDD_PATHS set to that scenario.
	Rerun string
	// RerunFor, when set, is used instead: the whole command that reruns
	// one scenario.
	RerunFor func(result.Scenario) string
	// Order describes how scenarios were ordered (seed, history).
	Order string
	// Reports lists the files written for this run.
	Reports []string
	// Slowest is how many of the slowest scenarios to list.
	Slowest int
	// Shard describes the shard that ran, or the merged shards.
	Shard string
}

// WriteSummary prints the summary of run: failures first, each with its
// location, failing step, error and rerun command; then the slowest
// scenarios, counts of features, scenarios and steps, time and worker
// utilisation; and as the very last line "N passed, N failed" (", N
// skipped" when any), counted in scenarios. Scenarios that passed on a
// retry count as passed; they get their own section and, when any, a line
// "N flaky" just above the last.
func WriteSummary(w io.Writer, run result.Run, o SummaryOptions) error {
	p := newPalette(o.Color)
	var b strings.Builder
	writeFailures(&b, p, run, o.rerunFor())
	writeRerunAll(&b, run, o)
	writeFlaky(&b, p, run)
	writeSlowest(&b, run, o.Slowest)
	for _, n := range run.Notes {
		fmt.Fprintf(&b, "%s %s\n", p.warn.Sprint("note:"), n)
	}
	writeCounts(&b, p, run)
	b.WriteString(timeLine(run) + "\n")
	if o.Order != "" {
		fmt.Fprintf(&b, "order:     %s\n", o.Order)
	}
	if o.Shard != "" {
		fmt.Fprintf(&b, "shard:     %s\n", o.Shard)
	}
	if len(o.Reports) > 0 {
		fmt.Fprintf(&b, "reports:   %s\n", strings.Join(o.Reports, ", "))
	}
	b.WriteString("\n" + flakyLine(run, p) + CountsLine(run, p) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// Workers tells how many workers ran: a fixed count ("8 workers"), or
// auto's minimum, maximum and average ("2-16 workers (auto, average
// 9.5)"). Every report that names the workers says it so.
func Workers(run result.Run) string {
	switch {
	case run.Auto && run.WorkersMin == run.WorkersMax:
		return Plural(run.WorkersMin, "worker") + " (auto)"
	case run.Auto:
		return fmt.Sprintf("%d-%d workers (auto, average %.1f)", run.WorkersMin, run.WorkersMax, run.AverageWorkers())
	}
	return Plural(run.Workers, "worker")
}

// timeLine tells how long the run took, how many workers ran (Workers),
// how busy they were and how much of the machine's CPU the process used.
func timeLine(run result.Run) string {
	line := fmt.Sprintf("time:      %s wall, %s, %.0f%% utilisation (busy %s of %s)",
		seconds(run.Wall), Workers(run), 100*run.Utilisation(), seconds(run.Busy), seconds(run.Capacity()))
	if run.Cores > 0 {
		line += fmt.Sprintf(", CPU %.0f%% of %d cores", 100*run.CPUUtilisation(), run.Cores)
	}
	return line
}

// CountsLine is the closing line: "N passed, N failed" and ", N skipped"
// when any scenario was skipped. Every failing status counts as failed.
func CountsLine(run result.Run, p palette) string {
	c := run.Count()
	failed := fmt.Sprintf("%d failed", c.Failures())
	if c.Failures() > 0 {
		failed = p.fail.Sprint(failed)
	}
	line := fmt.Sprintf("%s, %s", p.pass.Sprintf("%d passed", c[result.Passed]), failed)
	if c[result.Skipped] > 0 {
		line += ", " + p.skip.Sprintf("%d skipped", c[result.Skipped])
	}
	return line
}

// rerunFor is the rerun command of one scenario, nil when there is none.
func (o SummaryOptions) rerunFor() func(result.Scenario) string { return Rerunner(o.Rerun, o.RerunFor) }

// Rerunner gives the command that reruns one failed scenario, for every
// report that shows one: rerunFor when set (mush.Test's go test command),
// else RerunCommand with the suite's rerun command; nil when both are
// empty.
func Rerunner(rerun string, rerunFor func(result.Scenario) string) func(result.Scenario) string {
	switch {
	case rerunFor != nil:
		return rerunFor
	case rerun != "":
		return func(s result.Scenario) string { return RerunCommand(s, rerun) }
	}
	return nil
}

func writeFailures(b *strings.Builder, p palette, run result.Run, rerun func(result.Scenario) string) {
	var fails []result.Scenario
	for _, s := range run.Scenarios {
		if s.Status.IsFailure() {
			fails = append(fails, s)
		}
	}
	if len(fails) == 0 {
		return
	}
	slices.SortStableFunc(fails, func(a, b result.Scenario) int { return cmp.Compare(a.Order, b.Order) })
	fmt.Fprintf(b, "%s\n\n", p.fail.Sprintf("Failures (%d)", len(fails)))
	for _, s := range fails {
		fmt.Fprintf(b, "%s %s  %s %s\n", p.fail.Sprint(label(s.Status)), s.Location(), title(s),
			p.dim.Sprintf("(%s, worker %d)", seconds(s.Duration), s.Worker))
		writeFailure(b, s, rerun)
		b.WriteString("\n")
	}
}

// Failure is what a failed scenario's entry in the summary says under its
// heading: the failing step, the error, a snippet for undefined steps and
// the rerun command when rerun is not nil. No colour.
func Failure(s result.Scenario, rerun func(result.Scenario) string) string {
	var b strings.Builder
	writeFailure(&b, s, rerun)
	return b.String()
}

func writeFailure(b *strings.Builder, s result.Scenario, rerun func(result.Scenario) string) {
	if s.FailedStep != "" {
		fmt.Fprintf(b, "    step:  %s  (%s:%d)\n", s.FailedStep, s.File, s.FailedLine)
	}
	if s.Error != "" {
		lines := strings.SplitN(strings.TrimRight(s.Error, "\n"), "\n", 2)
		fmt.Fprintf(b, "    error: %s\n", lines[0])
		if len(lines) > 1 {
			b.WriteString(indent(lines[1], "           "))
		}
	}
	if len(s.Retries) > 0 {
		fmt.Fprintf(b, "    tries: %d, every one failed (results.json has each error)\n", len(s.Retries)+1)
	}
	if s.Snippet != "" {
		b.WriteString("    implement the missing step(s) with:\n")
		b.WriteString(indent(s.Snippet, "        "))
	}
	if rerun != nil {
		fmt.Fprintf(b, "    rerun: %s\n", rerun(s))
	}
}

// RerunCommand is the shell command that reruns only scenario s.
func RerunCommand(s result.Scenario, rerun string) string {
	return "BDD_PATHS=" + shellQuote(s.Location()) + " " + rerun
}

// ShellQuote quotes s for a POSIX shell when it holds anything besides
// letters, digits and / . _ - :.
func ShellQuote(s string) string { return shellQuote(s) }

func shellQuote(s string) string {
	if strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '_' || r == '-' || r == ':' || r == '@' ||
			'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func writeSlowest(b *strings.Builder, run result.Run, n int) {
	var ran []result.Scenario
	for _, s := range run.Scenarios {
		if s.Duration > 0 {
			ran = append(ran, s)
		}
	}
	if n <= 0 || len(ran) == 0 {
		return
	}
	slices.SortStableFunc(ran, func(a, b result.Scenario) int {
		return cmp.Or(cmp.Compare(b.Duration, a.Duration), cmp.Compare(a.Order, b.Order))
	})
	fmt.Fprintf(b, "Slowest scenarios\n")
	for _, s := range ran[:min(n, len(ran))] {
		fmt.Fprintf(b, "  %8s  %s  %s\n", seconds(s.Duration), s.Location(), title(s))
	}
	b.WriteString("\n")
}

func writeCounts(b *strings.Builder, p palette, run result.Run) {
	features := map[string]result.Status{}
	var files []string
	steps := result.Counts{}
	nsteps := 0
	for _, s := range run.Scenarios {
		prev, seen := features[s.File]
		if !seen {
			files = append(files, s.File)
		}
		features[s.File] = worse(prev, s.Status, seen)
		for _, st := range s.Steps {
			steps[st.Status]++
			nsteps++
		}
	}
	fc := result.Counts{}
	for _, f := range files {
		fc[features[f]]++
	}
	fmt.Fprintf(b, "features:  %s\n", tally(p, fc, len(files)))
	fmt.Fprintf(b, "scenarios: %s\n", tally(p, run.Count(), len(run.Scenarios)))
	fmt.Fprintf(b, "steps:     %s\n", tally(p, steps, nsteps))
}

// worse combines a feature's status so far with one more scenario's: any
// failure fails the feature; it is skipped only when all its scenarios were.
func worse(prev, next result.Status, seen bool) result.Status {
	switch {
	case !seen:
		return next
	case prev.IsFailure():
		return prev
	case next.IsFailure():
		return next
	case prev == result.Passed || next == result.Passed:
		return result.Passed
	}
	return result.Skipped
}

var statusOrder = []result.Status{result.Passed, result.Failed, result.Undefined, result.Pending,
	result.Ambiguous, result.Crashed, result.TimedOut, result.Skipped}

func tally(p palette, c result.Counts, total int) string {
	parts := []string{}
	for _, st := range statusOrder {
		if c[st] > 0 {
			parts = append(parts, statusColor(p, st).Sprint(fmt.Sprintf("%d %s", c[st], strings.ReplaceAll(string(st), "_", " "))))
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%d", total)
	}
	return fmt.Sprintf("%d (%s)", total, strings.Join(parts, ", "))
}

func seconds(d time.Duration) string {
	switch {
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d >= 10*time.Second:
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

// PlainCountsLine is CountsLine without colour, for reports.
func PlainCountsLine(run result.Run) string { return CountsLine(run, newPalette(false)) }

// Seconds formats a duration as the summary does: 0.42s, 12.3s, 1m5s.
func Seconds(d time.Duration) string { return seconds(d) }
