package schedule

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// What Save writes takes the fast path of Load, unless a string needs an
// escape; either way Load reads back what was saved.
func TestSavedHistoryDecodesFast(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    historyFile
		fast bool
	}{
		{"durations", historyFile{Version: 1, Scenarios: History{"features/a.feature:3": 0.25, "b:1": 1e-7, "c:1": 123456.789, "d:1": 0}}, true},
		{"everything", historyFile{Version: 1, Scenarios: History{"a:1": 1.5, "b:2": 604800}, CPU: CPU{"a:1": 0.0125},
			Last: Last{Order: "shuffled with seed 42", Passed: map[string]bool{"a:1": true, "b:2": false}}}, true},
		{"empty", historyFile{Version: 1, Scenarios: History{}}, true},
		{"an escaped key", historyFile{Version: 1, Scenarios: History{"<a> & \"b\".feature:1": 1}}, false},
		{"a key beyond ASCII", historyFile{Version: 1, Scenarios: History{"ünï.feature:1": 1}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			if err := tc.f.write(&b); err != nil {
				t.Fatal(err)
			}
			got, fast := decodeFast([]byte(b.String()))
			if fast != tc.fast || fast && !reflect.DeepEqual(got, tc.f) {
				t.Errorf("decodeFast = %+v, %v; want %+v, %v", got, fast, tc.f, tc.fast)
			}
			path := filepath.Join(t.TempDir(), "t.json")
			if err := tc.f.Scenarios.Save(path, tc.f.CPU, tc.f.Last); err != nil {
				t.Fatal(err)
			}
			h, cpu, last, err := Load(path)
			if err != nil || !reflect.DeepEqual(h, tc.f.Scenarios) || len(cpu) != len(tc.f.CPU) || !reflect.DeepEqual(last, tc.f.Last) {
				t.Errorf("Load = %v %v %+v %v", h, cpu, last, err)
			}
		})
	}
}

// FuzzDecodeFast: whatever the fast path reads, encoding/json reads the
// same; whatever it does not, Load leaves to encoding/json.
func FuzzDecodeFast(f *testing.F) {
	for _, seed := range []string{
		`{"version": 1, "scenarios": {"a:1": 1.5, "b:2": 2e-7}, "cpu": {"a:1": 0}, "last": {"order": "file order", "passed": {"a:1": true}}}`,
		`{"version":1,"scenarios":{}}`, ` { "version" : 1 } `, `{"version": 1, "scenarios": {"a:1": 01}}`,
		`{"version": 1, "scenarios": null}`, `{"Version": 1}`, `{"version": 1e0}`, `{"version": 1.0}`, `{"version": 1} x`,
		`{"version": 1, "scenarios": {"a": 1, "a": 2}}`, `{"version": 1, "scenarios": {"a": 1}, "scenarios": {"b": 2}}`,
		`{"version": 1, "scenarios": {"a": -0.5E+3, "b": 1e400}}`, `{"version": 1, "last": {"passed": {"a": true, "b": falsey}}}`,
		`{"version": 1, "last": {"order": "a\"b"}}`, `{"version": 1, "other": 2}`, `{"version": 1,}`, `{"version": -}`,
		`{"version": 99999999999999999999}`, `{"version": 1, "last": {"passed": null}}`, "{\"version\": 1, \"scenarios\": {\"\x7f\": 1}}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, ok := decodeFast(b)
		if !ok {
			return
		}
		var want historyFile
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("the fast path read %q, which encoding/json refuses: %v", b, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("the fast path read %q as %+v; encoding/json as %+v", b, got, want)
		}
	})
}

// BenchmarkHistory loads and saves the history of 20,000 scenarios
// (durations, CPU times, the scenarios that passed) as encoding/json does
// and as Load and Save do.
func BenchmarkHistory(b *testing.B) {
	const n = 20000
	f := historyFile{Version: 1, Scenarios: History{}, CPU: CPU{}, Last: Last{Order: LongestFirst, Passed: map[string]bool{}}}
	for i := range n {
		loc := fmt.Sprintf("features/area%02d/behaviour%03d.feature:%d", i%50, i%400, 3+i%37*9)
		f.Scenarios[loc] = float64(i%977+1) / 1000
		f.CPU[loc] = math.Round(float64(i%313)) / 10000
		f.Last.Passed[loc] = i%11 != 0
	}
	var saved strings.Builder
	if err := f.write(&saved); err != nil {
		b.Fatal(err)
	}
	data := []byte(saved.String())
	b.Run("load/encoding-json", func(b *testing.B) {
		for b.Loop() {
			var g historyFile
			if err := json.Unmarshal(data, &g); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load/fast", func(b *testing.B) {
		for b.Loop() {
			if _, ok := decodeFast(data); !ok {
				b.Fatal("not read")
			}
		}
	})
	b.Run("save/encoding-json", func(b *testing.B) {
		for b.Loop() {
			e := json.NewEncoder(discard{})
			e.SetIndent("", "  ")
			if err := e.Encode(f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("save/entry-by-entry", func(b *testing.B) {
		for b.Loop() {
			if err := f.write(discard{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
