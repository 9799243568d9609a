//go:build !linux

package adapt

import "time"

// threadCPU reports no measure: only Linux gives a thread's CPU time
// through a portable system call.
func threadCPU() (time.Duration, bool) { return 0, false }
