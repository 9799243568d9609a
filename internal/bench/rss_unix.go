//go:build linux || darwin

package bench

import (
	"os"
	"runtime"
	"syscall"
)

// maxRSS is the child's peak resident set size in bytes: ru_maxrss, in
// bytes on macOS and in KiB on Linux.
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	switch {
	case !ok:
		return 0
	case runtime.GOOS == "darwin":
		return ru.Maxrss
	}
	return ru.Maxrss * 1024
}
