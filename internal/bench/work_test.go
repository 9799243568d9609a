package bench

import (
	"testing"
	"time"
)

func TestSpin(t *testing.T) {
	if Spin(3) != Spin(3) {
		t.Error("Spin is not deterministic")
	}
	if Spin(0) == Spin(1) || Spin(1) == Spin(2) {
		t.Error("Spin ignores its iteration count")
	}
}

// TestCalibrate runs on a clock that advances a fixed step at every
// reading, so the figure is exact: batches of 8 iterations until d has
// passed, over the time measured.
func TestCalibrate(t *testing.T) {
	for _, tc := range []struct {
		d, step time.Duration
		want    float64
	}{
		{4 * time.Millisecond, time.Millisecond, 8},         // 4 batches in 4 ms
		{0, time.Millisecond, 8},                            // at least 1 ms: 1 batch
		{2 * time.Millisecond, 500 * time.Microsecond, 16},  // 4 batches in 2 ms
		{time.Millisecond, 3 * time.Millisecond, 8.0 / 3.0}, // 1 batch overshooting to 3 ms
	} {
		clock := time.Unix(0, 0)
		now := func() time.Time { clock = clock.Add(tc.step); return clock }
		if got := calibrate(tc.d, now); got != tc.want {
			t.Errorf("calibrate(%v) with a %v step = %v, want %v", tc.d, tc.step, got, tc.want)
		}
	}
	if got := Calibrate(time.Millisecond); got <= 0 { // the real clock: some work was measured
		t.Errorf("Calibrate = %v, want > 0", got)
	}
}
