package console

import (
	"fmt"
	"slices"
	"strings"

	"github.com/fatih/color"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// Block renders one scenario as the pretty format shows it: a heading with
// its location, feature and name, then its steps with their verdicts and
// the error under the step that failed. It is self-contained, so blocks of
// scenarios that ran in parallel read correctly in any order.
func Block(s result.Scenario, color bool) string {
	p := newPalette(color)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s  %s %s\n", p.paint(s.Status, label(s.Status)), loc(s), title(s), p.dim.Sprintf("(%s)", view.Seconds(s.Duration)))
	for _, st := range s.Steps {
		mark, c := p.look(st.Status)
		fmt.Fprintf(&b, "    %s %s %s\n", c.Sprint(mark), c.Sprint(Neutral(st.Keyword+" "+st.Text)), p.dim.Sprintf("# line %d", st.Line))
		if st.Error != "" {
			b.WriteString(indent(st.Error, "        "))
		}
	}
	if s.Error != "" && !slices.ContainsFunc(s.Steps, func(st result.Step) bool { return st.Error == s.Error }) { // no step shows it
		b.WriteString(indent(s.Error, "    "))
	}
	return b.String()
}

// title is the scenario's feature and name as the console shows them.
func title(s result.Scenario) string {
	if s.Feature == "" {
		return Neutral(s.Name)
	}
	return Neutral(s.Feature + " › " + s.Name)
}

// loc is the scenario's file:LINE as the console shows it.
func loc(s result.Scenario) string { return Neutral(s.Location()) }

func label(st result.Status) string {
	switch st {
	case result.Passed:
		return "PASS"
	case result.Skipped:
		return "SKIP"
	case result.TimedOut:
		return "TIMEOUT"
	}
	return strings.ToUpper(string(st))
}

// look is how the console shows status st: a step's mark and the colour.
func (p palette) look(st result.Status) (string, *color.Color) {
	switch st {
	case result.Passed:
		return "✓", p.pass
	case result.Skipped:
		return "-", p.skip
	case result.Undefined, result.Pending:
		return "?", p.warn
	}
	return "✗", p.fail
}

// paint colours s as the console colours status st.
func (p palette) paint(st result.Status, s string) string {
	_, c := p.look(st)
	return c.Sprint(s)
}

// indent is text, neutral, each line behind prefix.
func indent(text, prefix string) string {
	var b strings.Builder
	for _, line := range Lines(text) {
		b.WriteString(strings.TrimRight(prefix+line, " ") + "\n")
	}
	return b.String()
}
