//go:build !unix

package atomicfile

import "os"

// alive reports whether process pid is running.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
