//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package adapt

import (
	"syscall"
	"time"
)

// ProcessCPU is the CPU time (user and system) the process used so far.
func ProcessCPU() (time.Duration, bool) { return rusage(syscall.RUSAGE_SELF) }

// processTreeCPU is the CPU time of the process and of the children it
// waited for: a step's program counts once it ended.
func processTreeCPU() (time.Duration, bool) {
	self, ok := rusage(syscall.RUSAGE_SELF)
	children, ok2 := rusage(syscall.RUSAGE_CHILDREN)
	return self + children, ok && ok2
}

func rusage(who int) (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
