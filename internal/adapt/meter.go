package adapt

import (
	"runtime/metrics"
	"time"
)

// runnableMetric counts goroutines ready to run but not running (Go 1.26).
const runnableMetric = "/sched/goroutines/runnable:goroutines"

// Meter takes readings for the controller. The CPU time is the whole
// machine's where it can be read (Machine: /proc/stat, or the cgroup where
// a CPU limit is set), so that the programs the steps start and the other
// processes on the machine count; elsewhere the process tree's (this
// process and the children it waited for: getrusage), or this process's
// alone (Windows). What waits for a core is the Go scheduler's runnable
// goroutines (runtime/metrics) and, from /proc/stat, the threads of every
// process ready to run beyond one per core. It is safe for use by one
// goroutine at a time.
type Meter struct {
	start   time.Time
	sample  []metrics.Sample
	machine *Machine      // nil: the process tree
	base    Reading       // the machine's at start, or the process tree's CPU
	ownBase time.Duration // the process's at start
}

// NewMeter returns a meter of this machine whose readings count from now.
func NewMeter() *Meter { return newMeter(NewMachine(nil)) }

func newMeter(mc *Machine) *Meter {
	m := &Meter{start: time.Now(), sample: []metrics.Sample{{Name: runnableMetric}}}
	if u, ok := mc.Read(0); ok {
		m.machine, m.base = mc, u
	} else {
		m.base.CPU, _ = processTreeCPU()
	}
	m.ownBase, _ = ProcessCPU()
	return m
}

// Source names what the readings' CPU time is: "machine" (/proc/stat),
// "cgroup" (a CPU limit is set) or "processes" (the process tree).
func (m *Meter) Source() string {
	switch {
	case m.machine == nil:
		return "processes"
	case m.machine.cgroup != "":
		return "cgroup"
	}
	return "machine"
}

// Read returns the reading of now.
func (m *Meter) Read() Reading {
	elapsed := time.Since(m.start)
	r := Reading{Elapsed: elapsed, CPU: -1, Runnable: -1, Waiting: -1}
	metrics.Read(m.sample)
	if v := m.sample[0].Value; v.Kind() == metrics.KindUint64 {
		r.Runnable = int(v.Uint64())
	}
	if own, ok := ProcessCPU(); ok {
		r.Own = max(own-m.ownBase, 1) // 0 would say unknown
	}
	if m.machine == nil {
		if cpu, ok := processTreeCPU(); ok {
			r.CPU = cpu - m.base.CPU
		}
		return r
	}
	if u, ok := m.machine.Read(elapsed); ok {
		r.CPU, r.Capacity, r.Waiting = u.CPU-m.base.CPU, u.Capacity-m.base.Capacity, u.Waiting
	}
	return r
}
