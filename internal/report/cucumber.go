// WriteCucumber writes cucumber.json, the Cucumber JSON report that
// godog's own "cucumber" formatter writes, so the tools that read it
// (cucumber-html-reporter, Allure, Xray, ...) work unchanged after a switch
// from godog. The file covers the whole run, whatever order the scenarios
// ran in and on whichever worker, attempt or shard: features sorted by
// name as godog sorts them, scenarios in file order.
//
// What only the feature files know (descriptions, keywords, comments, tags
// with their lines, doc strings and tables, outline ids) comes from parsing
// them again; what happened (statuses, errors, durations, the matching step
// definition, attachments) from the result records. A feature file that
// can no longer be read is still written, from the records alone.

package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/jsonindent"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// CucumberFile is the report's file name in the reports directory.
const CucumberFile = "cucumber.json"

// Source returns the text of the feature file a scenario record names.
type Source func(uri string) ([]byte, error)

// FeatureFiles reads feature files from disk, uri relative to dir ("" for the
// working directory).
func FeatureFiles(dir string) Source {
	return func(uri string) ([]byte, error) {
		return atomicfile.ReadFile(filepath.Join(dir, filepath.FromSlash(uri)), discover.MaxFeatureSize)
	}
}

// readFeature reads the feature file uri from src with the parser discovery uses,
// its ids from newID; nil when there is no source or the file cannot be
// read or parsed any more.
func readFeature(src Source, uri string, newID func() string) ([]byte, *messages.GherkinDocument) {
	if src == nil {
		return nil, nil
	}
	data, err := src(uri)
	if err != nil {
		return nil, nil
	}
	doc, err := discover.ParseDocument(bytes.NewReader(data), newID)
	if err != nil || doc == nil || doc.Feature == nil {
		return nil, nil
	}
	doc.Uri = uri
	return data, doc
}

// picklesByLine compiles a document's pickles, ids from newID, and keys
// them by the line a scenario record has: the Scenario keyword's, or the
// Examples row's for a row of an outline.
func picklesByLine(doc *messages.GherkinDocument, ix docIndex, newID func() string) map[int]*messages.Pickle {
	pickles := map[int]*messages.Pickle{}
	for _, p := range gherkin.Pickles(*doc, doc.Uri, newID) {
		line := int(ix.scenarios[p.AstNodeIds[0]].Location.Line)
		if len(p.AstNodeIds) > 1 {
			line = int(ix.rows[p.AstNodeIds[1]].row.Location.Line)
		}
		pickles[line] = p
	}
	return pickles
}

