package schedule

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/fixtures/hostilefile"
)

func TestOrder(t *testing.T) {
	keys := []string{"a", "b", "c", "d", "e"}
	for _, tc := range []struct {
		name string
		h    History
		want []int
	}{
		{"no history: file order", History{}, []int{0, 1, 2, 3, 4}},
		{"longest first", History{"a": 1, "b": 3, "c": 2, "d": 5, "e": 4}, []int{3, 4, 1, 2, 0}},
		{"unknown first, in file order", History{"b": 1, "d": 9}, []int{0, 2, 4, 3, 1}},
		{"ties keep file order", History{"a": 2, "b": 2, "c": 2, "d": 2, "e": 2}, []int{0, 1, 2, 3, 4}},
	} {
		if got := Order(keys, tc.h, 0); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Order = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestInterleave(t *testing.T) {
	keys := []string{"c1", "c2", "w1", "w2", "w3", "new", "c3"}
	h := History{"c1": 0.010, "c2": 0.020, "w1": 0.040, "w2": 0.030, "w3": 0.050, "c3": 0.030}
	cpu := CPU{"c1": 0.010, "c2": 0.019, "w1": 0.001, "w2": 0.002, "w3": 0.001}
	for _, tc := range []struct {
		name    string
		cpu     CPU
		workers int
		want    []int
	}{
		// Longest first: new, then w3 w1 w2 c3 c2 c1 (ties in file order). Computing (c3 has no CPU time,
		// so it counts as computing): c3 c2 c1, 60 ms; waiting: w3 w1 w2,
		// 120 ms. Each next comes from the kind with the smaller share done.
		{"kinds side by side, each longest first", cpu, 1, []int{5, 6, 4, 2, 1, 3, 0}},
		{"no CPU times: longest first", nil, 1, []int{5, 4, 2, 3, 6, 1, 0}},
		// 4 workers: w3, w1 and w2 start at once either way and end by
		// the 50 ms longest-first ends at: nothing goes to the front.
		{"long ones that end in time stay side by side", cpu, 4, []int{5, 6, 4, 2, 1, 3, 0}},
		{"no workers counts as one", cpu, 0, []int{5, 6, 4, 2, 1, 3, 0}},
	} {
		order := Order(keys, h, 0)
		if got := Interleave(order, keys, h, tc.cpu, tc.workers); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Three 2 s waiting scenarios among short ones, on 4 workers: each is
// shorter than a worker's share (9.4 s / 4), but interleaved the third
// would start after 1 s of computing and end at 3 s, when longest first
// ends at 2.5 s: it goes to the front. The first two stay, they end in
// time.
func TestInterleaveKeepsTheLongOnesInTime(t *testing.T) {
	keys := []string{"L1", "L2", "L3", "c1", "c2", "c3", "c4", "c5", "c6", "w1", "w2", "w3", "w4"}
	h, cpu := History{}, CPU{}
	for _, k := range keys {
		switch k[0] {
		case 'L':
			h[k], cpu[k] = 2, 0.001
		case 'c':
			h[k], cpu[k] = 0.5, 0.5
		default:
			h[k], cpu[k] = 0.1, 0.001
		}
	}
	got := Interleave(Order(keys, h, 0), keys, h, cpu, 4)
	if want := []int{2, 3, 0, 4, 5, 1, 6, 7, 8, 9, 10, 11, 12}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if _, last := handOut(got, keys, h, 4); last > 2.5 {
		t.Errorf("handed out in that order the run ends at %v s, after longest first's 2.5 s", last)
	}
}

func TestSeededOrderIsReproducible(t *testing.T) {
	keys := make([]string, 50)
	for i := range keys {
		keys[i] = string(rune('A' + i))
	}
	a, b, c := Order(keys, nil, 42), Order(keys, nil, 42), Order(keys, nil, 43)
	if !slices.Equal(a, b) {
		t.Fatalf("same seed, different orders: %v %v", a, b)
	}
	if slices.Equal(a, c) || slices.IsSorted(a) {
		t.Fatalf("seeds 42 and 43 should shuffle differently: %v %v", a, c)
	}
	sorted := slices.Clone(a)
	slices.Sort(sorted)
	for i, v := range sorted {
		if v != i {
			t.Fatalf("not a permutation: %v", a)
		}
	}
}

func TestHistoryRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache", "timings.json")
	h, _, _, err := Load(path)
	if err != nil || len(h) != 0 {
		t.Fatalf("missing file: %v, %v", h, err)
	}
	h.Record("f.feature:3", 1500*time.Millisecond)
	if err := h.Save(path, nil, Last{}); err != nil {
		t.Fatal(err)
	}
	if _, cpu, _, _ := Load(path); len(cpu) != 0 {
		t.Fatalf("CPU times of a history saved without them: %v", cpu)
	}
	if err := h.Save(path, CPU{"f.feature:3": 0.25}, Last{}); err != nil {
		t.Fatal(err)
	}
	if _, cpu, _, _ := Load(path); cpu["f.feature:3"] != 0.25 {
		t.Fatalf("CPU times reloaded: %v", cpu)
	}
	got, _, last, err := Load(path)
	if err != nil || got["f.feature:3"] != 1.5 {
		t.Fatalf("reloaded %v, %v", got, err)
	}
	if last.Order != "" || last.Passed != nil {
		t.Fatalf("Last of a history saved without it: %+v", last)
	}
	last = Last{Order: FileOrder, Passed: map[string]bool{"f.feature:3": true}}
	if err := h.Save(path, nil, last); err != nil {
		t.Fatal(err)
	}
	if _, cpu, got, _ := Load(path); !reflect.DeepEqual(got, last) || len(cpu) != 0 {
		t.Fatalf("Last reloaded %+v, CPU %v", got, cpu)
	}
}

// The order a run went in, from its seed and its order line.
func TestOrderOf(t *testing.T) {
	for _, tc := range []struct {
		seed int64
		line string
		want string
	}{
		{0, "file order (no timing history yet at t.json)", FileOrder},
		{0, "file order (BDD_ORDER=file)", FileOrder},
		{0, "longest first, from the timing history t.json", LongestFirst},
		{7, "shuffled with seed 7 (BDD_SEED=7 repeats it)", "shuffled with seed 7"},
	} {
		if got := OrderOf(tc.seed, tc.line); got != tc.want {
			t.Errorf("OrderOf(%d, %q) = %q, want %q", tc.seed, tc.line, got, tc.want)
		}
	}
}

func TestHistoryProblems(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, content string }{
		{"not json", "{"},
		{"wrong version", `{"version":2,"scenarios":{}}`},
		{"negative", `{"version":1,"scenarios":{"a.feature:3":-1}}`},
		{"huge", `{"version":1,"scenarios":{"a.feature:3":1e308}}`},
		{"beyond a week", `{"version":1,"scenarios":{"a.feature:3":604801}}`},
		{"negative CPU", `{"version":1,"scenarios":{"a.feature:3":1},"cpu":{"a.feature:3":-0.5}}`},
		{"beyond float64", `{"version":1,"scenarios":{"a.feature:3":1e400}}`},
	} {
		p := filepath.Join(dir, tc.name)
		os.WriteFile(p, []byte(tc.content), 0o644)
		if h, _, _, err := Load(p); err == nil || len(h) != 0 {
			t.Errorf("%s: got %v, %v; want an empty history and an error", tc.name, h, err)
		}
	}
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, []byte(`{"version":1}`), 0o644)
	if h, _, _, err := Load(empty); err != nil || h == nil {
		t.Errorf("no scenarios: %v, %v", h, err)
	}
	if _, _, _, err := Load(dir); err == nil {
		t.Error("a directory should not load")
	}
	blocked := filepath.Join(dir, "file")
	os.WriteFile(blocked, nil, 0o644)
	if err := (History{}).Save(filepath.Join(blocked, "sub", "t.json"), nil, Last{}); err == nil {
		t.Error("saving under a file should fail")
	}
	if err := (History{}).Save(dir, nil, Last{}); err == nil {
		t.Error("saving over a directory should fail")
	}
}

func TestHistoryRefused(t *testing.T) {
	for name, path := range hostilefile.Make(t, t.TempDir(), ".json") {
		h, cpu, _, err := Load(path)
		if !atomicfile.IsRefused(err) || len(h) != 0 || len(cpu) != 0 {
			t.Errorf("%s: got %v, %v, %v; want empty and refused", name, h, cpu, err)
		}
		want := "timing history " + path + " is "
		if err != nil && (!strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "(accepted: a regular file of at most 64 MiB)")) {
			t.Errorf("%s: error %q, want %q...", name, err, want)
		}
	}
}

