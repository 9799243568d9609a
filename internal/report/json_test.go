package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/fixtures/hostilefile"
	"github.com/mushbdd/mush/internal/golden"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

func TestJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, viewOf(fixture())); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "results.golden.json"), buf.Bytes())
}

func TestJSONRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		run  result.Run
	}{
		{"fixture", fixture()},
		{"empty", result.Run{}},
		{"no scenarios, empty list", result.Run{Scenarios: []result.Scenario{}, Workers: 1}},
		{"awkward durations", result.Run{
			Wall: 123 * time.Millisecond, Busy: 1*time.Hour + 1,
			Scenarios: []result.Scenario{
				{Name: "a", Duration: 123456789 * time.Nanosecond, Start: t0.Add(time.Nanosecond)},
				{Name: "b", Order: 1, Duration: 59*time.Minute + 999999999},
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteJSON(&buf, viewOf(tt.run)); err != nil {
				t.Fatal(err)
			}
			got, err := ReadJSON(&buf)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.run
			want.Scenarios = slices.Clone(want.Scenarios)
			// JSON strings are UTF-8: encoding/json writes an invalid byte
			// (the fixture has one) as U+FFFD.
			for i := range want.Scenarios {
				want.Scenarios[i].Error = strings.ToValidUTF8(want.Scenarios[i].Error, "\ufffd")
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestJSONDocument(t *testing.T) {
	// Times in another zone come out in UTC, the caller's run unchanged.
	zone := time.FixedZone("CET", 3600)
	run := result.Run{Started: t0.In(zone), Scenarios: []result.Scenario{
		{Name: "first", Order: 0, Status: result.Passed},
		{Name: "second", Order: 1, Status: result.Failed, Start: t0.In(zone)},
		{Name: "third", Order: 2, Status: "exploded"},
	}}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, viewOf(run)); err != nil {
		t.Fatal(err)
	}
	if run.Scenarios[1].Start.Location() != zone {
		t.Error("WriteJSON changed the caller's scenarios")
	}
	out := buf.String()
	if !strings.HasPrefix(out, "{\n  \"version\": 1,\n  \"counts\": {\n") || !strings.HasSuffix(out, "}\n") {
		t.Errorf("not an indented object starting with version and counts:\n%s", out)
	}
	var doc struct {
		Version   int            `json:"version"`
		Counts    map[string]int `json:"counts"`
		Started   string         `json:"started"`
		Scenarios []struct {
			Name  string `json:"name"`
			Start string `json:"start"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	wantCounts := map[string]int{"passed": 1, "failed": 1, "skipped": 0, "undefined": 0, "pending": 0,
		"ambiguous": 0, "crashed": 0, "timed_out": 0, "exploded": 1, "total": 3, "flaky": 0}
	if !reflect.DeepEqual(doc.Counts, wantCounts) {
		t.Errorf("counts %v, want %v", doc.Counts, wantCounts)
	}
	var names []string
	for _, s := range doc.Scenarios {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "first,second,third" {
		t.Errorf("scenarios in order %v, want the run's", names)
	}
	if doc.Started != "2025-03-14T09:26:53Z" || doc.Scenarios[1].Start != "2025-03-14T09:26:53Z" {
		t.Errorf("times not in UTC: started %q, start %q", doc.Started, doc.Scenarios[1].Start)
	}
}

func TestWriteJSONErrors(t *testing.T) {
	tests := []struct {
		name    string
		w       *bytes.Buffer // nil: a writer that fails
		run     result.Run
		wantErr string
	}{
		{"write fails", nil, fixture(), "report: write results: disk full"},
		{"write fails, no scenarios", nil, result.Run{}, "report: write results: disk full"},
		{"time out of range", &bytes.Buffer{}, result.Run{Started: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, "report: encode results: "},
		{"scenario time out of range", &bytes.Buffer{}, result.Run{Scenarios: []result.Scenario{{Start: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}}, "report: encode results: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.w == nil {
				err = WriteJSON(failWriter{}, viewOf(tt.run))
			} else {
				err = WriteJSON(tt.w, viewOf(tt.run))
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want prefix %q", err, tt.wantErr)
			}
		})
	}
}

func TestReadJSONErrors(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		wantErr string
	}{
		{"not json", "<xml/>", "report: decode results: "},
		{"no version", `{"scenarios":[]}`, "report: unsupported results version 0 (want 1)"},
		{"newer version", `{"version":2}`, "report: unsupported results version 2 (want 1)"},
		{"wrong field type", `{"version":1,"scenarios":[{"line":"ten"}]}`, "report: decode results: "},
		{"negative duration", `{"version":1,"scenarios":[{"duration_s":-1}]}`, "report: results: duration_s -1 of scenario 1 out of range (accepted: 0 to 1e+09 s)"},
		{"huge duration", `{"version":1,"scenarios":[{"duration_s":1},{"duration_s":1e308}]}`, "report: results: duration_s 1e+308 of scenario 2 out of range"},
		{"huge wall", `{"version":1,"wall_s":1e308}`, "report: results: wall_s 1e+308 out of range"},
		{"read fails", "", "report: read results: disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := strings.NewReader(tt.input)
			var err error
			if tt.input == "" {
				_, err = ReadJSON(iotest.ErrReader(errDisk))
			} else {
				_, err = ReadJSON(r)
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want prefix %q", err, tt.wantErr)
			}
			if tt.input == "" && !errors.Is(err, errDisk) {
				t.Errorf("err = %v does not wrap the reader's error", err)
			}
		})
	}
}

func TestReadFileRefused(t *testing.T) {
	for name, path := range hostilefile.Make(t, t.TempDir(), ".json") {
		if _, err := ReadFile(path); !atomicfile.IsRefused(err) {
			t.Errorf("%s: %v, want refused", name, err)
		}
	}
}

// TestWriteUsage: usage.json lists every definition in registration order
// with its use, marks the unused ones of a complete run, and WriteAll
// writes it only for a run that lists its definitions.
func TestWriteUsage(t *testing.T) {
	run := result.Run{Complete: true, Definitions: []result.Definition{
		{Pattern: `^a (\d+)$`, File: "steps/s.go", Line: 10}, {Pattern: "^never$", File: "steps/s.go", Line: 12}},
		Scenarios: []result.Scenario{{File: "f.feature", Line: 2, Status: result.Passed, Steps: []result.Step{
			{Match: "s.go:10", Pattern: `^a (\d+)$`, Status: result.Passed, Duration: 1500 * time.Millisecond, Line: 3}}}}}
	var b bytes.Buffer
	if err := WriteUsage(&b, view.New(run, view.Options{})); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": 1,
  "complete": true,
  "unused": 1,
  "definitions": [
    {
      "pattern": "^a (\\d+)$",
      "location": "steps/s.go:10",
      "steps": 1,
      "ran": 1,
      "mean_s": 1.5,
      "longest_s": 1.5,
      "longest_step": "f.feature:3"
    },
    {
      "pattern": "^never$",
      "location": "steps/s.go:12",
      "steps": 0,
      "ran": 0,
      "mean_s": 0,
      "longest_s": 0,
      "unused": true
    }
  ]
}
`
	if b.String() != want {
		t.Errorf("usage.json:\n%s\nwant\n%s", b.String(), want)
	}
	dir := t.TempDir()
	paths, err := WriteAll(dir, view.New(run, view.Options{}), true)
	if err != nil || len(paths) == 0 || filepath.Base(paths[len(paths)-1]) != UsageFile {
		t.Errorf("WriteAll: %v, %v", paths, err)
	}
	page, _ := os.ReadFile(filepath.Join(dir, HTMLFile))
	if !bytes.Contains(page, []byte(`<tr class="unused"><td><code>^never$</code></td><td><code>steps/s.go:12</code>`)) ||
		!bytes.Contains(page, []byte("Step definitions <span class=\"n\">2, 1 unused</span>")) {
		t.Errorf("index.html lacks the step definitions section")
	}
}
