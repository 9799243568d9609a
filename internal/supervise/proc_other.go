//go:build unix && !linux

package supervise

import "syscall"

// procAttr puts the child in its own process group (a terminal's Ctrl-C
// reaches only the supervisor, which forwards it once).
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// followParent does nothing where a process cannot ask to be told of its
// parent's death.
func followParent() (stop func()) { return func() {} }
