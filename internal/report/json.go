package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/jsonindent"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// JSONVersion is the version of the results file format; WriteJSON writes
// it and ReadJSON refuses any other.
const JSONVersion = 1

type jsonHeader struct {
	Version int            `json:"version"`
	Counts  map[string]int `json:"counts"`
}

// WriteJSON writes run as an indented JSON object: "version", "counts" (one
// entry per status, "total" and "flaky" (passed on a retry, also counted
// as passed), counted in scenarios), then the fields of
// result.Run with the scenarios in file order and all times in UTC.
func WriteJSON(w io.Writer, v *view.View) error {
	run := v.Run
	run.Started = run.Started.UTC()
	counts := map[string]int{"total": len(run.Scenarios), "flaky": len(v.Flaky)}
	for _, st := range view.Statuses { // every key, whichever statuses occurred
		counts[string(st)] = 0
	}
	for st, n := range v.Counts {
		counts[string(st)] = n
	}
	// The document is indented without its scenarios, which are then
	// indented one at a time where the empty list was: the same bytes as
	// json.Indent of the whole document, without the whole document in
	// memory three times (compact, spliced and indented).
	scs := run.Scenarios
	if len(scs) > 0 {
		run.Scenarios = []result.Scenario{}
	}
	head, herr := json.Marshal(jsonHeader{Version: JSONVersion, Counts: counts})
	body, berr := run.MarshalJSON() // not json.Marshal: it would re-scan the whole document
	if err := errors.Join(herr, berr); err != nil {
		return fmt.Errorf("report: encode results: %w", err)
	}
	// Splice the run's fields in after the header's: {"version":1,...,<run>}.
	doc := append(head[:len(head)-1:len(head)-1], ',')
	doc = append(doc, body[1:]...)
	page := append(jsonindent.Append(nil, doc, "", "  "), '\n')
	var after []byte
	if len(scs) > 0 {
		const empty = "\n  \"scenarios\": []"                   // the first key at depth 1 after "counts"
		at := bytes.Index(page, []byte(empty)) + len(empty) - 2 // at the list's "["
		page, after = page[:at], page[at+2:]
	}
	_, err := w.Write(page)
	if len(scs) > 0 && err == nil { // the scenarios, an element at a time
		l := jsonindent.NewList(w, "  ", 1)
		for _, s := range scs {
			s.Start = s.Start.UTC()
			b, err := s.MarshalJSON() // not json.Marshal: it would re-scan b
			if err != nil {
				return fmt.Errorf("report: encode results: %w", err)
			}
			l.Add(b) // Close returns its error
		}
		if err = l.Close(); err == nil {
			_, err = w.Write(after)
		}
	}
	if err != nil {
		return fmt.Errorf("report: write results: %w", err)
	}
	return nil
}

// ReadJSON reads a results file written by WriteJSON. Durations come back
// to the nanosecond.
func ReadJSON(r io.Reader) (result.Run, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return result.Run{}, fmt.Errorf("report: read results: %w", err)
	}
	var head struct { // the version alone: the run is decoded once, below
		Version int `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return result.Run{}, fmt.Errorf("report: decode results: %w", err)
	}
	if head.Version != JSONVersion {
		return result.Run{}, fmt.Errorf("report: unsupported results version %d (want %d)", head.Version, JSONVersion)
	}
	var run result.Run
	if err := json.Unmarshal(data, &run); errors.Is(err, result.ErrRange) {
		return result.Run{}, fmt.Errorf("report: results: %w", err)
	} else if err != nil {
		return result.Run{}, fmt.Errorf("report: decode results: %w", err)
	}
	return run, nil
}

// ReadFile reads the results file at path (see ReadJSON).
func ReadFile(path string) (result.Run, error) {
	f, err := atomicfile.Open(path, atomicfile.MaxRecordSize)
	if err != nil {
		return result.Run{}, err
	}
	defer f.Close()
	return ReadJSON(f)
}