// WriteCucumber writes v's run as Cucumber JSON, as godog v0.16.0 formats it.
// It builds and writes a feature at a time, never the whole document in
// memory: features are sorted by the name their records carry, the name
// of the feature they ran in.
func WriteCucumber(w io.Writer, v *view.View, src Source) error {
	features := view.ByFile(v.Run.Scenarios)
	slices.SortStableFunc(features, func(a, b []result.Scenario) int { return strings.Compare(a[0].Feature, b[0].Feature) })
	l := jsonindent.NewList(w, "    ", 0)
	for _, scs := range features {
		_, doc := readFeature(src, scs[0].File, (&messages.Incrementing{}).NewId)
		out, err := json.Marshal(feature(scs[0].File, doc, scs))
		if err != nil {
			return err
		}
		l.Add(out) // Close returns its error
	}
	if err := l.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// feature builds one feature from its parsed file (nil when it cannot be
// read any more: names, lines and results only) and its records.
func feature(uri string, doc *messages.GherkinDocument, scs []result.Scenario) featureJSON {
	f := featureJSON{URI: uri, Keyword: "Feature", Name: scs[0].Feature}
	var ix docIndex
	var pickles map[int]*messages.Pickle
	if doc != nil {
		ft := doc.Feature
		f = featureJSON{URI: uri, Keyword: ft.Keyword, Name: ft.Name, Description: ft.Description, Line: int(ft.Location.Line), Tags: tags(ft.Tags)}
		for _, c := range doc.Comments {
			f.Comments = append(f.Comments, commentJSON{Value: strings.TrimSpace(c.Text), Line: int(c.Location.Line)})
		}
		ix = index(doc)
		pickles = picklesByLine(doc, ix, (&messages.Incrementing{}).NewId)
	}
	f.ID = makeID(f.Name)
	for _, s := range scs {
		if p := pickles[s.Line]; p != nil {
			f.Elements = append(f.Elements, element(f, ix, p, s))
		} else {
			f.Elements = append(f.Elements, recordElement(f.ID, s))
		}
	}
	return f
}

// element is one pickle (a scenario or an outline row) with its results.
func element(f featureJSON, ix docIndex, p *messages.Pickle, s result.Scenario) elementJSON {
	sc := ix.scenarios[p.AstNodeIds[0]]
	e := elementJSON{Keyword: sc.Keyword, Name: p.Name, Description: sc.Description, Line: int(sc.Location.Line), Type: "scenario"}
	own := tags(sc.Tags)
	suffix := ""
	if len(p.AstNodeIds) > 1 {
		r := ix.rows[p.AstNodeIds[1]]
		own = append(own, tags(r.examples.Tags)...)
		suffix = fmt.Sprintf(";%s;%d", makeID(r.examples.Name), r.index+2)
		e.Line = int(r.row.Location.Line)
	}
	e.ID = f.ID + ";" + makeID(p.Name) + suffix
	e.Tags = append(slices.Clone(f.Tags), own...)
	for i, ps := range p.Steps {
		st := ix.steps[ps.AstNodeIds[0]]
		var rec result.Step
		if i < len(s.Steps) { // else skipped (fill)
			rec = s.Steps[i]
		}
		step := stepJSON{Keyword: st.Keyword, Name: ps.Text, Line: int(st.Location.Line), Match: matchJSON{Location: rec.Match}}
		if arg := ps.Argument; arg != nil {
			if arg.DocString != nil && st.DocString != nil {
				step.DocString = &docStringJSON{Value: arg.DocString.Content, ContentType: strings.TrimSpace(arg.DocString.MediaType),
					Line: int(st.DocString.Location.Line)}
			}
			if arg.DataTable != nil {
				for _, row := range arg.DataTable.Rows {
					cells := []string{}
					for _, c := range row.Cells {
						cells = append(cells, c.Value)
					}
					step.Rows = append(step.Rows, &rowJSON{Cells: cells})
				}
			}
		}
		fill(&step, rec, f.URI, s.Logs)
		e.Steps = append(e.Steps, step)
	}
	return e
}

// fill sets a step's result, its duration (only for passed and failed
// steps, as godog), match (the step's own line when no definition could
// run it), and its "output": the scenario's logs made while it ran, as
// cucumber-jvm and cucumber-ruby write what a step logs.
func fill(step *stepJSON, rec result.Step, uri string, logs []result.Log) {
	status := rec.Status
	if status == "" {
		status = result.Skipped
	}
	step.Result = resultJSON{Status: string(status), Error: rec.Error}
	if status == result.Passed || status == result.Failed {
		d := int(rec.Duration.Nanoseconds())
		step.Result.Duration = &d
	}
	switch status {
	case result.Undefined, result.Pending, result.Ambiguous:
		step.Match.Location = result.Loc{File: uri, Line: step.Line}.String()
	}
	for _, e := range rec.Embeddings {
		step.Embeddings = append(step.Embeddings, embeddingJSON{Name: e.Name, MimeType: e.MimeType, Data: e.Data})
	}
	for _, l := range logs {
		if l.Line == rec.Line && rec.Line > 0 {
			step.Output = append(step.Output, l.Text)
		}
	}
}

func recordElement(featureID string, s result.Scenario) elementJSON {
	e := elementJSON{ID: featureID + ";" + makeID(s.Name), Keyword: "Scenario", Name: s.Name, Line: s.Line, Type: "scenario"}
	for _, t := range s.Tags {
		e.Tags = append(e.Tags, tagJSON{Name: t})
	}
	for _, rec := range s.Steps {
		step := stepJSON{Keyword: rec.Keyword + " ", Name: rec.Text, Line: rec.Line, Match: matchJSON{Location: rec.Match}}
		fill(&step, rec, s.File, s.Logs)
		e.Steps = append(e.Steps, step)
	}
	return e
}

func tags(ts []*messages.Tag) []tagJSON {
	var out []tagJSON
	for _, t := range ts {
		out = append(out, tagJSON{Name: t.Name, Line: int(t.Location.Line)})
	}
	return out
}

// makeID is godog's id of a name: lower case, spaces as dashes.
func makeID(name string) string {
	return strings.ReplaceAll(strings.ToLower(name), " ", "-")
}

// docIndex finds a document's scenarios, example rows and steps by AST id.
type docIndex struct {
	scenarios map[string]*messages.Scenario
	rows      map[string]exampleRow
	steps     map[string]*messages.Step
}

type exampleRow struct {
	examples *messages.Examples
	row      *messages.TableRow
	index    int // in its Examples block
}

func index(doc *messages.GherkinDocument) docIndex {
	ix := docIndex{scenarios: map[string]*messages.Scenario{}, rows: map[string]exampleRow{}, steps: map[string]*messages.Step{}}
	addSteps := func(steps []*messages.Step) {
		for _, s := range steps {
			ix.steps[s.Id] = s
		}
	}
	addScenario := func(sc *messages.Scenario) {
		ix.scenarios[sc.Id] = sc
		addSteps(sc.Steps)
		for _, ex := range sc.Examples {
			for i, r := range ex.TableBody {
				ix.rows[r.Id] = exampleRow{examples: ex, row: r, index: i}
			}
		}
	}
	for _, c := range doc.Feature.Children {
		switch {
		case c.Background != nil:
			addSteps(c.Background.Steps)
		case c.Scenario != nil:
			addScenario(c.Scenario)
		case c.Rule != nil:
			for _, rc := range c.Rule.Children {
				if rc.Background != nil {
					addSteps(rc.Background.Steps)
				}
				if rc.Scenario != nil {
					addScenario(rc.Scenario)
				}
			}
		}
	}
	return ix
}
