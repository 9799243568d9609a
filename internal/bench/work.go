package bench

import (
	"crypto/sha256"
	"time"
)

// spinBlock is the input hashed by one iteration of Spin. It is read-only,
// so any number of goroutines may spin at once.
var spinBlock = make([]byte, 16<<10)

// Spin burns CPU: it hashes a 16 KiB block iters times and returns the
// digest (so the work cannot be optimised away). The loop body is one call
// into the standard library, so a coverage-instrumented build adds one
// counter update per ~10 µs of work, not one per instruction: the CPU-bound
// steps stand for code under test, not for coverage counters.
func Spin(iters int) [sha256.Size]byte {
	d := sha256.New()
	for range iters {
		d.Write(spinBlock)
	}
	var sum [sha256.Size]byte
	d.Sum(sum[:0])
	return sum
}

// Calibrate measures how many Spin iterations one core of this machine runs
// per millisecond, spinning for about d (at least 1 ms). The benchmark
// measures this once and hands the figure to every child process, so a
// step "I compute for 20 ms" is the same amount of work in every contender.
func Calibrate(d time.Duration) float64 {
	return calibrate(d, time.Now)
}

// calibrate is Calibrate on the clock now: it spins in batches until d has
// passed and returns the iterations per millisecond of the time measured.
func calibrate(d time.Duration, now func() time.Time) float64 {
	d = max(d, time.Millisecond)
	const batch = 8
	iters := 0
	start := now()
	var elapsed time.Duration
	for elapsed < d {
		Spin(batch)
		iters += batch
		elapsed = now().Sub(start)
	}
	return float64(iters) / (float64(elapsed) / float64(time.Millisecond))
}
