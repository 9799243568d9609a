package github

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mushbdd/mush/internal/console"
	"github.com/mushbdd/mush/internal/coverage"
	"github.com/mushbdd/mush/internal/result"
)

// SummaryOptions bounds and completes the job summary.
type SummaryOptions struct {
	// Budget is how many bytes the summary may take (SummaryLimit when 0).
	Budget int
	// Reports names where the full reports are, for the note on what a
	// cut summary left out.
	Reports string
	// Slowest is how many of the slowest scenarios to list
	// (console.Slowest when 0).
	Slowest int
}

// WriteSummary writes run's job summary in Markdown: the verdict and
// counts, a table of the failures, the slowest scenarios and the run's
// notes. When it would exceed the budget, failure rows are dropped from
// the end and a line says how many, so the summary stays whole.
func WriteSummary(w io.Writer, run result.Run, o SummaryOptions) error {
	budget := cmp.Or(o.Budget, SummaryLimit)
	scs := byOrder(run.Scenarios)
	var head, tail strings.Builder
	mark := "✅"
	if !run.OK() {
		mark = "❌"
	}
	fmt.Fprintf(&head, "### %s mush: %s\n\n", mark, console.PlainCountsLine(run))
	c := run.Count()
	head.WriteString("| status | scenarios |\n|---|--:|\n")
	for _, st := range []result.Status{result.Passed, result.Failed, result.Undefined, result.Pending,
		result.Ambiguous, result.Crashed, result.TimedOut, result.Skipped} {
		if c[st] > 0 {
			fmt.Fprintf(&head, "| %s | %d |\n", label(st), c[st])
		}
	}
	flaky := 0
	for _, s := range scs {
		if s.Flaky() {
			flaky++
		}
	}
	if flaky > 0 {
		fmt.Fprintf(&head, "| flaky (passed on a retry) | %d |\n", flaky)
	}
	fmt.Fprintf(&head, "\n%s wall, %s, %.0f%% utilisation\n", console.Seconds(run.Wall), console.Workers(run), 100*run.Utilisation())

	var fails []string
	for _, s := range scs {
		if s.Status.IsFailure() {
			step := ""
			if s.FailedStep != "" {
				step = fmt.Sprintf("`%s` (line %d)", code(s.FailedStep), s.FailedLine)
			}
			fails = append(fails, fmt.Sprintf("| %s | %s › %s | `%s` | %s | %s |\n",
				label(s.Status), cell(s.Feature), cell(s.Name), code(s.Location()), step, cell(cut(result.FirstLine(s.Error), 300))))
		}
	}

	if slow := slowest(scs, cmp.Or(o.Slowest, console.Slowest)); len(slow) > 0 {
		tail.WriteString("\n<details><summary>Slowest scenarios</summary>\n\n| time | scenario | location |\n|--:|---|---|\n")
		for _, s := range slow {
			fmt.Fprintf(&tail, "| %s | %s › %s | `%s` |\n", console.Seconds(s.Duration), cell(s.Feature), cell(s.Name), code(s.Location()))
		}
		tail.WriteString("\n</details>\n")
	}
	if len(run.Notes) > 0 {
		tail.WriteString("\n")
		for _, n := range run.Notes {
			fmt.Fprintf(&tail, "> %s\n", cell(cut(result.FirstLine(n), 500)))
		}
	}
	tail.WriteString("\n")

	var b strings.Builder
	b.WriteString(head.String())
	if len(fails) > 0 {
		const table = "\n#### Failures\n\n| status | scenario | location | step | error |\n|---|---|---|---|---|\n"
		room := budget - b.Len() - tail.Len() - len(table) - 200 // 200: the line on what was cut
		b.WriteString(table)
		shown := 0
		for _, f := range fails {
			if len(f) > room {
				break
			}
			room -= len(f)
			b.WriteString(f)
			shown++
		}
		if shown < len(fails) {
			fmt.Fprintf(&b, "\n%d more failures are not listed here (GitHub limits a job summary to 1 MiB); see %s.\n",
				len(fails)-shown, cmp.Or(o.Reports, "the reports"))
		}
	}
	if b.Len()+tail.Len() <= budget {
		b.WriteString(tail.String())
	}
	if b.Len() > budget {
		return nil // not even the counts fit: write nothing rather than a broken summary
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteCoverage writes the coverage part of the job summary: the gate
// line, and the per-package table when it fits in budget.
func WriteCoverage(w io.Writer, rep coverage.Report, budget int) error {
	mark := "✅"
	if coverage.Gate(rep) != nil {
		mark = "❌"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### %s %s\n\n", mark, coverage.GateLine(rep))
	var t strings.Builder
	t.WriteString("| package | statements | covered | percent |\n|---|--:|--:|--:|\n")
	for _, p := range rep.Packages {
		pct := coverage.FormatPercent(p.Covered, p.Statements) + "%"
		if p.Statements > 0 && p.Percent() < rep.Threshold {
			pct = "**" + pct + "**"
		}
		fmt.Fprintf(&t, "| `%s` | %d | %d | %s |\n", code(p.Package), p.Statements, p.Covered, pct)
	}
	t.WriteString("\n")
	if b.Len()+t.Len() <= budget {
		b.WriteString(t.String())
	}
	if b.Len() > budget {
		return nil
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func slowest(scs []result.Scenario, n int) []result.Scenario {
	var ran []result.Scenario
	for _, s := range scs {
		if s.Duration > 0 {
			ran = append(ran, s)
		}
	}
	slices.SortStableFunc(ran, func(a, b result.Scenario) int { return cmp.Compare(b.Duration, a.Duration) })
	return ran[:min(n, len(ran))]
}

// cell makes text safe in a Markdown table cell: one line, pipes and
// markup escaped, so a name like <script> shows as text.
func cell(s string) string {
	return strings.NewReplacer("\\", "\\\\", "|", "\\|", "\r", " ", "\n", " ", "<", "&lt;", ">", "&gt;",
		"*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]").Replace(s)
}

// code makes text safe inside a `code span` in a table cell.
func code(s string) string {
	return strings.NewReplacer("`", "'", "|", "\\|", "\n", " ", "\r", " ").Replace(s)
}
