package journal

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/mushbdd/mush/internal/atomicfile"
)

// Read returns the events of a journal. A last line cut off mid-write (the
// process died) is ignored, not an error; blank lines are skipped; any other
// malformed line is an error naming the line number, returned with the
// events before it.
func Read(r io.Reader) ([]Event, error) {
	br := bufio.NewReader(r)
	var events []Event
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return events, fmt.Errorf("journal: read: %w", err)
		}
		complete := err == nil // the line ends with its newline
		if len(bytes.TrimSpace(line)) > 0 {
			var ev Event
			err := json.Unmarshal(line, &ev)
			if err != nil && !complete {
				return events, nil // cut off mid-write
			}
			if err = cmp.Or(err, ev.check()); err != nil {
				return events, fmt.Errorf("journal: line %d: %w", n, err)
			}
			events = append(events, ev)
		}
		if !complete {
			return events, nil
		}
	}
}

// Last returns the last event of the journal at path, reading only its
// final tail bytes: how a supervisor learns that a run finished without
// parsing a journal that may hold tens of thousands of events. ok is false
// when the file is missing or empty, or its last line is cut off, longer
// than tail, or not an event.
func Last(path string, tail int64) (ev Event, ok bool) {
	f, err := atomicfile.Open(path, atomicfile.MaxRecordSize)
	if err != nil {
		return Event{}, false
	}
	defer f.Close()
	end := f.Size()
	if end == 0 {
		return Event{}, false
	}
	start := max(0, end-tail)
	buf := make([]byte, end-start)
	if _, err := f.ReadAt(buf, start); err != nil || buf[len(buf)-1] != '\n' {
		return Event{}, false
	}
	line := buf[:len(buf)-1]
	i := bytes.LastIndexByte(line, '\n')
	if i < 0 && start > 0 {
		return Event{}, false // the line began before the bytes read
	}
	if json.Unmarshal(line[i+1:], &ev) != nil || ev.check() != nil {
		return Event{}, false
	}
	return ev, true
}

// check reports an event that is well-formed JSON but not a journal event.
func (ev Event) check() error {
	switch ev.Kind {
	case KindStart:
		if ev.Location == "" {
			return errors.New("start event without a location")
		}
	case KindFinish:
		if ev.Scenario == nil {
			return errors.New("finish event without a scenario")
		}
	case KindPlan:
		if ev.Plan == nil {
			return errors.New("plan event without a plan")
		}
	case KindDone:
		if ev.Done == nil {
			return errors.New("done event without an exit code")
		}
	case KindNote:
	default:
		return fmt.Errorf("unknown event kind %q", ev.Kind)
	}
	return nil
}

// Fold reads the state of a run from its events. Finished holds one
// scenario per location, in the order each location first finished, with
// its last finish (a retried scenario's last attempt); Running the
// locations started but never finished since, in start order: the ones
// that were running when the process died.
func Fold(events []Event) State {
	var st State
	index := map[string]int{}   // location -> its position in st.Finished
	started := map[string]int{} // running location -> position of its start
	for i, ev := range events {
		switch ev.Kind {
		case KindPlan:
			st.Plan = ev.Plan
		case KindDone:
			st.Done = ev.Done
		case KindStart:
			if _, ok := started[ev.Location]; !ok {
				started[ev.Location] = i
			}
		case KindFinish:
			loc := ev.Location
			if ev.Scenario != nil {
				loc = ev.Scenario.Location()
				if j, ok := index[loc]; ok {
					st.Finished[j] = *ev.Scenario
				} else {
					index[loc] = len(st.Finished)
					st.Finished = append(st.Finished, *ev.Scenario)
				}
			}
			delete(started, loc)
		}
	}
	for loc := range started {
		st.Running = append(st.Running, loc)
	}
	slices.SortFunc(st.Running, func(a, b string) int { return started[a] - started[b] })
	return st
}

// Decode reads one journal line; an error when it is not an event (a
// worker process's stdout also carries what its steps print).
func Decode(line []byte) (Event, error) {
	var ev Event
	if err := json.Unmarshal(line, &ev); err != nil {
		return Event{}, err
	}
	return ev, ev.check()
}
