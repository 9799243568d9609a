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
// the file's; mush takes its lines from the parse of the whole file. The
// work is that of the lines kept, not of the file.
func (ff *featureFile) content(p *messages.Pickle) []byte {
	l := ff.layout
	pl := l.scenarios[p.AstNodeIds[0]]
	var kept []int // line numbers, ascending: the spans below come in file order
	add := func(s span) {
		for i := s.from; i <= s.to; i++ {
			kept = append(kept, i)
		}
	}
	add(l.header)
	add(l.background)
	if pl.rule != nil {
		add(pl.rule.header)
		add(pl.rule.background)
	}
	region := window{from: pl.region.from, keep: make([]bool, max(pl.region.to-pl.region.from+1, 0))}
	region.set(pl.region, true)
	if len(p.AstNodeIds) > 1 {
		pl.keepOnlyRow(region, p.AstNodeIds[1])
	}
	for i, k := range region.keep {
		if k {
			kept = append(kept, region.from+i)
		}
	}
	return render(ff.lines, kept)
}

// window is a set of lines of a file, from line from on.
type window struct {
	from int
	keep []bool
}

// set sets keep for every line of s within the window.
func (w window) set(s span, v bool) {
	for i := max(s.from, w.from); i <= s.to && i-w.from < len(w.keep); i++ {
		w.keep[i-w.from] = v
	}
}

// keepOnlyRow drops the Examples blocks of an outline that do not hold the
// row with AST id rowID, and the other body rows of the one that does.
func (pl *placement) keepOnlyRow(w window, rowID string) {
	isRow := func(r *messages.TableRow) bool { return r.Id == rowID }
	for i, ex := range pl.scenario.Examples {
		if !slices.ContainsFunc(ex.TableBody, isRow) {
			w.set(pl.examples[i], false)
			continue
		}
		for _, row := range ex.TableBody {
			if !isRow(row) {
				w.set(span{int(row.Location.Line), int(row.Location.Line)}, false)
			}
		}
	}
}

// render writes the kept lines (ascending line numbers), up to the last
// one that is not blank.
func render(lines []string, kept []int) []byte {
	for len(kept) > 0 && strings.TrimSpace(lines[kept[len(kept)-1]-1]) == "" {
		kept = kept[:len(kept)-1]
	}
	var b bytes.Buffer
	for _, i := range kept {
		b.WriteString(lines[i-1])
		b.WriteByte('\n')
	}
	return b.Bytes()
}
