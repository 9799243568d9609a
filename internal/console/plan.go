package console

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// Plan is what a dry run (BDD_DRY_RUN) found: the selected scenarios with
// what the timing history expects of each, and the steps no definition
// matches or more than one does.
type Plan struct {
	Scenarios []Planned
	// Shard is the summary's shard line, "" for a whole run; History is
	// the timing history's path.
	Shard, History string
	Steps          int // steps of the selected scenarios
	Undefined      []PlanStep
	Ambiguous      []PlanStep
	// Snippets is Go code for the undefined steps, as godog suggests it.
	Snippets string
}

// Planned is one selected scenario; Expected is 0 when the history does
// not know it.
type Planned struct {
	Scenario result.Scenario
	Expected time.Duration
}

// PlanStep is one step of a selected scenario: where it is, its text and,
// for an ambiguous one, the definitions that match it.
type PlanStep struct {
	File    string
	Line    int
	Text    string
	Matches []string // "pattern (file.go:LINE)"
}

// Bad reports whether the plan has undefined or ambiguous steps.
func (p Plan) Bad() bool { return len(p.Undefined)+len(p.Ambiguous) > 0 }

// Closing is the dry run's last line, counted in steps.
func (p Plan) Closing() string {
	return fmt.Sprintf("dry run: %s, %s: %d matched, %d undefined, %d ambiguous",
		view.Plural(len(p.Scenarios), "scenario"), view.Plural(p.Steps, "step"),
		p.Steps-len(p.Undefined)-len(p.Ambiguous), len(p.Undefined), len(p.Ambiguous))
}

// WritePlan prints a dry run: one line per scenario (file:line, expected
// time, feature and name, tags), the shard and the total expected time,
// then the undefined and ambiguous steps with snippets for the undefined,
// and Closing last.
func WritePlan(w io.Writer, p Plan) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Plan (dry run: no hook or step runs)\n")
	var total time.Duration
	known := 0
	for _, s := range p.Scenarios {
		exp := "       ?"
		if s.Expected > 0 {
			exp = fmt.Sprintf("%8s", view.Seconds(s.Expected))
			total += s.Expected
			known++
		}
		line := fmt.Sprintf("  %s  %s  %s", exp, loc(s.Scenario), title(s.Scenario))
		if len(s.Scenario.Tags) > 0 {
			line += "  " + Neutral(strings.Join(s.Scenario.Tags, " "))
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n")
	if p.Shard != "" {
		fmt.Fprintf(&b, "shard:     %s\n", Neutral(p.Shard))
	}
	fmt.Fprintf(&b, "expected:  %s of scenario time for the %d of %d scenarios the timing history %s knows\n",
		view.Seconds(total), known, len(p.Scenarios), Neutral(p.History))
	writePlanSteps(&b, "Undefined", p.Undefined)
	writePlanSteps(&b, "Ambiguous", p.Ambiguous)
	if p.Snippets != "" {
		b.WriteString("\nimplement the missing step(s) with:\n")
		b.WriteString(indent(p.Snippets, "    "))
	}
	b.WriteString("\n" + p.Closing() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writePlanSteps(b *strings.Builder, what string, steps []PlanStep) {
	if len(steps) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s steps (%d)\n", what, len(steps))
	for _, s := range steps {
		fmt.Fprintf(b, "  %s  %s\n", Neutral(result.Loc{File: s.File, Line: s.Line}.String()), Neutral(s.Text))
		for _, m := range s.Matches {
			fmt.Fprintf(b, "      matches %s\n", Neutral(m))
		}
	}
}
