//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package adapt

import "time"

// ProcessCPU reports no CPU time where the platform has no portable call
// for it: the meter's readings then say so (Reading.CPU -1) and the
// controller keeps its start count, PerCore workers per core.
func ProcessCPU() (time.Duration, bool) { return 0, false }

func processTreeCPU() (time.Duration, bool) { return ProcessCPU() }
