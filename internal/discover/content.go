package discover

import (
	"bytes"
	"slices"
	"strings"

	messages "github.com/cucumber/messages/go/v34"
)

// content returns the lines of ff that pickle p needs (the feature header,
// backgrounds, its Rule's header, its own region and, for an outline row,
// that one row of its Examples), so that parsing it yields p alone. Other
// lines are left out, not blanked: every scenario's text stays as long as
// the scenario, however many share its file (godog would otherwise parse
// the whole file once per scenario). Line numbers in it are therefore not
// the file's; mush takes its lines from the parse of the whole file.
func (ff *featureFile) content(p *messages.Pickle) []byte {
	l := ff.layout
	pl := l.scenarios[p.AstNodeIds[0]]
	keep := make([]bool, len(ff.lines)+1)
	mark(keep, l.header, true)
	mark(keep, l.background, true)
	if pl.rule != nil {
		mark(keep, pl.rule.header, true)
		mark(keep, pl.rule.background, true)
	}
	mark(keep, pl.region, true)
	if len(p.AstNodeIds) > 1 {
		pl.keepOnlyRow(keep, p.AstNodeIds[1])
	}
	return render(ff.lines, keep)
}

// keepOnlyRow blanks the Examples blocks of an outline that do not hold
// the row with AST id rowID, and the other body rows of the one that does.
func (pl *placement) keepOnlyRow(keep []bool, rowID string) {
	isRow := func(r *messages.TableRow) bool { return r.Id == rowID }
	for i, ex := range pl.scenario.Examples {
		if !slices.ContainsFunc(ex.TableBody, isRow) {
			mark(keep, pl.examples[i], false)
			continue
		}
		for _, row := range ex.TableBody {
			if !isRow(row) {
				keep[row.Location.Line] = false
			}
		}
	}
}

// mark sets keep for every line of s.
func mark(keep []bool, s span, v bool) {
	for i := s.from; i <= s.to; i++ {
		keep[i] = v
	}
}

// render writes the kept lines, up to the last kept line that is not
// blank.
func render(lines []string, keep []bool) []byte {
	last := len(keep) - 1
	for !keep[last] || strings.TrimSpace(lines[last-1]) == "" {
		last--
	}
	var b bytes.Buffer
	for i := 1; i <= last; i++ {
		if keep[i] {
			b.WriteString(lines[i-1])
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}
