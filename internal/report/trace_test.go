package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/mushbdd/mush/internal/golden"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/sample"
	"github.com/mushbdd/mush/internal/view"
)

func TestTraceGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTrace(&b, view.New(sample.Run(), view.Options{})); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/trace.golden.json", b.Bytes())
}

// TestShape checks what Perfetto needs: complete events with a duration,
// a named thread for every worker, one event per scenario that ran.
func TestShape(t *testing.T) {
	run := sample.Run()
	second := run.Scenarios[0]
	second.Attempt, second.Worker, second.Name = 2, 1, "rerun after a crash"
	run.Scenarios = append(run.Scenarios, second)
	var b bytes.Buffer
	if err := WriteTrace(&b, view.New(run, view.Options{})); err != nil {
		t.Fatal(err)
	}
	var tr struct {
		TraceEvents []struct {
			Name string
			Ph   string
			Ts   int64
			Dur  *int64
			Pid  int
			Tid  int
			Args map[string]any
		}
	}
	if err := json.Unmarshal(b.Bytes(), &tr); err != nil {
		t.Fatal(err)
	}
	threads := map[[2]int]string{}
	scenarios := 0
	for _, e := range tr.TraceEvents {
		switch e.Ph {
		case "M":
			if e.Name == "thread_name" {
				threads[[2]int{e.Pid, e.Tid}] = e.Args["name"].(string)
			}
		case "X":
			if e.Dur == nil || *e.Dur <= 0 || e.Ts < 0 {
				t.Errorf("%s: ts %d dur %v", e.Name, e.Ts, e.Dur)
			}
			if e.Tid > 0 {
				scenarios++
				if threads[[2]int{e.Pid, e.Tid}] == "" {
					t.Errorf("%s: thread %d/%d has no name", e.Name, e.Pid, e.Tid)
				}
			}
		default:
			t.Errorf("unexpected phase %q", e.Ph)
		}
	}
	if scenarios != 5 {
		t.Errorf("%d scenario events, want 5 (4 in attempt 1, 1 in attempt 2)", scenarios)
	}
	if threads[[2]int{2, 1}] != "worker 1" || threads[[2]int{1, 0}] != "suite setup/teardown" {
		t.Errorf("threads %v", threads)
	}
	var sharded bytes.Buffer
	two := sample.Run()
	for i := range two.Scenarios {
		two.Scenarios[i].Shard = []string{"1/2", "2/2"}[i%2]
	}
	if err := WriteTrace(&sharded, view.New(two, view.Options{})); err != nil || !bytes.Contains(sharded.Bytes(), []byte(`"name": "mush shard 2/2"`)) {
		t.Errorf("merged shards are not processes of their own: %v\n%s", err, sharded.Bytes())
	}
	var empty bytes.Buffer
	if err := WriteTrace(&empty, view.New(result.Run{}, view.Options{})); err != nil || !bytes.Contains(empty.Bytes(), []byte(`"traceEvents": []`)) {
		t.Errorf("empty run: %v %s", err, empty.Bytes())
	}
}

// writeTrace, an event at a time, writes the bytes json.Encoder writes
// for the whole document with SetIndent("", " "): none, one and several
// events, nested and HTML-escaped arguments.
func TestWriteTraceAsTheEncoder(t *testing.T) {
	type trace struct {
		TraceEvents     []event `json:"traceEvents"`
		DisplayTimeUnit string  `json:"displayTimeUnit"`
	}
	d := int64(42)
	many := []event{
		meta("process_name", 1, 0, "name", "mush <shard> & \"1\""),
		meta("thread_sort_index", 1, 3, "sort_index", 3),
		{Name: "a › b", Cat: "failed", Ph: "X", Ts: 7, Dur: &d, Pid: 1, Tid: 3,
			Args: scenarioArgs{Location: "a.feature:3", Status: "failed", Step: "Then x", Error: "boom\t\"quoted\""}},
		{Name: "no args", Ph: "X", Dur: &d, Args: map[string]any{"list": []int{}, "nested": map[string]any{"k": []any{1, "two", nil}}}},
	}
	for _, evs := range [][]event{nil, many[:1], many} {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", " ")
		if err := enc.Encode(trace{TraceEvents: append([]event{}, evs...), DisplayTimeUnit: "ms"}); err != nil {
			t.Fatal(err)
		}
		if err := writeTrace(&got, evs); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%d events:\ngot:\n%s\nwant:\n%s", len(evs), got.String(), want.String())
		}
	}
}
