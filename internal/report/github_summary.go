package report

import (
	"cmp"
	"fmt"
	"io"
	"strings"

	"github.com/mushbdd/mush/internal/coverage"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// WriteJobSummary writes v's job summary in Markdown: the verdict and
// counts, a table of the failures, the slowest scenarios and the run's
// notes. When it would exceed budget (bytes), failure rows are dropped
// from the end and a line says how many and that reports (index.html) has
// them all, so the summary stays whole.
func WriteJobSummary(w io.Writer, v *view.View, budget int, reports string) error {
	run := &v.Run
	var b, tail strings.Builder
	mark := "✅"
	if !v.OK() {
		mark = "❌"
	}
	fmt.Fprintf(&b, "### %s mush: %s\n\n", mark, v.CountsLine(nil))
	b.WriteString("| status | scenarios |\n|---|--:|\n")
	for _, st := range view.Statuses {
		if n := v.Counts[st]; n > 0 {
			fmt.Fprintf(&b, "| %s | %d |\n", view.Label(st), n)
		}
	}
	if len(v.Flaky) > 0 {
		fmt.Fprintf(&b, "| flaky (passed on a retry) | %d |\n", len(v.Flaky))
	}
	fmt.Fprintf(&b, "\n%s wall, %s, %.0f%% utilisation\n", view.Seconds(run.Wall), v.Workers(), 100*run.Utilisation())

	if len(v.Slowest) > 0 {
		tail.WriteString("\n<details><summary>Slowest scenarios</summary>\n\n| time | scenario | location |\n|--:|---|---|\n")
		for _, s := range v.Slowest {
			fmt.Fprintf(&tail, "| %s | %s › %s | `%s` |\n", view.Seconds(s.Duration), cell(s.Feature), cell(s.Name), code(s.Location()))
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

	if len(v.Failures) > 0 {
		const table = "\n#### Failures\n\n| status | scenario | location | step | error |\n|---|---|---|---|---|\n"
		room := budget - b.Len() - tail.Len() - len(table) - 200 // 200: the line on what was cut
		b.WriteString(table)
		for i, f := range v.Failures {
			s := f.Scenario
			step := ""
			if s.FailedStep != "" {
				step = fmt.Sprintf("`%s` (line %d)", code(s.FailedStep), s.FailedLine)
			}
			row := fmt.Sprintf("| %s | %s › %s | `%s` | %s | %s |\n",
				view.Label(s.Status), cell(s.Feature), cell(s.Name), code(s.Location()), step, cell(cut(result.FirstLine(s.Error), 300)))
			if room -= len(row); room < 0 {
				fmt.Fprintf(&b, "\n%d more failures are not listed here (GitHub limits a job summary to 1 MiB); see %s.\n",
					len(v.Failures)-i, cmp.Or(reports, "the reports"))
				break
			}
			b.WriteString(row)
		}
	}
	return fit(w, budget, &b, tail.String())
}

// WriteJobCoverage writes the coverage part of the job summary: the gate
// line, and the per-package table when it fits in budget.
func WriteJobCoverage(w io.Writer, rep coverage.Report, budget int) error {
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
	return fit(w, budget, &b, t.String())
}

// fit writes head and, when both fit in budget, tail; nothing when not
// even head fits, rather than a broken summary.
func fit(w io.Writer, budget int, head *strings.Builder, tail string) error {
	if head.Len()+len(tail) <= budget {
		head.WriteString(tail)
	}
	if head.Len() > budget {
		return nil
	}
	_, err := io.WriteString(w, head.String())
	return err
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
