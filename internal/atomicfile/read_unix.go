//go:build unix

package atomicfile

import "syscall"

// openNonblocking opens a named pipe that replaced a checked file without
// waiting for a writer (the check after the open then refuses it); it
// changes nothing for a regular file.
const openNonblocking = syscall.O_NONBLOCK

// openNoFollow refuses a symbolic link as the last part of a path.
const openNoFollow = syscall.O_NOFOLLOW
