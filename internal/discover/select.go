package discover

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/result"
)

// addTarget selects the scenarios of one feature file.
func (f *finder) addTarget(t target) {
	ff, abs := f.file(t.file)
	if ff == nil {
		return
	}
	if t.hasLine && !ff.layout.lines[t.line] {
		f.problems = append(f.problems, badLine(t, ff.layout))
		return
	}
	for _, p := range ff.pickles {
		if !t.hasLine || ff.layout.at(p, t.line) {
			f.addPickle(ff, t.file, abs, p)
		}
	}
}

// file returns the parsed feature file at path, loading it on first use,
// and its absolute path; it is nil if the file is broken.
func (f *finder) file(path string) (*featureFile, string) {
	abs, err := filepath.Abs(path) // to tell files apart however they were reached
	if err != nil {
		abs = path
	}
	ff, ok := f.files[abs]
	if ok {
		return ff, abs
	}
	ff, problems := f.load(path)
	f.files[abs] = ff
	f.problems = append(f.problems, problems...)
	if ff != nil {
		f.reached = append(f.reached, ff)
		f.warnings = append(f.warnings, ff.warnings()...)
	}
	return ff, abs
}

// addPickle adds p, reached as file, unless the tag expression leaves it
// out or it was found before.
func (f *finder) addPickle(ff *featureFile, file, abs string, p *messages.Pickle) {
	sc := ff.scenario(file, p)
	key := result.Loc{File: abs, Line: sc.Line}.String()
	if f.seen[key] || !f.expr.Match(sc.Tags) {
		return
	}
	f.seen[key] = true
	sc.Steps, sc.Content = ff.layout.pickleSteps(p), ff.content(p)
	f.found = append(f.found, sc)
}

// at reports whether line selects p: it is the line of p's Scenario or
// Scenario Outline keyword, or of p's Examples row.
func (l *layout) at(p *messages.Pickle, line int) bool {
	sc := l.scenarios[p.AstNodeIds[0]].scenario
	return int(sc.Location.Line) == line || int(p.Location.Line) == line
}

// badLine describes a LINE that selects nothing in t's file.
func badLine(t target, l *layout) string {
	starts := make([]string, len(l.order))
	for i, sc := range l.order {
		starts[i] = strconv.FormatInt(sc.Location.Line, 10)
	}
	var where string
	switch len(starts) {
	case 0:
		where = "this file has no scenarios"
	case 1:
		where = "the scenario starts at line " + starts[0]
	default:
		where = "scenarios start at lines " + strings.Join(starts, ", ")
	}
	return fmt.Sprintf("%s:%d: line %d is not a Scenario, Scenario Outline or Examples row (%s)",
		t.file, t.line, t.line, where)
}

// scenario describes pickle p of ff, reached as file, without its Steps
// and Content.
func (ff *featureFile) scenario(file string, p *messages.Pickle) Scenario {
	return Scenario{
		Feature: ff.doc.Feature.Name, Name: p.Name, Tags: pickleTags(p),
		File: file, Line: int(p.Location.Line),
	}
}

// pickleSteps describes the steps of p with the lines of their AST steps.
func (l *layout) pickleSteps(p *messages.Pickle) []Step {
	steps := make([]Step, len(p.Steps))
	for i, ps := range p.Steps {
		st := l.steps[ps.AstNodeIds[0]]
		steps[i] = Step{Keyword: strings.TrimSpace(st.Keyword), Text: ps.Text, Line: int(st.Location.Line), Type: ps.Type, Arg: ps.Argument}
	}
	return steps
}

// pickleTags returns the tag names of p, e.g. "@wip".
func pickleTags(p *messages.Pickle) []string {
	tags := make([]string, len(p.Tags))
	for i, t := range p.Tags {
		tags[i] = t.Name
	}
	return tags
}
