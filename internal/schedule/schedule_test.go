package schedule

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
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
	h, err := LoadHistory(path)
	if err != nil || len(h) != 0 {
		t.Fatalf("missing file: %v, %v", h, err)
	}
	h.Record("f.feature:3", 1500*time.Millisecond)
	if err := h.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadHistory(path)
	if err != nil || got["f.feature:3"] != 1.5 {
		t.Fatalf("reloaded %v, %v", got, err)
	}
}

func TestHistoryProblems(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, content string }{
		{"not json", "{"},
		{"wrong version", `{"version":2,"scenarios":{}}`},
	} {
		p := filepath.Join(dir, tc.name)
		os.WriteFile(p, []byte(tc.content), 0o644)
		if h, err := LoadHistory(p); err == nil || len(h) != 0 {
			t.Errorf("%s: got %v, %v; want an empty history and an error", tc.name, h, err)
		}
	}
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, []byte(`{"version":1}`), 0o644)
	if h, err := LoadHistory(empty); err != nil || h == nil {
		t.Errorf("no scenarios: %v, %v", h, err)
	}
	if _, err := LoadHistory(dir); err == nil {
		t.Error("a directory should not load")
	}
	blocked := filepath.Join(dir, "file")
	os.WriteFile(blocked, nil, 0o644)
	if err := (History{}).Save(filepath.Join(blocked, "sub", "t.json")); err == nil {
		t.Error("saving under a file should fail")
	}
	if err := (History{}).Save(dir); err == nil {
		t.Error("saving over a directory should fail")
	}
}
