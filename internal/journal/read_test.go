package journal

import (
	"errors"
	"io"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/mushbdd/mush/internal/fixtures/hostilefile"
	"github.com/mushbdd/mush/internal/result"
)

const (
	start  = `{"kind":"start","time":"2025-03-14T09:26:53Z","location":"a.feature:3","worker":1}`
	finish = `{"kind":"finish","time":"2025-03-14T09:26:54Z","location":"a.feature:3","scenario":{"file":"a.feature","line":3,"status":"passed","start":"2025-03-14T09:26:53Z","duration_s":1}}`
	note   = `{"kind":"note","time":"2025-03-14T09:26:55Z","note":"done"}`
)

func TestRead(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    []string // kinds of the events read
		wantErr string
	}{
		{"empty", "", nil, ""},
		{"whole journal", start + "\n" + finish + "\n" + note + "\n", []string{"start", "finish", "note"}, ""},
		{"last line without newline but whole", start + "\n" + note, []string{"start", "note"}, ""},
		{"last line cut off", start + "\n" + finish[:60], []string{"start"}, ""},
		{"last line cut off to one byte", start + "\n{", []string{"start"}, ""},
		{"last line is zeroes after a crash", start + "\n\x00\x00\x00", []string{"start"}, ""},
		{"blank lines skipped", "\n" + start + "\n  \n" + note + "\n\n", []string{"start", "note"}, ""},
		{"malformed middle line", start + "\n" + finish[:60] + "\n" + note + "\n", []string{"start"}, "journal: line 2: "},
		{"malformed last line with its newline", start + "\n" + "{oops}\n", []string{"start"}, "journal: line 2: "},
		{"unknown kind", start + "\n" + note + "\n" + `{"kind":"stop"}` + "\n", []string{"start", "note"}, `journal: line 3: unknown event kind "stop"`},
		{"null", "null\n", nil, `journal: line 1: unknown event kind ""`},
		{"start without location", `{"kind":"start"}` + "\n", nil, "journal: line 1: start event without a location"},
		{"finish without scenario", `{"kind":"finish","location":"a:1"}` + "\n", nil, "journal: line 1: finish event without a scenario"},
		{"whole last line that is not an event", start + "\n" + `{"kind":"start"}`, []string{"start"}, "journal: line 2: start event without a location"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := Read(strings.NewReader(tt.input))
			var kinds []string
			for _, ev := range events {
				kinds = append(kinds, ev.Kind)
			}
			if !reflect.DeepEqual(kinds, tt.want) {
				t.Errorf("events %q, want %q", kinds, tt.want)
			}
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.wantErr)) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestReadFields(t *testing.T) {
	events, err := Read(strings.NewReader(finish + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Event{Kind: KindFinish, Time: t0.Add(time.Second), Location: "a.feature:3", Scenario: &result.Scenario{
		File: "a.feature", Line: 3, Status: result.Passed, Start: t0, Duration: time.Second}}
	if len(events) != 1 || !reflect.DeepEqual(events[0], want) {
		t.Errorf("events %+v, want %+v", events, want)
	}
}

func TestReadError(t *testing.T) {
	errDisk := errors.New("disk gone")
	events, err := Read(io.MultiReader(strings.NewReader(start+"\n"), iotest.ErrReader(errDisk)))
	if !errors.Is(err, errDisk) || !strings.HasPrefix(err.Error(), "journal: read: ") || len(events) != 1 {
		t.Errorf("Read = %d events, %v; want 1 event and the reader's error", len(events), err)
	}
}

func TestReplay(t *testing.T) {
	at := func(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }
	sc := func(loc string, attempt int, st result.Status) *result.Scenario {
		file, line, _ := strings.Cut(loc, ":")
		n, _ := strconv.Atoi(line)
		return &result.Scenario{File: file, Line: n, Attempt: attempt, Status: st}
	}
	startEv := func(loc string) Event { return Event{Kind: KindStart, Location: loc, Time: at(0)} }
	finishEv := func(s *result.Scenario) Event { return Event{Kind: KindFinish, Location: s.Location(), Scenario: s} }
	tests := []struct {
		name         string
		events       []Event
		wantFinished []string // location/attempt/status
		wantRunning  []string
	}{
		{"nothing", nil, nil, nil},
		{"all finished", []Event{
			startEv("a:1"), startEv("a:5"), finishEv(sc("a:5", 1, result.Passed)), finishEv(sc("a:1", 1, result.Failed)),
		}, []string{"a:5/1/passed", "a:1/1/failed"}, nil},
		{"died while running two, in start order", []Event{
			startEv("b:9"), startEv("a:1"), startEv("c:2"), finishEv(sc("a:1", 1, result.Passed)),
			{Kind: KindNote, Note: "x"}, startEv("a:3"),
		}, []string{"a:1/1/passed"}, []string{"b:9", "c:2", "a:3"}},
		{"last finish wins, in first-finish order", []Event{
			startEv("a:1"), finishEv(sc("a:1", 1, result.Failed)),
			startEv("a:2"), finishEv(sc("a:2", 1, result.Passed)),
			startEv("a:1"), finishEv(sc("a:1", 2, result.Passed)),
		}, []string{"a:1/2/passed", "a:2/1/passed"}, nil},
		{"retry started again and died", []Event{
			startEv("a:1"), finishEv(sc("a:1", 1, result.Crashed)), startEv("a:1"),
		}, []string{"a:1/1/crashed"}, []string{"a:1"}},
		{"started twice, listed once", []Event{
			startEv("a:1"), startEv("b:1"), startEv("a:1"),
		}, nil, []string{"a:1", "b:1"}},
		{"finish without scenario only ends the run", []Event{
			startEv("a:1"), {Kind: KindFinish, Location: "a:1"},
		}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := Fold(tt.events)
			var got []string
			for _, s := range st.Finished {
				got = append(got, s.Location()+"/"+strconv.Itoa(s.Attempt)+"/"+string(s.Status))
			}
			if !reflect.DeepEqual(got, tt.wantFinished) || !reflect.DeepEqual(st.Running, tt.wantRunning) {
				t.Errorf("finished %q running %q, want %q and %q", got, st.Running, tt.wantFinished, tt.wantRunning)
			}
		})
	}
}

// The plan and done events carry the protocol between a feature runner and
// its supervisor: Fold finds them among the scenario events, Finished reads
// the done event from the last line only, and a journal cut short has none.
func TestProtocolEvents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.ndjson")
	w, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	plan := Plan{Seed: 7, Workers: 2, Order: "file order", Scenarios: []result.Scenario{{Name: "A", File: "a.feature", Line: 3}}}
	w.Plan(plan, t0)
	w.Note("other", t0)
	w.Start("a.feature:3", 1, t0)
	if _, ok := Finished(path); ok {
		t.Fatal("a run without its done event finished")
	}
	if st := ReadState(path); st.Plan == nil || st.Done != nil || !reflect.DeepEqual(st.Running, []string{"a.feature:3"}) {
		t.Fatalf("%+v", st)
	}
	w.Finish(result.Scenario{Name: "A", File: "a.feature", Line: 3, Status: result.Passed}, t0)
	w.Done(Done{Code: 5, Handover: true}, t0)
	w.Close()
	st := ReadState(path)
	if !reflect.DeepEqual(*st.Plan, plan) || *st.Done != (Done{Code: 5, Handover: true}) || len(st.Finished) != 1 || len(st.Running) != 0 {
		t.Fatalf("%+v", st)
	}
	if d, ok := Finished(path); !ok || d != (Done{Code: 5, Handover: true}) {
		t.Fatalf("%+v %v", d, ok)
	}
	if st := ReadState(filepath.Join(t.TempDir(), "missing")); st.Plan != nil || st.Done != nil {
		t.Fatalf("%+v", st)
	}
	for _, line := range []string{`{"kind":"plan","time":"2025-03-14T09:26:53Z"}`, `{"kind":"done","time":"2025-03-14T09:26:53Z"}`} {
		if _, err := Read(strings.NewReader(line + "\n")); err == nil {
			t.Errorf("%s: accepted", line)
		}
	}
}

// A journal that is a named pipe or never ends reads as nothing, at once.
func TestReadHostileJournal(t *testing.T) {
	for name, path := range hostilefile.Make(t, t.TempDir(), ".ndjson") {
		if st := ReadState(path); st.Plan != nil || st.Done != nil || len(st.Finished) > 0 {
			t.Errorf("%s: ReadState = %+v, want nothing", name, st)
		}
		if _, ok := Finished(path); ok {
			t.Errorf("%s: Finished says the run finished", name)
		}
	}
}
