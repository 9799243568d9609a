package adapt

import (
	"path"
	"strconv"
	"strings"
	"time"
)

// userHZ is the unit of /proc/stat's times: USER_HZ, 100 on every Linux
// kernel ABI. Only ratios of them count.
const userHZ = 100

const cgroupRoot = "/sys/fs/cgroup"

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

// parseStat reads /proc/stat: the first line sums every core's time in
// user, nice, system, idle, iowait, irq, softirq and steal (guest time is
// already in user and nice); idle and iowait are idle, the rest busy.
// The capacity is the cores ("cpuN" lines) times elapsed, not busy plus
// idle time: each is counted in whole ticks, so their sum over an
// interval is off by a tick or two where the cores times the wall time
// are exact. Resolution is two ticks: user and system time, the fields
// that move, are truncated each. procs_running counts the threads running
// or ready to run; beyond one per core they wait.
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
	u.Capacity, u.Waiting, u.Resolution = elapsed*time.Duration(cores), -1, 2*time.Second/userHZ
	if running >= 0 && cores > 0 {
		u.Waiting = max(running-cores, 0)
	}
	return u, total > 0 && cores > 0
}
