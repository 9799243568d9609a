package bench

import (
	"os"
	"syscall"
)

// maxRSS is the child's peak resident set size in bytes; macOS reports
// ru_maxrss in bytes.
func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss
	}
	return 0
}

// treeRSS is not measured on this platform.
func treeRSS(int) (int64, []int) { return 0, nil }
