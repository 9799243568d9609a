package chrometrace

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/mushbdd/mush/internal/golden"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/sample"
)

func TestGolden(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sample.Run()); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/trace.golden.json", b.Bytes())
}

// TestShape checks what Perfetto needs: complete events with a duration,
// a named thread for every worker, one event per scenario that ran.
func TestShape(t *testing.T) {
	run := sample.Run()
	second := run.Scenarios[1]
	second.Attempt, second.Worker, second.Name = 2, 1, "rerun after a crash"
	run.Scenarios = append(run.Scenarios, second)
	var b bytes.Buffer
	if err := Write(&b, run); err != nil {
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
	if err := Write(&sharded, two); err != nil || !bytes.Contains(sharded.Bytes(), []byte(`"name": "mush shard 2/2"`)) {
		t.Errorf("merged shards are not processes of their own: %v\n%s", err, sharded.Bytes())
	}
	var empty bytes.Buffer
	if err := Write(&empty, result.Run{}); err != nil || !bytes.Contains(empty.Bytes(), []byte(`"traceEvents": []`)) {
		t.Errorf("empty run: %v %s", err, empty.Bytes())
	}
}
