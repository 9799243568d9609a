package console

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// SummaryOptions says what the summary mentions besides the view.
type SummaryOptions struct {
	Color bool
	// Order describes how scenarios were ordered (seed, history).
	Order string
	// Reports lists the files written for this run.
	Reports []string
	// Shard describes the shard that ran, or the merged shards.
	Shard string
	// UnusedFail says that unused step definitions fail the run
	// (BDD_UNUSED=fail).
	UnusedFail bool
	// Notes are the run's notes as the summary shows them (the reports'
	// may say more: the supervisor's crash section is printed instead).
	Notes []string
	// BeforeClosing, when set, is called between the summary and its
	// closing line, which it may precede with lines of its own (GitHub's
	// workflow commands resumed: report.Commands).
	BeforeClosing func()
}

// WriteSummary prints the summary of run: failures first, each with its
// location, failing step, error and rerun command; then the slowest
// scenarios, counts of features, scenarios and steps, time and worker
// utilisation; and as the very last line "N passed, N failed" (", N
// skipped" when any), counted in scenarios. Scenarios that passed on a
// retry count as passed; they get their own section and, when any, a line
// "N flaky" just above the last.
func WriteSummary(w io.Writer, v *view.View, o SummaryOptions) error {
	p := newPalette(o.Color)
	var b strings.Builder
	writeFailures(&b, p, v)
	writeRerunAll(&b, v, o.Reports)
	writeFlaky(&b, p, v)
	writeSlowest(&b, v)
	writeUnused(&b, p, v, o.UnusedFail)
	for _, n := range o.Notes {
		fmt.Fprintf(&b, "%s %s\n", p.warn.Sprint("note:"), Neutral(n))
	}
	writeCounts(&b, p, v)
	b.WriteString(timeLine(v) + "\n")
	for _, l := range [][2]string{{"order:", o.Order}, {"shard:", o.Shard}, {"reports:", strings.Join(o.Reports, ", ")}} {
		if l[1] != "" {
			fmt.Fprintf(&b, "%-10s %s\n", l[0], Neutral(l[1]))
		}
	}
	if len(v.Flaky) > 0 {
		b.WriteString("\n" + p.warn.Sprintf("%d flaky (passed on a retry)", len(v.Flaky)))
	}
	b.WriteString("\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if o.BeforeClosing != nil {
		o.BeforeClosing()
	}
	_, err := io.WriteString(w, v.CountsLine(p.paint)+"\n")
	return err
}

// timeLine tells the wall time, the workers and how busy they were, and
// where measured the process's CPU, the whole machine's ("machine 97%":
// the programs the steps started included) and the serial scenarios'.
func timeLine(v *view.View) string {
	run := &v.Run
	line := fmt.Sprintf("time:      %s wall, %s, %.0f%% utilisation (busy %s of %s)",
		view.Seconds(run.Wall), v.Workers(), 100*run.Utilisation(), view.Seconds(run.Busy), view.Seconds(run.Capacity()))
	if run.Cores > 0 {
		line += fmt.Sprintf(", CPU %.0f%% of %d cores", 100*run.CPUUtilisation(), run.Cores)
	}
	if run.MachineCapacity > 0 {
		line += fmt.Sprintf(", machine %.0f%%", 100*run.MachineUtilisation())
	}
	if n, alone := serialTime(run); n > 0 {
		line += fmt.Sprintf(", serial %s %s", view.Plural(n, "scenario"), view.Seconds(alone))
	}
	return line
}

// serialTime is how many scenarios tagged BDD_SERIAL_TAG ran and the time
// they ran alone: the wall time the run gave them, nothing else running.
func serialTime(run *result.Run) (int, time.Duration) {
	n, alone := 0, time.Duration(0)
	for _, s := range run.Scenarios {
		if s.Serial && s.Duration > 0 {
			n, alone = n+1, alone+s.Duration
		}
	}
	return n, alone
}

func writeFailures(b *strings.Builder, p palette, v *view.View) {
	if len(v.Failures) == 0 {
		return
	}
	fmt.Fprintf(b, "%s\n\n", p.fail.Sprintf("Failures (%d)", len(v.Failures)))
	for _, f := range v.Failures {
		s := f.Scenario
		fmt.Fprintf(b, "%s %s  %s %s\n", p.fail.Sprint(label(s.Status)), loc(*s), title(*s),
			p.dim.Sprintf("(%s, worker %d)", view.Seconds(s.Duration), s.Worker))
		b.WriteString(Failure(*s, f.Rerun))
		for _, line := range f.Company {
			b.WriteString("    " + p.warn.Sprint(line) + "\n")
		}
		b.WriteString("\n")
	}
}

