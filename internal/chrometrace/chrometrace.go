// Package chrometrace writes trace.json, a run in the Chrome trace event
// format that Perfetto (ui.perfetto.dev) and chrome://tracing open: one
// process per attempt, one thread per worker, one complete event per
// scenario, and the suite setup and teardown on a thread of their own.
//
// Write reads no clock: times are microseconds from the timeline's origin.
package chrometrace

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/timeline"
)

// File is the trace's file name in the reports directory.
const File = "trace.json"

type trace struct {
	TraceEvents     []event `json:"traceEvents"`
	DisplayTimeUnit string  `json:"displayTimeUnit"`
}

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

type nameArgs struct {
	Name string `json:"name"`
}

type sortArgs struct {
	SortIndex int `json:"sort_index"`
}

type scenarioArgs struct {
	Location string `json:"location"`
	Status   string `json:"status"`
	Step     string `json:"failed_step,omitempty"`
	Error    string `json:"error,omitempty"`
}

// suiteTid is the thread of suite setup and teardown (workers count from 1).
const suiteTid = 0

// Write writes run's trace.
func Write(w io.Writer, run result.Run) error {
	t := timeline.Of(run)
	evs := []event{}
	procs := map[int]bool{}
	for _, l := range t.Lanes {
		pid := max(l.Attempt, 1)
		if !procs[pid] {
			procs[pid] = true
			name := "mush"
			if t.Attempts > 1 {
				name = "mush attempt " + strconv.Itoa(pid)
			}
			evs = append(evs, meta("process_name", pid, 0, nameArgs{name}))
			if len(t.Spans) > 0 && pid == max(t.Lanes[0].Attempt, 1) {
				evs = append(evs, meta("thread_name", pid, suiteTid, nameArgs{"suite setup/teardown"}))
			}
		}
		evs = append(evs, meta("thread_name", pid, l.Worker, nameArgs{"worker " + strconv.Itoa(l.Worker)}),
			meta("thread_sort_index", pid, l.Worker, sortArgs{l.Worker}))
	}
	if len(t.Lanes) > 0 {
		pid := max(t.Lanes[0].Attempt, 1)
		for _, s := range t.Spans {
			evs = append(evs, complete("suite "+s.Name, "suite", s.Offset, s.Length, pid, suiteTid, nil))
		}
	}
	for _, l := range t.Lanes {
		for _, b := range l.Bars {
			s := b.Scenario
			head, _, _ := strings.Cut(s.Error, "\n")
			evs = append(evs, complete(s.Feature+" › "+s.Name, string(s.Status), b.Offset, s.Duration,
				max(l.Attempt, 1), l.Worker, scenarioArgs{Location: s.Location(), Status: string(s.Status), Step: s.FailedStep, Error: head}))
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(trace{TraceEvents: evs, DisplayTimeUnit: "ms"})
}

func meta(name string, pid, tid int, args any) event {
	return event{Name: name, Ph: "M", Pid: pid, Tid: tid, Args: args}
}

func complete(name, cat string, at, length time.Duration, pid, tid int, args any) event {
	d := length.Microseconds()
	return event{Name: name, Cat: cat, Ph: "X", Ts: at.Microseconds(), Dur: &d, Pid: pid, Tid: tid, Args: args}
}
