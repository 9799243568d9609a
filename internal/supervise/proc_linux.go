package supervise

import "syscall"

// procAttr puts the child in its own process group (a terminal's Ctrl-C
// reaches only the supervisor, which forwards it once) and asks the kernel
// to send it SIGTERM should the supervisor die first, so no child is left
// behind; the runner handles SIGTERM and exits cleanly.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}
