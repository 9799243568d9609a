package journal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/result"
)

// oldLine is how the Writer encoded every event before start and finish
// events were put together by hand: json.Marshal of the Event, the time in
// UTC, and a newline. It is the reference the new encoding must match byte
// for byte.
func oldLine(ev Event) ([]byte, error) {
	ev.Time = ev.Time.UTC()
	if ev.Scenario != nil {
		s := *ev.Scenario
		s.Start = s.Start.UTC()
		ev.Scenario = &s
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// nasty returns scenarios with everything an encoder can get wrong.
func nasty() map[string]result.Scenario {
	west := time.FixedZone("", -(9*3600 + 30*60))
	base := scenario("features/basket.feature", 3, result.Passed)
	with := func(f func(*result.Scenario)) result.Scenario {
		s := base
		f(&s)
		return s
	}
	return map[string]result.Scenario{
		"plain":               base,
		"zero":                {},
		"zero time, worker 0": with(func(s *result.Scenario) { s.Start, s.Worker = time.Time{}, 0 }),
		"nanoseconds in a zone": with(func(s *result.Scenario) {
			s.Start = time.Date(2026, 11, 28, 23, 59, 59, 123456789, west)
		}),
		"unicode": with(func(s *result.Scenario) {
			s.Feature, s.Name = "Größe 日本語 🍎", "añadir manzanas \u2028\u2029 ✓"
			s.Tags = []string{"@ünï", "@日本"}
		}),
		"html characters": with(func(s *result.Scenario) {
			s.Name, s.Error = "<script>alert(1)</script>", `expected a & b > c < d`
			s.Tags = []string{"@a&b", "@<x>"}
		}),
		"control characters and invalid UTF-8": with(func(s *result.Scenario) {
			s.Name, s.Snippet = "nul\x00 bell\a esc\x1b del\x7f", "bad \xff\xfe utf-8 \xc3"
		}),
		"quotes, backslashes, newlines in errors": with(func(s *result.Scenario) {
			s.Status, s.FailedStep, s.FailedLine = result.Failed, `Then "it" works`, 9
			s.Error = "expected \"a\\b\"\r\n\tgot:\n\n  \"c\"\n"
			s.Steps = []result.Step{
				{Keyword: "Given", Text: `a "quoted" \ step`, Line: 4, Status: result.Passed, Duration: time.Millisecond, Match: "steps.go:12"},
				{Keyword: "Then", Text: "it works", Line: 9, Status: result.Failed, Error: "line 1\nline 2", Duration: 3, Match: "steps.go:40"},
				{Keyword: "And", Text: "skipped", Line: 10, Status: result.Skipped},
			}
		}),
		"retries, flaky": with(func(s *result.Scenario) {
			s.Attempt, s.Duration = 3, 2*time.Second+7
			s.Retries = []result.Try{
				{Status: result.Failed, Error: "first <try>", FailedStep: "Then x", FailedLine: 5, DurationS: 0.25},
				{Status: result.TimedOut, Error: "timed out\ngoroutine 1 [select]:", DurationS: 1e-9},
			}
		}),
		"embeddings": with(func(s *result.Scenario) {
			s.Steps = []result.Step{{Keyword: "Given", Text: "a screenshot", Line: 4, Status: result.Passed, Embeddings: []result.Embedding{
				{Name: "shot.png", MimeType: "image/png", Data: []byte{0x89, 'P', 'N', 'G', 0, 0xff, '<', '"'}},
				{Name: "empty", MimeType: "text/plain", Data: []byte{}},
				{Name: "nil", MimeType: "text/plain"},
			}}}
		}),
		"logs, of the last try and an earlier one": with(func(s *result.Scenario) {
			s.Status, s.Logs = result.Failed, []result.Log{{Line: 4, Text: "connecting \"<db>\"\nretrying"}, {Text: "no step yet \x1b"}}
			s.Retries = []result.Try{{Status: result.Failed, Error: "x", Logs: []result.Log{{Line: 5, Text: "first try"}}}}
		}),
		"a large attachment": with(func(s *result.Scenario) {
			s.Steps = []result.Step{{Keyword: "Given", Text: "a video", Line: 4, Status: result.Passed, Embeddings: []result.Embedding{
				{Name: "run.webm", MimeType: "video/webm", Data: bytes.Repeat([]byte{0, '<', 0xff}, 40<<10)},
			}}}
		}),
		"shard, undefined, large numbers": with(func(s *result.Scenario) {
			s.Status, s.Shard, s.Snippet = result.Undefined, "2/4", "func iDo() error {\n\treturn godog.ErrPending\n}"
			s.Line, s.Order, s.Worker, s.Attempt = 1<<31, 1<<40, -1, 1<<20
			s.Duration = time.Duration(1 << 62)
		}),
		"a location to escape": with(func(s *result.Scenario) { s.File = "features/a <b> & \"c\"/ünï.feature" }),
	}
}

// times are event times: UTC, zones, nanoseconds, zero, the years' edges.
var times = []time.Time{
	t0,
	{},
	time.Date(2026, 11, 28, 20, 15, 0, 1, time.FixedZone("CET", 3600)),
	time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
}

// check writes one event with write and compares the line with oldLine:
// the same bytes (or the same error), and Read gives back the same event.
func check(t *testing.T, ev Event, write func(*Writer) error) {
	t.Helper()
	var buf bytes.Buffer
	err := write(NewWriter(&buf))
	want, wantErr := oldLine(ev)
	if wantErr != nil {
		if err == nil || !strings.HasSuffix(err.Error(), wantErr.Error()) || buf.Len() > 0 {
			t.Errorf("err = %v, wrote %q; want an error ending %q, nothing written", err, buf.Bytes(), wantErr)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("line differs from json.Marshal's\n got %s\nwant %s", buf.Bytes(), want)
	}
	// Read gives back the same event, or (a start without a location)
	// the same complaint.
	got, gotErr := Read(bytes.NewReader(buf.Bytes()))
	old, oldErr := Read(bytes.NewReader(want))
	if !reflect.DeepEqual(got, old) || fmt.Sprint(gotErr) != fmt.Sprint(oldErr) {
		t.Errorf("Read gives back\n%+v, %v\nnot\n%+v, %v", got, gotErr, old, oldErr)
	}
	if oldErr == nil && len(old) != 1 {
		t.Errorf("Read: %d events, want 1", len(old))
	}
}

func TestEncodingMatchesJSONMarshal(t *testing.T) {
	for name, s := range nasty() {
		for _, at := range times {
			t.Run(name+"/"+at.Format(time.RFC3339Nano), func(t *testing.T) {
				check(t, Event{Kind: KindFinish, Time: at, Location: s.Location(), Worker: s.Worker, Scenario: &s},
					func(w *Writer) error { return w.Finish(s, at) })
				check(t, Event{Kind: KindStart, Time: at, Location: s.Location(), Worker: s.Worker},
					func(w *Writer) error { return w.Start(s.Location(), s.Worker, at) })
			})
		}
	}
}

// TestPlanMatchesJSONMarshal: the plan, its scenarios encoded one at a
// time, is the line json.Marshal writes of the whole event, and a scenario
// json.Marshal cannot encode gives its error.
func TestPlanMatchesJSONMarshal(t *testing.T) {
	var all []result.Scenario
	for _, s := range nasty() {
		all = append(all, s)
	}
	late := all[0]
	late.Start = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, p := range map[string]Plan{
		"none":  {Workers: 1},
		"empty": {Scenarios: []result.Scenario{}, Order: `"scenarios":[] in a string`},
		"one":   {Seed: 7, Workers: 4, Scenarios: all[:1], Queue: []int{0}},
		"nasty": {Workers: 2, Order: "longest first <&>", Scenarios: all, Queue: []int{2, 0, 1},
			Definitions: []result.Definition{{Pattern: `^a "(\d+)"$`, File: "steps.go", Line: 3}}, Complete: true},
		"a scenario it cannot encode": {Scenarios: append(all[:2:2], late)},
	} {
		for _, at := range times {
			t.Run(name+"/"+at.Format(time.RFC3339Nano), func(t *testing.T) {
				check(t, Event{Kind: KindPlan, Time: at, Plan: &p}, func(w *Writer) error { return w.Plan(p, at) })
			})
		}
	}
}

func TestEncodingErrors(t *testing.T) {
	// Times RFC 3339 cannot hold fail as they did, and write nothing.
	far := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	before := time.Date(-1, 12, 31, 0, 0, 0, 0, time.UTC)
	s := scenario("features/basket.feature", 3, result.Passed)
	late := s
	late.Start = far
	for name, tc := range map[string]struct {
		ev    Event
		write func(*Writer) error
	}{
		"start after 9999": {Event{Kind: KindStart, Time: far, Location: "a:1", Worker: 1},
			func(w *Writer) error { return w.Start("a:1", 1, far) }},
		"start before year 0": {Event{Kind: KindStart, Time: before, Location: "a:1"},
			func(w *Writer) error { return w.Start("a:1", 0, before) }},
		"finish after 9999": {Event{Kind: KindFinish, Time: far, Location: s.Location(), Worker: s.Worker, Scenario: &s},
			func(w *Writer) error { return w.Finish(s, far) }},
		"scenario started after 9999": {Event{Kind: KindFinish, Time: t0, Location: s.Location(), Worker: s.Worker, Scenario: &late},
			func(w *Writer) error { return w.Finish(late, t0) }},
	} {
		t.Run(name, func(t *testing.T) { check(t, tc.ev, tc.write) })
	}
}

func FuzzEncoding(f *testing.F) {
	f.Add("features/a.feature", 3, "add <apples> & \"pears\"", "expected 2\n\tgot \u2028 3 \xff", 2, int64(1700000000123456789))
	f.Add("", 0, "", "", 0, int64(0))
	f.Add("ünï/\x00.feature", -1, "日本", "\\", -5, int64(-62135596800000000))
	f.Fuzz(func(t *testing.T, file string, line int, name, msg string, worker int, nanos int64) {
		at := time.Unix(0, nanos)
		s := result.Scenario{File: file, Line: line, Name: name, Error: msg, Worker: worker, Start: at,
			Tags: []string{name}, Steps: []result.Step{{Text: msg, Error: name, Embeddings: []result.Embedding{{Data: []byte(msg)}}}}}
		check(t, Event{Kind: KindFinish, Time: at, Location: s.Location(), Worker: worker, Scenario: &s},
			func(w *Writer) error { return w.Finish(s, at) })
		check(t, Event{Kind: KindStart, Time: at, Location: file, Worker: worker},
			func(w *Writer) error { return w.Start(file, worker, at) })
	})
}

// TestFinishKeepsLogs: a finished scenario's logs, and each try's, come
// back from the journal as they went in, so a supervisor (process mode,
// a crash later in the run) reports them as the runner would have.
func TestFinishKeepsLogs(t *testing.T) {
	s := nasty()["logs, of the last try and an earlier one"]
	var buf bytes.Buffer
	if err := NewWriter(&buf).Finish(s, t0); err != nil {
		t.Fatal(err)
	}
	evs, err := Read(&buf)
	if err != nil || len(evs) != 1 || evs[0].Scenario == nil {
		t.Fatalf("Read: %+v, %v", evs, err)
	}
	got := evs[0].Scenario
	if !reflect.DeepEqual(got.Logs, s.Logs) || len(got.Retries) != 1 || !reflect.DeepEqual(got.Retries[0].Logs, s.Retries[0].Logs) {
		t.Errorf("logs came back as %+v and %+v, want %+v and %+v", got.Logs, got.Retries, s.Logs, s.Retries[0].Logs)
	}
}
