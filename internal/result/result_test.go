package result

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestStatusIsFailure(t *testing.T) {
	for st, want := range map[Status]bool{
		Passed: false, Skipped: false, Failed: true, Undefined: true,
		Pending: true, Ambiguous: true, Crashed: true, TimedOut: true,
	} {
		if st.IsFailure() != want {
			t.Errorf("%s.IsFailure() = %v", st, !want)
		}
	}
}

func TestRunCountsAndUtilisation(t *testing.T) {
	r := Run{Workers: 4, Wall: 2 * time.Second, Busy: 6 * time.Second, Scenarios: []Scenario{
		{Status: Passed}, {Status: Passed}, {Status: Undefined}, {Status: Skipped},
	}}
	c := r.Count()
	if c[Passed] != 2 || c.Failures() != 1 || c[Skipped] != 1 || r.OK() {
		t.Fatalf("counts %v failures %d ok %v", c, c.Failures(), r.OK())
	}
	if u := r.Utilisation(); u != 0.75 {
		t.Fatalf("utilisation %v, want 0.75", u)
	}
	if (Run{}).Utilisation() != 0 || (Run{Workers: 1, Wall: time.Second, Busy: 3 * time.Second}).Utilisation() != 1 {
		t.Fatal("utilisation must stay within [0,1]")
	}
	if !(Run{Scenarios: []Scenario{{Status: Passed}}}).OK() || (Run{Failed: true}).OK() {
		t.Fatal("OK is wrong")
	}
}

func TestAdaptiveRunFigures(t *testing.T) {
	r := Run{Workers: 64, Auto: true, WorkersMin: 2, WorkersMax: 10, Wall: 2 * time.Second,
		WorkerTime: 12 * time.Second, Busy: 9 * time.Second, CPU: 3 * time.Second, Cores: 2}
	if u, avg, cpu := r.Utilisation(), r.AverageWorkers(), r.CPUUtilisation(); u != 0.75 || avg != 6 || cpu != 0.75 {
		t.Fatalf("utilisation %v, average workers %v, CPU %v; want 0.75, 6, 0.75", u, avg, cpu)
	}
	if (Run{}).AverageWorkers() != 0 || (Run{Wall: time.Second}).CPUUtilisation() != 0 ||
		(Run{Wall: time.Second, Cores: 1, CPU: 2 * time.Second}).CPUUtilisation() != 1 {
		t.Fatal("empty runs have no averages; CPU use stays within [0,1]")
	}
}