// Failure is what a failed scenario's entry in the summary says under its
// heading: the failing step, the error, a snippet for undefined steps and
// the command that reruns it (none when rerun is ""). No colour.
func Failure(s result.Scenario, rerun string) string {
	b := &strings.Builder{}
	if s.FailedStep != "" {
		fmt.Fprintf(b, "    step:  %s  (%s)\n", Neutral(s.FailedStep), Neutral(result.Loc{File: s.File, Line: s.FailedLine}.String()))
	}
	if s.Error != "" {
		lines := strings.SplitN(strings.TrimRight(s.Error, "\n"), "\n", 2)
		fmt.Fprintf(b, "    error: %s\n", Neutral(lines[0]))
		if len(lines) > 1 {
			b.WriteString(indent(lines[1], "           "))
		}
	}
	if len(s.Retries) > 0 {
		fmt.Fprintf(b, "    tries: %d, every one failed (results.json has each error)\n", len(s.Retries)+1)
	}
	writeLogs(b, s.Logs)
	if s.Snippet != "" {
		b.WriteString("    implement the missing step(s) with:\n")
		b.WriteString(indent(s.Snippet, "        "))
	}
	if rerun != "" {
		fmt.Fprintf(b, "    rerun: %s\n", Neutral(rerun))
	}
	return b.String()
}

// maxLogs bounds the messages a failure shows: the last ones, nearest the
// failure; the reports keep them all.
const maxLogs = 10

// writeLogs shows what the scenario's steps logged (godog.Log), the last
// maxLogs messages, each with the line of its step.
func writeLogs(b *strings.Builder, logs []result.Log) {
	if len(logs) == 0 {
		return
	}
	b.WriteString("    logs:\n")
	if n := len(logs) - maxLogs; n > 0 {
		fmt.Fprintf(b, "        (%d earlier messages in results.json)\n", n)
		logs = logs[n:]
	}
	b.WriteString(indent(result.LogLines(logs), "        "))
}

// maxUnused bounds the unused step definitions the summary lists; the
// usage report lists them all.
const maxUnused = 10

// writeUnused lists the step definitions no step used in a complete run,
// one line each: pattern and where it is.
func writeUnused(b *strings.Builder, p palette, v *view.View, fail bool) {
	if len(v.Unused) == 0 {
		return
	}
	head := fmt.Sprintf("Unused step definitions (%d): no step of the suite matches them", len(v.Unused))
	if fail {
		head = p.fail.Sprint(head + "; BDD_UNUSED=fail fails the run")
	} else {
		head = p.warn.Sprint(head)
	}
	b.WriteString(head + "\n")
	for _, u := range v.Unused[:min(len(v.Unused), maxUnused)] {
		fmt.Fprintf(b, "  %s  %s\n", result.Loc{File: u.File, Line: u.Line}, u.Pattern)
	}
	if n := len(v.Unused) - maxUnused; n > 0 {
		fmt.Fprintf(b, "  and %d more in usage.json\n", n)
	}
	b.WriteString("\n")
}

func writeSlowest(b *strings.Builder, v *view.View) {
	if len(v.Slowest) == 0 {
		return
	}
	fmt.Fprintf(b, "Slowest scenarios\n")
	for _, s := range v.Slowest {
		fmt.Fprintf(b, "  %8s  %s  %s\n", view.Seconds(s.Duration), loc(*s), title(*s))
	}
	b.WriteString("\n")
}

func writeCounts(b *strings.Builder, p palette, v *view.View) {
	run := &v.Run
	features, steps, nsteps := result.Counts{}, result.Counts{}, 0
	files := view.ByFile(run.Scenarios)
	for _, scs := range files {
		features[featureStatus(scs)]++
	}
	for _, s := range run.Scenarios {
		for _, st := range s.Steps {
			steps[st.Status]++
			nsteps++
		}
	}
	fmt.Fprintf(b, "features:  %s\n", tally(p, features, len(files)))
	fmt.Fprintf(b, "scenarios: %s\n", tally(p, v.Counts, len(run.Scenarios)))
	fmt.Fprintf(b, "steps:     %s\n", tally(p, steps, nsteps))
}

// featureStatus is a feature's status: its first failing scenario's; else
// skipped only when all its scenarios were.
func featureStatus(scs []result.Scenario) result.Status {
	st := result.Skipped
	for _, s := range scs {
		switch {
		case s.Status.IsFailure():
			return s.Status
		case s.Status == result.Passed:
			st = result.Passed
		}
	}
	return st
}

func tally(p palette, c result.Counts, total int) string {
	parts := []string{}
	for _, st := range view.Statuses {
		if c[st] > 0 {
			parts = append(parts, p.paint(st, fmt.Sprintf("%d %s", c[st], view.Label(st))))
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%d", total)
	}
	return fmt.Sprintf("%d (%s)", total, strings.Join(parts, ", "))
}
