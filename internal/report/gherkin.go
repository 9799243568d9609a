package report

import (
	"bytes"
	"iter"
	"path/filepath"
	"slices"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// Source returns the text of the feature file a scenario record names.
type Source func(uri string) ([]byte, error)

// FeatureFiles reads feature files from disk, uri relative to dir ("" for the
// working directory).
func FeatureFiles(dir string) Source {
	return func(uri string) ([]byte, error) {
		return atomicfile.ReadFile(filepath.Join(dir, filepath.FromSlash(uri)), discover.MaxFeatureSize)
	}
}

// featureFile is one feature file of the run as the two Cucumber reports
// read it: its scenario records and, when it can still be read and
// parsed, its text, document, index and pickles (by the line a record
// has). Both reports only read it, side by side (WriteAll).
type featureFile struct {
	uri     string
	records []result.Scenario
	data    []byte
	doc     *messages.GherkinDocument // nil: written from the records alone
	ix      docIndex
	pickles map[int]*messages.Pickle
	// own is each record's pickle in messages.ndjson: its file's, or one
	// made from the record (recordPickle) when the file no longer holds it
	// with the record's steps.
	own []*messages.Pickle
}

// featureFiles parses the run's feature files once each, features sorted
// by the name their records carry, as godog sorts them (file order among
// equals), scenarios in file order. Every id (documents, pickles, the
// pickles made from records) comes from ids in that order, so that
// messages.ndjson, which goes on drawing from ids once the files are
// done, names each thing once and the same in every run.
func featureFiles(v *view.View, src Source, ids *messages.Incrementing) iter.Seq[*featureFile] {
	files := view.ByFile(v.Run.Scenarios)
	slices.SortStableFunc(files, func(a, b []result.Scenario) int { return strings.Compare(a[0].Feature, b[0].Feature) })
	return func(yield func(*featureFile) bool) {
		for _, records := range files {
			if !yield(parseFeature(src, records, ids.NewId)) {
				return
			}
		}
	}
}

// parseFeature reads and parses the file of records from src, ids from
// newID.
func parseFeature(src Source, records []result.Scenario, newID func() string) *featureFile {
	f := &featureFile{uri: records[0].File, records: records, own: make([]*messages.Pickle, len(records))}
	f.data, f.doc = readFeature(src, f.uri, newID)
	if f.doc != nil {
		f.ix = index(f.doc)
		f.pickles = picklesByLine(f.doc, f.ix, newID)
	}
	for i, s := range records {
		p := f.pickles[s.Line]
		if p == nil || len(p.Steps) != len(s.Steps) {
			p = recordPickle(s, newID)
		}
		f.own[i] = p
	}
	return f
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

// recordPickle is the pickle of a scenario whose file cannot be read any
// more (or no longer holds it): its name, tags and steps from the record.
func recordPickle(s result.Scenario, newID func() string) *messages.Pickle {
	p := &messages.Pickle{Uri: s.File, Name: s.Name, Language: "en", Location: &messages.Location{Line: int64(s.Line)},
		Steps: []*messages.PickleStep{}, Tags: []*messages.PickleTag{}, AstNodeIds: []string{}}
	for _, st := range s.Steps {
		p.Steps = append(p.Steps, &messages.PickleStep{Id: newID(), Text: st.Text, AstNodeIds: []string{}})
	}
	for _, t := range s.Tags {
		p.Tags = append(p.Tags, &messages.PickleTag{Name: t})
	}
	p.Id = newID()
	return p
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

// share runs the two consumers of one sequence side by side, each seeing
// every element, the sequence walked once (on its own goroutine) at most
// ahead elements ahead of the slower one. A consumer that returns early
// (a failed write) no longer holds the other back.
func share[T any](seq iter.Seq[T], ahead int, a, b func(iter.Seq[T])) {
	chans := [2]chan T{make(chan T, ahead), make(chan T, ahead)}
	go func() {
		defer close(chans[0])
		defer close(chans[1])
		for x := range seq {
			chans[0] <- x
			chans[1] <- x
		}
	}()
	consume := func(ch chan T, f func(iter.Seq[T])) {
		defer func() {
			for range ch { // what f left, so the walk goes on
			}
		}()
		f(func(yield func(T) bool) {
			for x := range ch {
				if !yield(x) {
					return
				}
			}
		})
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		consume(chans[1], b)
	}()
	consume(chans[0], a)
	<-done
}
