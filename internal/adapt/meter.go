package adapt

import (
	"os"
	"path"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// runnableMetric counts goroutines ready to run but not running (Go 1.26).
const runnableMetric = "/sched/goroutines/runnable:goroutines"

// Meter takes readings for the controller. The CPU time is the whole
// machine's where it can be read, whoever keeps its CPUs busy (the runner,
// the programs its steps start, other processes): on Linux the cgroup (v2)
// of the process where a CPU limit is set (cpu.max on it or an ancestor:
// the CPU time its processes used, cpu.stat's usage_usec, against the
// limit), and /proc/stat otherwise (the busy and idle time of all cores).
// Elsewhere it is the process tree's (this process and the children it
// waited for: getrusage), or this process's alone (Windows). What waits
// for a core is the Go scheduler's runnable goroutines (runtime/metrics)
// and, from /proc/stat, the threads of every process ready to run beyond
// one per core. It is safe for use by one goroutine at a time.
type Meter struct {
	start    time.Time
	sample   []metrics.Sample
	readFile func(name string) ([]byte, error) // the machine's files: tests give their contents
	cgroup   string                            // the limiting cgroup's directory, "" for /proc/stat
	limit    float64                           // its limit, in cores
	machine  bool                              // the machine answered at the start; false: the process tree
	base     Reading                           // the machine's at start, or the process tree's CPU
	ownBase  time.Duration                     // the process's at start
}

// NewMeter returns a meter of this machine whose readings count from now.
func NewMeter() *Meter { return newMeter(os.ReadFile) }

// newMeter reads the machine through readFile, under the tightest CPU
// limit of the process's cgroup and the cgroup's ancestors, when one is set.
func newMeter(readFile func(string) ([]byte, error)) *Meter {
	m := &Meter{start: time.Now(), sample: []metrics.Sample{{Name: runnableMetric}}, readFile: readFile}
	b, _ := readFile("/proc/self/cgroup") // none: no limit
	for _, line := range strings.Split(string(b), "\n") {
		dir, ok := strings.CutPrefix(strings.TrimSpace(line), "0::")
		if !ok { // a v1 hierarchy: no cpu.max
			continue
		}
		for dir = path.Clean("/" + dir); ; dir = path.Dir(dir) {
			if l, ok := cpuMax(readFile, path.Join(cgroupRoot, dir)); ok && (m.limit == 0 || l < m.limit) {
				m.cgroup, m.limit = path.Join(cgroupRoot, dir), l
			}
			if dir == "/" {
				break
			}
		}
	}
	if m.base, m.machine = m.readMachine(0); !m.machine {
		m.base.CPU, _ = processTreeCPU()
	}
	m.ownBase, _ = ProcessCPU()
	return m
}

// Source names what the readings' CPU time is: "machine" (/proc/stat),
// "cgroup" (a CPU limit is set) or "processes" (the process tree).
func (m *Meter) Source() string {
	switch {
	case !m.machine:
		return "processes"
	case m.cgroup != "":
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
	if !m.machine {
		if cpu, ok := processTreeCPU(); ok {
			r.CPU = cpu - m.base.CPU
		}
		return r
	}
	if u, ok := m.readMachine(elapsed); ok {
		r.CPU, r.Capacity, r.Waiting, r.Resolution = u.CPU-m.base.CPU, u.Capacity-m.base.Capacity, u.Waiting, u.Resolution
	}
	return r
}

// readMachine returns the machine's reading now, its CPU time counted from
// an origin of the machine's own (boot, the cgroup's creation) that only
// differences cancel, its Capacity from the meter's start (elapsed ago: a
// cgroup's is its limit times elapsed). Only CPU, Capacity and Waiting are
// set; a cgroup's Waiting is unknown (/proc/stat counts the host's
// threads). False when the files cannot be read or make no sense.
func (m *Meter) readMachine(elapsed time.Duration) (Reading, bool) {
	if m.cgroup == "" {
		b, err := m.readFile("/proc/stat")
		if err != nil {
			return Reading{}, false
		}
		return parseStat(b, elapsed)
	}
	b, err := m.readFile(path.Join(m.cgroup, "cpu.stat"))
	if err != nil {
		return Reading{}, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "usage_usec "); ok {
			usec, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err != nil {
				return Reading{}, false
			}
			return Reading{CPU: time.Duration(usec) * time.Microsecond,
				Capacity: time.Duration(float64(elapsed) * m.limit), Waiting: -1}, true
		}
	}
	return Reading{}, false
}
