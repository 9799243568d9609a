package adapt

import (
	"os"
	"path"
	"strconv"
	"strings"
	"time"
)

// Machine reads how busy the machine's CPUs are, whoever keeps them busy:
// the runner, the programs its steps start, other processes. On Linux it
// reads the cgroup (v2) of the process where a CPU limit is set (cpu.max
// on it or an ancestor: the CPU time its processes used, cpu.stat's
// usage_usec, against the limit), and /proc/stat otherwise (the busy and
// idle time of all cores, and the threads running or ready to run).
// Elsewhere it reads nothing, and the meter falls back to the process
// tree. Its files come through ReadFile, so that tests give their contents.
type Machine struct {
	ReadFile func(name string) ([]byte, error)
	cgroup   string  // the limiting cgroup's directory, "" for /proc/stat
	limit    float64 // its limit, in cores
}

// userHZ is the unit of /proc/stat's times: USER_HZ, 100 on every Linux
// kernel ABI. Only ratios of them count.
const userHZ = 100

const cgroupRoot = "/sys/fs/cgroup"

// NewMachine returns the machine as the process sees it, read through
// readFile (os.ReadFile when nil): the tightest CPU limit of its cgroup
// and the cgroup's ancestors, when one is set.
func NewMachine(readFile func(string) ([]byte, error)) *Machine {
	if readFile == nil {
		readFile = os.ReadFile
	}
	m := &Machine{ReadFile: readFile}
	b, err := readFile("/proc/self/cgroup")
	if err != nil {
		return m
	}
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
	return m
}

// cpuMax reads a cgroup's cpu.max ("QUOTA PERIOD" or "max PERIOD") as a
// number of cores; false when no limit is set.
func cpuMax(readFile func(string) ([]byte, error), dir string) (float64, bool) {
	b, err := readFile(path.Join(dir, "cpu.max"))
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return 0, false
	}
	quota, err1 := strconv.ParseFloat(f[0], 64)
	period, err2 := strconv.ParseFloat(f[1], 64)
	if err1 != nil || err2 != nil || quota <= 0 || period <= 0 {
		return 0, false
	}
	return quota / period, true
}

// Read returns the machine's reading now, its CPU time counted from an
// origin of the machine's own (boot, the cgroup's creation) that only
// differences cancel, its Capacity from the caller's (elapsed ago: a
// cgroup's is its limit times elapsed). Only CPU, Capacity and Waiting
// are set. False when the files cannot be read or make no sense.
func (m *Machine) Read(elapsed time.Duration) (Reading, bool) {
	if m.cgroup != "" {
		return m.readCgroup(elapsed)
	}
	b, err := m.ReadFile("/proc/stat")
	if err != nil {
		return Reading{}, false
	}
	return parseStat(b, elapsed)
}

// readCgroup reads usage_usec from the limiting cgroup's cpu.stat. The
// threads waiting for a core are unknown: /proc/stat counts the host's.
func (m *Machine) readCgroup(elapsed time.Duration) (Reading, bool) {
	b, err := m.ReadFile(path.Join(m.cgroup, "cpu.stat"))
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

// parseStat reads /proc/stat: the first line sums every core's time in
// user, nice, system, idle, iowait, irq, softirq and steal (guest time is
// already in user and nice); idle and iowait are idle, the rest busy.
// The capacity is the cores ("cpuN" lines) times elapsed, not busy plus
// idle time: each is counted in whole ticks, so their sum over an
// interval is off by a tick or two where the cores times the wall time
// are exact. procs_running counts the threads running or ready to run;
// beyond one per core they wait.
func parseStat(b []byte, elapsed time.Duration) (Reading, bool) {
	var u Reading
	cores, running, total := 0, -1, int64(0)
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case f[0] == "cpu":
			if len(f) < 5 {
				return Reading{}, false
			}
			var busy, idle int64
			for i, v := range f[1:min(len(f), 9)] {
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil || n < 0 {
					return Reading{}, false
				}
				if i == 3 || i == 4 { // idle, iowait
					idle += n
				} else {
					busy += n
				}
			}
			tick := time.Second / userHZ
			u.CPU, total = time.Duration(busy)*tick, busy+idle
		case strings.HasPrefix(f[0], "cpu"):
			cores++
		case f[0] == "procs_running" && len(f) == 2:
			if n, err := strconv.Atoi(f[1]); err == nil {
				running = n
			}
		}
	}
	u.Capacity, u.Waiting = elapsed*time.Duration(cores), -1
	if running >= 0 && cores > 0 {
		u.Waiting = max(running-cores, 0)
	}
	return u, total > 0 && cores > 0
}
