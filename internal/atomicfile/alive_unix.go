//go:build unix

package atomicfile

import (
	"errors"
	"syscall"
)

// alive reports whether process pid is running (signal 0 checks without
// sending anything; EPERM is a process of another user).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
