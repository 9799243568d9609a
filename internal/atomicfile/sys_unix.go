//go:build unix

package atomicfile

import (
	"errors"
	"syscall"
)

// openNonblocking opens a named pipe that replaced a checked file without
// waiting for a writer (the check after the open then refuses it); it
// changes nothing for a regular file.
const openNonblocking = syscall.O_NONBLOCK

// openNoFollow refuses a symbolic link as the last part of a path.
const openNoFollow = syscall.O_NOFOLLOW

// alive reports whether process pid is running (signal 0 checks without
// sending anything; EPERM is a process of another user).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
