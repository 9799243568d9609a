//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package adapt

import "time"

// ProcessCPU reports no CPU time where the platform has no portable call
// for it: the controller then never sees idle cores and keeps its start
// count, one worker per core.
func ProcessCPU() (time.Duration, bool) { return 0, false }
