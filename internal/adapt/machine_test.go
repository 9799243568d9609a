package adapt

import (
	"io/fs"
	"strconv"
	"testing"
	"time"
)

// files is a machine's files, given to the meter to read.
type files map[string]string

func (f files) read(name string) ([]byte, error) {
	if s, ok := f[name]; ok {
		return []byte(s), nil
	}
	return nil, fs.ErrNotExist
}

// stat is /proc/stat on 2 cores with the given busy (user) and idle
// ticks, and threads running or ready to run.
func stat(user, idle, running int) string {
	return "cpu  " + strconv.Itoa(user) + " 0 0 " + strconv.Itoa(idle) + " 0 0 0 0 0 0\n" +
		"cpu0 1 0 0 1 0 0 0 0 0 0\ncpu1 1 0 0 1 0 0 0 0 0 0\n" +
		"intr 1 2 3\nctxt 5\nprocs_running " + strconv.Itoa(running) + "\nprocs_blocked 0\n"
}

// TestMachineJudgesEveryProcess reads the machine twice, as the meter does
// an interval apart, and judges the interval as the controller does: how
// busy the cores were, what waited for them, and the count it answers
// after a full window of such intervals (on 2 cores, from 8 workers, none
// of the runner's goroutines waiting).
func TestMachineJudgesEveryProcess(t *testing.T) {
	cgroup := files{
		"/proc/self/cgroup":                           "0::/user.slice/run.scope\n",
		"/sys/fs/cgroup/user.slice/cpu.max":           "150000 100000\n", // 1.5 cores
		"/sys/fs/cgroup/user.slice/run.scope/cpu.max": "max 100000\n",
		"/sys/fs/cgroup/user.slice/cpu.stat":          "usage_usec 1000000\nuser_usec 900000\n",
		"/proc/stat":                                  stat(0, 0, 40), // the host's: not read
	}
	for _, tc := range []struct {
		name        string
		before      files
		after       map[string]string // files that changed over the interval
		elapsed     time.Duration
		source      string
		busy        float64
		waiting     int
		wantWorkers int
	}{
		{
			name:    "idle machine: grow",
			before:  files{"/proc/stat": stat(1000, 5000, 1)},
			after:   map[string]string{"/proc/stat": stat(1010, 5090, 1)}, // 10 of 100 ticks busy
			elapsed: 500 * time.Millisecond,                               // 100 ticks of 2 cores
			source:  "machine", busy: 0.10, waiting: 0, wantWorkers: 16,
		},
		{
			name:    "busy machine from other processes, this one idle: hold",
			before:  files{"/proc/stat": stat(1000, 5000, 3)},
			after:   map[string]string{"/proc/stat": stat(1100, 5000, 3)}, // every tick busy
			elapsed: 500 * time.Millisecond,                               // 100 ticks of 2 cores
			source:  "machine", busy: 1, waiting: 1, wantWorkers: 8,
		},
		{
			name:    "programs the steps started queue for the cores between bursts: hold",
			before:  files{"/proc/stat": stat(1000, 5000, 40)},
			after:   map[string]string{"/proc/stat": stat(1060, 5040, 40)},
			elapsed: 500 * time.Millisecond, // 100 ticks of 2 cores
			source:  "machine", busy: 0.6, waiting: 38, wantWorkers: 8,
		},
		{
			name:    "other processes queue deep on full cores: hold, shed none",
			before:  files{"/proc/stat": stat(1000, 5000, 40)},
			after:   map[string]string{"/proc/stat": stat(1100, 5000, 40)},
			elapsed: 500 * time.Millisecond, // 100 ticks of 2 cores
			source:  "machine", busy: 1, waiting: 38, wantWorkers: 8,
		},
		{
			name:    "cgroup limit: its usage against the tightest limit",
			before:  cgroup,
			after:   map[string]string{"/sys/fs/cgroup/user.slice/cpu.stat": "usage_usec 1750000\n"},
			elapsed: time.Second, // 0.75 s of 1.5 cores x 1 s
			source:  "cgroup", busy: 0.5, waiting: -1, wantWorkers: 16,
		},
		{
			name:    "cgroup limit used up: hold",
			before:  cgroup,
			after:   map[string]string{"/sys/fs/cgroup/user.slice/cpu.stat": "usage_usec 2500000\n"},
			elapsed: time.Second,
			source:  "cgroup", busy: 1, waiting: -1, wantWorkers: 8,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := files{}
			for k, v := range tc.before {
				fsys[k] = v
			}
			m := newMeter(fsys.read)
			if m.Source() != tc.source {
				t.Fatalf("source %q, want %q", m.Source(), tc.source)
			}
			u0, ok := m.readMachine(0)
			if !ok {
				t.Fatal("first read failed")
			}
			for k, v := range tc.after {
				fsys[k] = v
			}
			u1, ok := m.readMachine(tc.elapsed)
			if !ok {
				t.Fatal("second read failed")
			}
			if u1.Waiting != tc.waiting {
				t.Errorf("waiting %d, want %d", u1.Waiting, tc.waiting)
			}
			if want := map[string]time.Duration{"machine": 20 * time.Millisecond}[tc.source]; u1.Resolution != want {
				t.Errorf("resolution %v, want %v: /proc/stat's ticks, two fields truncated each; a cgroup's microseconds", u1.Resolution, want)
			}
			// The same interval, a window of times over, through the controller.
			c := New(2, 64)
			at := func(i int, u Reading) Reading {
				return Reading{Elapsed: time.Duration(i) * Interval, CPU: time.Duration(i) * (u.CPU - u0.CPU),
					Capacity: time.Duration(i) * (u.Capacity - u0.Capacity), Waiting: u.Waiting, Resolution: u.Resolution}
			}
			if got := Utilisation(at(0, u0), at(1, u1), 2); got != tc.busy {
				t.Errorf("busy %v, want %v", got, tc.busy)
			}
			got := c.Next(at(0, u0), Queue{Scenarios: 100})
			for i := 1; i <= Window && got == 8; i++ { // until it changes the count
				got = c.Next(at(i, u1), Queue{Scenarios: 100})
			}
			if got != tc.wantWorkers {
				t.Errorf("%d workers, want %d", got, tc.wantWorkers)
			}
		})
	}
}

