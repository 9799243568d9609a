//go:build windows

package adapt

import (
	"syscall"
	"time"
)

// ProcessCPU is the CPU time (user and kernel) the process used so far.
func ProcessCPU() (time.Duration, bool) {
	var created, exited, kernel, user syscall.Filetime
	h, err := syscall.GetCurrentProcess()
	if err != nil {
		return 0, false
	}
	if err := syscall.GetProcessTimes(h, &created, &exited, &kernel, &user); err != nil {
		return 0, false
	}
	// Filetimes count 100 ns intervals.
	ticks := func(f syscall.Filetime) int64 { return int64(f.HighDateTime)<<32 | int64(f.LowDateTime) }
	return time.Duration((ticks(kernel) + ticks(user)) * 100), true
}

// processTreeCPU is the process's CPU time: Windows keeps no total of the
// children a process waited for.
func processTreeCPU() (time.Duration, bool) { return ProcessCPU() }
