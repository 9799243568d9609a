package discover

import (
	"strings"

	messages "github.com/cucumber/messages/go/v34"
)

// span is an inclusive range of 1-based line numbers; from > to is empty.
type span struct{ from, to int }

// layout tells which lines of a feature file hold which parts of it.
//
// Every child of a Feature or Rule owns a region: from its first tag line
// (its keyword line when untagged) to the line before the next sibling's
// region, or to the end of its parent.
type layout struct {
	ruleLayout                           // the Feature's header and Background
	scenarios  map[string]*placement     // by Scenario AST id
	order      []*messages.Scenario      // every Scenario in file order
	steps      map[string]*messages.Step // every Step by AST id
	lines      map[int]bool              // lines a file.feature:LINE may name
	long       []*messages.DocString     // doc strings beyond the limits, in file order
}

// placement is where one Scenario sits.
type placement struct {
	scenario *messages.Scenario
	region   span
	rule     *ruleLayout // nil outside a Rule
	examples []span      // region of each Examples block, in order
}

// ruleLayout is the part of a Rule (or Feature) every scenario in it needs.
type ruleLayout struct {
	header     span // tags, keyword and description
	background span // its Background, if any
}

// newLayout lays out feature, whose file has n lines.
func newLayout(feature *messages.Feature, n int) *layout {
	l := &layout{
		scenarios: map[string]*placement{},
		steps:     map[string]*messages.Step{},
		lines:     map[int]bool{},
	}
	l.addChildren(&l.ruleLayout, feature.Children, span{1, n}, nil)
	return l
}

// addChildren lays out the children of a Feature or Rule (a Rule's as
// FeatureChild, without a Rule) whose region is given, its header and
// background into part; rule is the Rule's, nil for the Feature's.
func (l *layout) addChildren(part *ruleLayout, kids []*messages.FeatureChild, region span, rule *ruleLayout) {
	starts := make([]int, len(kids))
	for i, c := range kids {
		switch {
		case c.Background != nil:
			starts[i] = int(c.Background.Location.Line)
		case c.Rule != nil:
			starts[i] = start(c.Rule.Tags, c.Rule.Location)
		default:
			starts[i] = start(c.Scenario.Tags, c.Scenario.Location)
		}
	}
	part.header, part.background = span{region.from, end(starts, -1, region.to)}, span{1, 0}
	for i, c := range kids {
		r := span{starts[i], end(starts, i, region.to)}
		switch {
		case c.Background != nil:
			part.background = r
			l.addSteps(c.Background.Steps)
		case c.Rule != nil:
			rl := &ruleLayout{}
			ruleKids := make([]*messages.FeatureChild, len(c.Rule.Children))
			for j, rc := range c.Rule.Children {
				ruleKids[j] = &messages.FeatureChild{Background: rc.Background, Scenario: rc.Scenario}
			}
			l.addChildren(rl, ruleKids, r, rl)
		default:
			l.addScenario(c.Scenario, r, rule)
		}
	}
}

// addScenario lays out a Scenario or Scenario Outline whose region is given.
func (l *layout) addScenario(sc *messages.Scenario, region span, rule *ruleLayout) {
	p := &placement{scenario: sc, region: region, rule: rule}
	l.scenarios[sc.Id] = p
	l.order = append(l.order, sc)
	l.lines[int(sc.Location.Line)] = true
	l.addSteps(sc.Steps)
	starts := make([]int, len(sc.Examples))
	for i, ex := range sc.Examples {
		starts[i] = start(ex.Tags, ex.Location)
	}
	for i, ex := range sc.Examples {
		p.examples = append(p.examples, span{starts[i], end(starts, i, region.to)})
		for _, row := range ex.TableBody {
			l.lines[int(row.Location.Line)] = true
		}
	}
}

// addSteps indexes steps by AST id and notes the doc strings too long.
func (l *layout) addSteps(steps []*messages.Step) {
	for _, st := range steps {
		l.steps[st.Id] = st
		if ds := st.DocString; ds != nil && (len(ds.Content) > MaxDocStringSize || strings.Count(ds.Content, "\n")+1 > MaxDocStringLines) {
			l.long = append(l.long, ds)
		}
	}
}

// start is the first line of an element: its first tag, else its keyword.
func start(tags []*messages.Tag, keyword *messages.Location) int {
	if len(tags) > 0 {
		return int(tags[0].Location.Line)
	}
	return int(keyword.Line)
}

// end is the last line of the i-th of regions starting at starts, the last
// of which ends at last; i -1 is what comes before the first of them.
func end(starts []int, i, last int) int {
	if i+1 < len(starts) {
		return starts[i+1] - 1
	}
	return last
}
