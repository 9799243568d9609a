package journal

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/result"
)

// The protocol between a feature runner and the supervisor that started it
// is the journal itself: the runner writes a plan event first, a start and a
// finish event per scenario, and a done event last, after its summary and
// reports. A journal without the done event belongs to a process that died.
// Neither side imports the other; both import this package.

// Plan is what a feature runner selected, in file order, with how it will
// run them. The runner writes it before the first scenario.
type Plan struct {
	Seed    int64  `json:"seed,omitempty"`
	Workers int    `json:"workers"`
	Order   string `json:"order,omitempty"`
	// Scenarios are result records without a verdict: who each one is.
	Scenarios []result.Scenario `json:"scenarios"`
	// Queue is the order in which to hand the scenarios out, as indices
	// into Scenarios: written by a worker process of process mode, whose
	// supervisor feeds the scenarios in it.
	Queue []int `json:"queue,omitempty"`
	// Definitions are the suite's step definitions and Complete says the
	// selection is the whole suite (result.Run's fields of the same
	// names): a supervisor's reports give the step usage from them.
	Definitions []result.Definition `json:"definitions,omitempty"`
	Complete    bool                `json:"complete,omitempty"`
}

// Done is the last event of a run that finished.
type Done struct {
	// Code is the runner's exit code; Closing its closing line without
	// colour ("3 passed, 1 failed"), which the supervisor hands on.
	Code    int    `json:"code"`
	Closing string `json:"closing,omitempty"`
	// Handover is set when the run stopped after a scenario timed out and
	// leaves the scenarios it did not start to a fresh process: the stuck
	// goroutine cannot be killed, so its supervisor replaces the runner.
	// Such a runner prints no summary; its journal and results.json hold
	// only the scenarios it ran.
	Handover bool `json:"handover,omitempty"`
	// Diagnose is set when the run had scenarios side by side and failures
	// that its supervisor runs again alone (BDD_ALONE) before it prints the
	// summary and writes the reports again: such a runner prints no
	// summary; its results.json holds the whole run.
	Diagnose bool `json:"diagnose,omitempty"`
}

// Plan records what the run will do; it is the journal's first event. Its
// scenarios are encoded one at a time, the same bytes as json.Marshal of
// the whole event: a single json.Marshal would leave its buffer (8 MB at
// 20,000 scenarios) in encoding/json's pool of encoders, which every
// finish event takes again, so it would stay on the heap all run.
func (w *Writer) Plan(p Plan, t time.Time) error {
	all := p
	p.Scenarios = []result.Scenario{}
	head, err := json.Marshal(Event{Kind: KindPlan, Time: t.UTC(), Plan: &p})
	if err != nil || all.Scenarios == nil { // null, not []
		return w.write(Event{Kind: KindPlan, Time: t, Plan: &all})
	}
	// "scenarios":[] is the key's, not inside a string: a string's quotes are escaped.
	const empty = `"scenarios":[]`
	cut := bytes.Index(head, []byte(empty)) + len(empty) - 1
	line := append([]byte(nil), head[:cut]...)
	for i, s := range all.Scenarios {
		b, err := s.MarshalJSON()
		if err != nil { // the error json.Marshal gives
			return w.write(Event{Kind: KindPlan, Time: t, Plan: &all})
		}
		if i > 0 {
			line = append(line, ',')
		}
		line = append(line, b...)
	}
	line = append(line, head[cut:]...)
	return w.writeLine(KindPlan, append(line, '\n'))
}

// Done records that the run finished; it is the journal's last event.
func (w *Writer) Done(d Done, t time.Time) error {
	return w.write(Event{Kind: KindDone, Time: t, Done: &d})
}

// State is what a journal says about its run.
type State struct {
	Plan *Plan // nil: the run selected nothing (or is not a mush runner)
	Done *Done // nil: the run did not finish (the process died)
	// Finished and Running: see Fold.
	Finished []result.Scenario
	Running  []string
}

// ReadState reads the whole journal at path: a missing file says nothing,
// a malformed line keeps what came before it.
func ReadState(path string) State {
	f, err := atomicfile.Open(path, atomicfile.MaxRecordSize)
	if err != nil {
		return State{}
	}
	defer f.Close()
	events, _ := Read(f)
	return Fold(events)
}

// Finished reads only the last line of the journal at path: the done event
// of a run that finished, how a supervisor tells a finished run from a dead
// process without parsing the whole journal.
func Finished(path string) (Done, bool) {
	ev, ok := Last(path, 4<<10)
	if !ok || ev.Kind != KindDone {
		return Done{}, false
	}
	return *ev.Done, true
}
