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
	header     span                      // before the Feature's first child
	background span                      // the Feature's Background, if any
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

// ruleLayout is the part of a Rule every scenario in it needs.
type ruleLayout struct {
	header     span // tags, keyword and description
	background span // the Rule's Background, if any
}

// newLayout lays out feature, whose file has n lines.
func newLayout(feature *messages.Feature, n int) *layout {
	l := &layout{
		background: span{1, 0},
		scenarios:  map[string]*placement{},
		steps:      map[string]*messages.Step{},
		lines:      map[int]bool{},
	}
	starts := make([]int, len(feature.Children))
	for i, c := range feature.Children {
		starts[i] = featureChildStart(c)
	}
	l.header = span{1, before(starts, n)}
	for i, c := range feature.Children {
		region := span{starts[i], end(starts, i, n)}
		switch {
		case c.Background != nil:
			l.background = region
			l.addSteps(c.Background.Steps)
		case c.Rule != nil:
			l.addRule(c.Rule, region)
		default:
			l.addScenario(c.Scenario, region, nil)
		}
	}
	return l
}

// addRule lays out a Rule whose region is given.
func (l *layout) addRule(rule *messages.Rule, region span) {
	starts := make([]int, len(rule.Children))
	for i, c := range rule.Children {
		starts[i] = ruleChildStart(c)
	}
	rl := &ruleLayout{header: span{region.from, before(starts, region.to)}, background: span{1, 0}}
	for i, c := range rule.Children {
		child := span{starts[i], end(starts, i, region.to)}
		if c.Background != nil {
			rl.background = child
			l.addSteps(c.Background.Steps)
			continue
		}
		l.addScenario(c.Scenario, child, rl)
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

// featureChildStart is the first line of a Feature child's region.
func featureChildStart(c *messages.FeatureChild) int {
	switch {
	case c.Background != nil:
		return int(c.Background.Location.Line)
	case c.Rule != nil:
		return start(c.Rule.Tags, c.Rule.Location)
	}
	return start(c.Scenario.Tags, c.Scenario.Location)
}

// ruleChildStart is the first line of a Rule child's region.
func ruleChildStart(c *messages.RuleChild) int {
	if c.Background != nil {
		return int(c.Background.Location.Line)
	}
	return start(c.Scenario.Tags, c.Scenario.Location)
}

// start is the first line of an element: its first tag, else its keyword.
func start(tags []*messages.Tag, keyword *messages.Location) int {
	if len(tags) > 0 {
		return int(tags[0].Location.Line)
	}
	return int(keyword.Line)
}

// end is the last line of the i-th of regions starting at starts, the last
// of which ends at last.
func end(starts []int, i, last int) int {
	if i+1 < len(starts) {
		return starts[i+1] - 1
	}
	return last
}

// before is the line before the first of starts, or last if there is none.
func before(starts []int, last int) int {
	if len(starts) > 0 {
		return starts[0] - 1
	}
	return last
}