func TestHistoryRange(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t.json")
	os.WriteFile(p, []byte(`{"version":1,"scenarios":{"a.feature:3":604800,"b.feature:1":0,"c.feature:9":-2}}`), 0o644)
	_, _, _, err := Load(p)
	want := "timing history " + p + ` says "c.feature:9" took -2 s (accepted: 0 to 604800 s); it will be rewritten`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	os.WriteFile(p, []byte(`{"version":1,"scenarios":{"a.feature:3":604800,"b.feature:1":0}}`), 0o644)
	if h, _, _, err := Load(p); err != nil || len(h) != 2 {
		t.Errorf("within range: %v, %v", h, err)
	}
}

// Record keeps the mean of a scenario's estimate and each new sample: a
// scenario that computes 3 ms, sampled as 0 or 10 ms, nears 3 ms over
// runs; one without an estimate takes its first sample.
func TestRecordFoldsSamplesIntoAMean(t *testing.T) {
	for _, tc := range []struct {
		name    string
		before  CPU
		sampled []time.Duration
		want    float64
	}{
		{"first sample", CPU{}, []time.Duration{10 * time.Millisecond}, 0.010},
		{"first sample, none taken", CPU{}, []time.Duration{0}, 0},
		{"mean with the estimate", CPU{"a:1": 0.020}, []time.Duration{0}, 0.010},
		{"recent runs weigh most", CPU{}, []time.Duration{0, 0, 10 * time.Millisecond}, 0.005},
		{"a change of work shows within runs", CPU{"a:1": 0.200}, []time.Duration{0, 0, 0, 0}, 0.0125},
	} {
		for _, d := range tc.sampled {
			tc.before.Record("a:1", d)
		}
		if got := tc.before["a:1"]; math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: %g, want %g", tc.name, got, tc.want)
		}
	}
}

