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
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/jsonindent"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// CucumberFile is the report's file name in the reports directory.
const CucumberFile = "cucumber.json"

// WriteCucumber writes v's run as Cucumber JSON, as godog v0.16.0 formats it.
// It builds and writes a feature at a time, never the whole document in
// memory: features are sorted by the name their records carry, the name
// of the feature they ran in.
func WriteCucumber(w io.Writer, v *view.View, src Source) error {
	return writeCucumber(w, featureFiles(v, src, &messages.Incrementing{}))
}

// writeCucumber writes the features of files, in their order.
func writeCucumber(w io.Writer, files iter.Seq[*featureFile]) error {
	l := jsonindent.NewList(w, "    ", 0)
	for f := range files {
		out, err := json.Marshal(feature(f))
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

// feature builds one feature from its parsed file (without a document:
// names, lines and results only, from the records).
func feature(ff *featureFile) featureJSON {
	scs := ff.records
	f := featureJSON{URI: ff.uri, Keyword: "Feature", Name: scs[0].Feature}
	if doc := ff.doc; doc != nil {
		ft := doc.Feature
		f = featureJSON{URI: ff.uri, Keyword: ft.Keyword, Name: ft.Name, Description: ft.Description, Line: int(ft.Location.Line), Tags: tags(ft.Tags)}
		for _, c := range doc.Comments {
			f.Comments = append(f.Comments, commentJSON{Value: strings.TrimSpace(c.Text), Line: int(c.Location.Line)})
		}
	}
	f.ID = makeID(f.Name)
	for _, s := range scs {
		if p := ff.pickles[s.Line]; p != nil {
			f.Elements = append(f.Elements, element(f, ff.ix, p, s))
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
