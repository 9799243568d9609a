package bench

import (
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	s := time.Second
	for _, tc := range []struct {
		name  string
		walls []time.Duration
		want  Stats
	}{
		{"none", nil, Stats{}},
		{"one", []time.Duration{3 * s}, Stats{3 * s, 3 * s, 3 * s}},
		{"odd, unsorted", []time.Duration{5 * s, 1 * s, 3 * s}, Stats{3 * s, 1 * s, 5 * s}},
		{"even: mean of the middle two", []time.Duration{4 * s, 1 * s, 2 * s, 10 * s}, Stats{3 * s, 1 * s, 10 * s}},
		{"ties", []time.Duration{2 * s, 2 * s, 2 * s}, Stats{2 * s, 2 * s, 2 * s}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]time.Duration(nil), tc.walls...)
			if got := Summarize(tc.walls); got != tc.want {
				t.Errorf("Summarize(%v) = %+v, want %+v", tc.walls, got, tc.want)
			}
			for i := range in {
				if in[i] != tc.walls[i] {
					t.Fatal("Summarize reordered its input")
				}
			}
		})
	}
}

func TestRatio(t *testing.T) {
	for _, tc := range []struct{ a, b, want float64 }{
		{10, 2, 5}, {1, 4, 0.25}, {0, 3, 0}, {3, 0, 0}, {-1, 2, 0},
	} {
		if got := ratio(tc.a, tc.b); got != tc.want {
			t.Errorf("ratio(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
