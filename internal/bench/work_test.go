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

func TestCalibrate(t *testing.T) {
	for _, d := range []time.Duration{0, 20 * time.Millisecond} {
		if got := Calibrate(d); got <= 0 {
			t.Errorf("Calibrate(%v) = %v, want > 0", d, got)
		}
	}
}