// TestSaveMatchesTheEncoder: Save writes the bytes json.Encoder with a
// two-space indent wrote, whatever the maps hold, and its error for a time
// JSON cannot hold.
func TestSaveMatchesTheEncoder(t *testing.T) {
	hostile := History{"a.feature:3": 0.25, "<b>&\"c\"\\ ünï \u2028\x01.feature:9": 1e-7, "z:1": 1e21, "m:2": 0,
		"tiny:1": 0.000001, "big:1": 123456789.123456789, "e:1": 1.5e-9, "x:1": 7,
		"negative zero:1": math.Copysign(0, -1), "negative:1": -2.5, "del\x7f:1": 1, "almost 1e21:1": 999999999999999999999.0}
	for name, f := range map[string]historyFile{
		"nil":             {Version: 1},
		"empty":           {Version: 1, Scenarios: History{}},
		"hostile":         {Version: 1, Scenarios: hostile, CPU: CPU{"a.feature:3": 0.125, "z:1": 3e-7}},
		"last order":      {Version: 1, Scenarios: History{"a:1": 1}, Last: Last{Order: `file order "<x>"`}},
		"last passed":     {Version: 1, Scenarios: hostile, Last: Last{Passed: map[string]bool{"a:1": true, "<b>:2": false}}},
		"last both":       {Version: 1, Scenarios: hostile, CPU: CPU{"a:1": 2}, Last: Last{Order: "longest first", Passed: map[string]bool{"a:1": true}}},
		"passed, empty":   {Version: 1, Scenarios: History{}, Last: Last{Passed: map[string]bool{}}},
		"order, empty":    {Version: 1, Scenarios: History{}, Last: Last{Order: "o", Passed: map[string]bool{}}},
		"another version": {Version: 7, Scenarios: History{"a:1": 1}},
	} {
		t.Run(name, func(t *testing.T) {
			var want strings.Builder
			enc := json.NewEncoder(&want)
			enc.SetIndent("", "  ")
			if err := enc.Encode(f); err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			if err := f.write(&got); err != nil || got.String() != want.String() {
				t.Errorf("got (%v)\n%s\nwant\n%s", err, got.String(), want.String())
			}
		})
	}
	path := filepath.Join(t.TempDir(), "timings.json")
	if err := (History{"a:1": math.NaN()}).Save(path, nil, Last{}); err == nil {
		t.Error("a NaN was saved")
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a file was written for a NaN")
	}
}

// handOut gives each scenario to the first worker free.
func TestHandOut(t *testing.T) {
	keys := []string{"a", "b", "c", "new"}
	h := History{"a": 3, "b": 1, "c": 2}
	for _, tc := range []struct {
		workers int
		ends    []float64
		last    float64
	}{
		{1, []float64{3, 4, 6, 6}, 6},
		{2, []float64{3, 1, 3, 3}, 3}, // c waits for b's worker
		{5000, []float64{3, 1, 2, 0}, 3},
	} {
		ends, last := handOut([]int{0, 1, 2, 3}, keys, h, tc.workers)
		if !slices.Equal(ends, tc.ends) || last != tc.last {
			t.Errorf("%d workers: ends %v, last %v; want %v, %v", tc.workers, ends, last, tc.ends, tc.last)
		}
	}
}

// BenchmarkInterleave orders 20,000 scenarios for the 8 workers auto
// starts with and for BDD_WORKERS=10000, the largest count accepted.
func BenchmarkInterleave(b *testing.B) {
	keys := make([]string, 20000)
	h, cpu := History{}, CPU{}
	for i := range keys {
		keys[i] = "f.feature:" + strconv.Itoa(i)
		h[keys[i]], cpu[keys[i]] = float64(i%97+1)/1000, float64(i%5)/1000
	}
	order := Order(keys, h, 0)
	for _, workers := range []int{8, 10000} {
		b.Run(strconv.Itoa(workers)+" workers", func(b *testing.B) {
			for b.Loop() {
				Interleave(order, keys, h, cpu, workers)
			}
		})
	}
}