func TestMachineUtilisation(t *testing.T) {
	for _, tc := range []struct {
		cpu, capacity time.Duration
		want          float64
	}{
		{0, 0, 0},                                // not measured
		{3 * time.Second, 4 * time.Second, 0.75}, // three quarters busy
		{5 * time.Second, 4 * time.Second, 1},    // rounding of the counters: at most all of it
	} {
		if got := (Run{MachineCPU: tc.cpu, MachineCapacity: tc.capacity}).MachineUtilisation(); got != tc.want {
			t.Errorf("MachineUtilisation of %v over %v = %v, want %v", tc.cpu, tc.capacity, got, tc.want)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	start := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	in := Run{Workers: 2, Seed: 7, Started: start, Wall: 1500 * time.Millisecond, Busy: 2 * time.Second,
		WorkerTime: 3 * time.Second, CPU: time.Second, Cores: 2,
		Scenarios: []Scenario{{Feature: "F", Name: "S", File: "a.feature", Line: 3, Status: Failed,
			Error: "boom", Start: start, Duration: 250 * time.Millisecond, Worker: 1, Attempt: 1}}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var probe map[string]any
	json.Unmarshal(b, &probe)
	sc := probe["scenarios"].([]any)[0].(map[string]any)
	if probe["wall_s"] != 1.5 || sc["duration_s"] != 0.25 || sc["location"] != "a.feature:3" {
		t.Fatalf("JSON fields: %s", b)
	}
	var out Run
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.Wall != in.Wall || out.Busy != in.Busy || out.WorkerTime != in.WorkerTime || out.CPU != in.CPU || out.Scenarios[0].Duration != in.Scenarios[0].Duration ||
		out.Scenarios[0].Location() != "a.feature:3" {
		t.Fatalf("round trip: %+v", out)
	}
	if err := json.Unmarshal([]byte(`{"wall_s":"x"}`), &out); err == nil {
		t.Fatal("bad run JSON accepted")
	}
	var s Scenario
	if err := json.Unmarshal([]byte(`{"duration_s":"x"}`), &s); err == nil {
		t.Fatal("bad scenario JSON accepted")
	}
}

func TestFirstLine(t *testing.T) {
	for _, tc := range []struct{ msg, want string }{
		{"", ""},
		{"boom", "boom"},
		{"boom\n\ngoroutine 7 [running]:\nmain.f()", "boom"},
		{"\n  panic: exploded  \n  stack", "panic: exploded"},
		{"   \n\n", ""},
		{"a\r\nb", "a"},
	} {
		if got := FirstLine(tc.msg); got != tc.want {
			t.Errorf("FirstLine(%q) = %q, want %q", tc.msg, got, tc.want)
		}
	}
}

func TestLoc(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Loc
		ok   bool
	}{
		{"features/a.feature:12", Loc{"features/a.feature", 12}, true},
		{"c:/x/a.feature:3", Loc{"c:/x/a.feature", 3}, true},
		{"a.feature:3:7", Loc{"a.feature:3", 7}, true},
		{"a.feature:007", Loc{"a.feature", 7}, true},
		{"features", Loc{File: "features"}, false},
		{"a.feature:", Loc{File: "a.feature:"}, false},
		{"a.feature:x1", Loc{File: "a.feature:x1"}, false},
		{"a.feature:-1", Loc{File: "a.feature:-1"}, false},
		{"a.feature:99999999999999999999", Loc{File: "a.feature:99999999999999999999"}, false},
		{"", Loc{}, false},
	} {
		got, ok := ParseLoc(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseLoc(%q) = %+v, %v; want %+v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
		if ok && tc.in == tc.want.String() {
			if back, _ := ParseLoc(got.String()); back != got {
				t.Errorf("ParseLoc(%q.String()) = %+v", got, back)
			}
		}
	}
	if got := (Scenario{File: "f.feature", Line: 4}).Location(); got != "f.feature:4" {
		t.Errorf("Location = %q", got)
	}
}

// TestUnmarshalSeconds: times read back in seconds round to the
// nanosecond, and a negative or huge one is an error wrapping ErrRange.
func TestUnmarshalSeconds(t *testing.T) {
	var s Scenario
	if err := json.Unmarshal([]byte(`{"duration_s":0.123456789}`), &s); err != nil || s.Duration != 123456789 {
		t.Errorf("duration %d, %v; want 123456789ns", s.Duration, err)
	}
	for in, want := range map[string]string{`{"duration_s":-1}`: "-1", `{"duration_s":1e308}`: "1e+308"} {
		if err := json.Unmarshal([]byte(in), &s); !errors.Is(err, ErrRange) || err.Error() != "duration_s "+want+" out of range (accepted: 0 to 1e+09 s)" {
			t.Errorf("%s: %v, want out of range", in, err)
		}
	}
	var r Run
	if err := json.Unmarshal([]byte(`{"cpu_s":-2,"scenarios":[{"duration_s":1},{"duration_s":-1}]}`), &r); !errors.Is(err, ErrRange) || err.Error() != "cpu_s -2 out of range (accepted: 0 to 1e+09 s)" {
		t.Errorf("run: %v, want cpu_s out of range", err)
	}
	if err := json.Unmarshal([]byte(`{"scenarios":[{"duration_s":1},{"duration_s":-1}]}`), &r); err == nil || err.Error() != "duration_s -1 of scenario 2 out of range (accepted: 0 to 1e+09 s)" {
		t.Errorf("run: %v, want scenario 2 out of range", err)
	}
}