func TestMachineUnreadable(t *testing.T) {
	for _, tc := range []struct {
		name string
		fs   files
	}{
		{"no /proc (not Linux)", files{}},
		{"garbled /proc/stat", files{"/proc/stat": "cpu  a b c d\n"}},
		{"no cpu line", files{"/proc/stat": "procs_running 3\n"}},
		{"short cpu line", files{"/proc/stat": "cpu  1 2\n"}},
		{"no time passed since boot", files{"/proc/stat": stat(0, 0, 1)}},
		{"garbled usage", files{"/proc/self/cgroup": "0::/a\n", "/sys/fs/cgroup/a/cpu.max": "100000 100000\n",
			"/sys/fs/cgroup/a/cpu.stat": "usage_usec many\n"}},
		{"cgroup without cpu.stat", files{"/proc/self/cgroup": "0::/a\n", "/sys/fs/cgroup/a/cpu.max": "100000 100000\n"}},
		{"cgroup cpu.stat without usage", files{"/proc/self/cgroup": "0::/a\n", "/sys/fs/cgroup/a/cpu.max": "100000 100000\n",
			"/sys/fs/cgroup/a/cpu.stat": "user_usec 5\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if u, ok := newMeter(tc.fs.read).readMachine(time.Second); ok {
				t.Fatalf("read %+v, want nothing", u)
			}
		})
	}
}

func TestMachineIgnoresCgroupsWithoutLimit(t *testing.T) {
	m := newMeter(files{
		"/proc/self/cgroup":        "12:cpu,cpuacct:/docker/x\n0::/a\n",
		"/sys/fs/cgroup/a/cpu.max": "max 100000\n",
		"/sys/fs/cgroup/cpu.max":   "garbage\n",
		"/sys/fs/cgroup/b/cpu.max": "x 100000\n",
		"/proc/stat":               stat(1, 1, 1),
	}.read)
	if m.Source() != "machine" {
		t.Fatalf("source %q, want machine", m.Source())
	}
}

// TestMeterFallsBackToTheProcessTree: without a machine to read, the meter
// reads the process and the children it waited for.
func TestMeterFallsBackToTheProcessTree(t *testing.T) {
	m := newMeter(files{}.read)
	if m.Source() != "processes" {
		t.Fatalf("source %q, want processes", m.Source())
	}
	r := m.Read()
	if r.Capacity != 0 || r.Elapsed <= 0 {
		t.Fatalf("reading %+v: want elapsed time and no capacity", r)
	}
	if _, ok := processTreeCPU(); ok && r.CPU < 0 {
		t.Fatalf("reading %+v: want the process tree's CPU time", r)
	}
}

func TestMeterOfAMachineThatStopsAnswering(t *testing.T) {
	fsys := files{"/proc/stat": stat(10, 10, 5)}
	m := newMeter(fsys.read)
	if m.Source() != "machine" {
		t.Fatalf("source %q, want machine", m.Source())
	}
	fsys["/proc/stat"] = stat(30, 10, 5)
	if r := m.Read(); r.CPU != 200*time.Millisecond || r.Capacity != 2*r.Elapsed || r.Waiting != 3 {
		t.Fatalf("reading %+v: want 0.2s of 2 cores' elapsed time and the 3 threads waiting", r)
	}
	delete(fsys, "/proc/stat")
	if r := m.Read(); r.CPU != -1 {
		t.Fatalf("reading %+v: want no CPU time", r)
	}
}
