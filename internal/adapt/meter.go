package adapt

import (
	"runtime/metrics"
	"time"
)

// runnableMetric counts goroutines ready to run but not running (Go 1.26).
const runnableMetric = "/sched/goroutines/runnable:goroutines"

// Meter takes readings of the running process: its CPU time (from the
// operating system: getrusage on Unix, GetProcessTimes on Windows) and the
// Go scheduler's count of runnable goroutines (runtime/metrics). It is safe for use by one goroutine at a time.
type Meter struct {
	start   time.Time
	sample  []metrics.Sample
	cpuBase time.Duration
}

// NewMeter returns a meter whose readings count from now.
func NewMeter() *Meter {
	m := &Meter{start: time.Now(), sample: []metrics.Sample{{Name: runnableMetric}}}
	m.cpuBase, _ = ProcessCPU()
	return m
}

// Read returns the reading of now.
func (m *Meter) Read() Reading {
	r := Reading{Elapsed: time.Since(m.start), Runnable: -1}
	r.CPU = -1
	if cpu, ok := ProcessCPU(); ok {
		r.CPU = cpu - m.cpuBase
	}
	metrics.Read(m.sample)
	if v := m.sample[0].Value; v.Kind() == metrics.KindUint64 {
		r.Runnable = int(v.Uint64())
	}
	return r
}
