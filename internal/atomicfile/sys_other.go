//go:build !unix

package atomicfile

import "os"

// openNonblocking is 0 where named pipes are not files in the file system.
const openNonblocking = 0

// openNoFollow is 0 where the system has no such flag; Create still checks
// the path before it opens it.
const openNoFollow = 0

// alive reports whether process pid is running.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
