// WriteTrace writes trace.json, a run in the Chrome trace event
// format that Perfetto (ui.perfetto.dev) and chrome://tracing open: one
// process per attempt (and shard), one thread per worker, one complete event per
// scenario, and the suite setup and teardown on a thread of their own.
//
// WriteTrace reads no clock: times are microseconds from the timeline's origin.

package report

import (
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/mushbdd/mush/internal/jsonindent"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// TraceFile is the trace's file name in the reports directory.
const TraceFile = "trace.json"

type event struct {
	Name string `json:"name"`
	Cat  string `json:"cat,omitempty"`
	Ph   string `json:"ph"`
	Ts   int64  `json:"ts"`
	Dur  *int64 `json:"dur,omitempty"`
	Pid  int    `json:"pid"`
	Tid  int    `json:"tid"`
	Args any    `json:"args,omitempty"`
}

type scenarioArgs struct {
	Location string `json:"location"`
	Status   string `json:"status"`
	Step     string `json:"failed_step,omitempty"`
	Error    string `json:"error,omitempty"`
}

// suiteTid is the thread of suite setup and teardown (workers count from 1).
const suiteTid = 0

// WriteTrace writes the trace of v's timeline.
func WriteTrace(w io.Writer, v *view.View) error {
	t := &v.Timeline
	evs := []event{}
	// One process per attempt (per shard and attempt in merged shards),
	// numbered in lane order: the first attempt is pid 1.
	type proc struct {
		shard   string
		attempt int
	}
	pids := map[proc]int{}
	for _, l := range t.Lanes {
		k := proc{l.Shard, l.Attempt}
		if _, ok := pids[k]; !ok {
			pids[k] = len(pids) + 1
			name := "mush"
			if l.Shard != "" {
				name += " shard " + l.Shard
			}
			if t.Attempts > 1 {
				name += " attempt " + strconv.Itoa(max(l.Attempt, 1))
			}
			evs = append(evs, meta("process_name", pids[k], 0, "name", name))
			if len(t.Spans) > 0 && pids[k] == 1 {
				evs = append(evs, meta("thread_name", 1, suiteTid, "name", "suite setup/teardown"))
			}
		}
		evs = append(evs, meta("thread_name", pids[k], l.Worker, "name", "worker "+strconv.Itoa(l.Worker)),
			meta("thread_sort_index", pids[k], l.Worker, "sort_index", l.Worker))
	}
	if len(t.Lanes) > 0 {
		for _, s := range t.Spans {
			evs = append(evs, complete("suite "+s.Name, "suite", s.Offset, s.Length, 1, suiteTid, nil))
		}
	}
	for _, l := range t.Lanes {
		for _, b := range l.Bars {
			s := b.Scenario
			evs = append(evs, complete(s.Feature+" › "+s.Name, string(s.Status), b.Offset, s.Duration,
				pids[proc{l.Shard, l.Attempt}], l.Worker, scenarioArgs{Location: s.Location(), Status: string(s.Status), Step: s.FailedStep, Error: result.FirstLine(s.Error)}))
		}
	}
	return writeTrace(w, evs)
}

// writeTrace writes the trace document as json.Encoder with
// SetIndent("", " ") lays it out, an event at a time: the encoded trace is
// never whole in memory (on 20,000 scenarios the encoder's buffer made
// trace.json the largest of the reports in memory).
func writeTrace(w io.Writer, evs []event) error {
	if _, err := io.WriteString(w, "{\n \"traceEvents\": "); err != nil {
		return err
	}
	l := jsonindent.NewList(w, " ", 1)
	for _, e := range evs {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		l.Add(b) // Close returns its error
	}
	if err := l.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, ",\n \"displayTimeUnit\": \"ms\"\n}\n")
	return err
}

// meta is a metadata event; its one argument is key: value.
func meta(name string, pid, tid int, key string, value any) event {
	return event{Name: name, Ph: "M", Pid: pid, Tid: tid, Args: map[string]any{key: value}}
}

func complete(name, cat string, at, length time.Duration, pid, tid int, args any) event {
	d := length.Microseconds()
	return event{Name: name, Cat: cat, Ph: "X", Ts: at.Microseconds(), Dur: &d, Pid: pid, Tid: tid, Args: args}
}
