package supervise

import (
	"os"
	"syscall"
)

// procAttr puts the child in its own process group (a terminal's Ctrl-C
// reaches only the supervisor, which forwards it once) and asks the kernel
// to send it SIGTERM should the supervisor die first, so no child is left
// behind; the runner handles SIGTERM and exits cleanly.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}

// followParent asks the kernel to send this process SIGTERM should its
// parent die first, until the returned function is called: `go tool mage`
// passes a SIGTERM on to mage, which dies of it without passing it on,
// and the run would go on, detached. With it, the supervisor stops its
// children as for a SIGTERM of its own (partial summary, reports).
func followParent() (stop func()) {
	ppid := os.Getppid()
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0); errno != 0 {
		return func() {}
	}
	if os.Getppid() != ppid { // it died before the request
		syscall.Kill(os.Getpid(), syscall.SIGTERM)
	}
	return func() { syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, 0, 0) }
}
