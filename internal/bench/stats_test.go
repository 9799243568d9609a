package bench

import "testing"

func TestSummarize(t *testing.T) {
	for _, tc := range []struct {
		name  string
		walls []float64
		want  Stats
	}{
		{"none", nil, Stats{}},
		{"one", []float64{3}, Stats{3, 3, 3}},
		{"odd, unsorted", []float64{5, 1, 3}, Stats{3, 1, 5}},
		{"even: mean of the middle two", []float64{4, 1, 2, 10}, Stats{3, 1, 10}},
		{"ties", []float64{2, 2, 2}, Stats{2, 2, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]float64(nil), tc.walls...)
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
