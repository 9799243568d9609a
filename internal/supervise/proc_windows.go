package supervise

import (
	"os"
	"syscall"
)

// On Windows there are neither process groups to signal nor a way to send
// a console interrupt to one child, so the supervisor stops the child
// itself: the child runs in a new process group, which a console Ctrl-C
// does not reach, and an interrupt kills it. The scenarios it was running
// get no grace period; they are reported interrupted, and every result in
// the journal is kept. Processes the child started itself are not killed
// with it, and a child outlives a supervisor that is killed.

func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP}
}

// interrupt stops the child at once.
func interrupt(p *os.Process, _ os.Signal) {
	p.Kill()
}

// killGroup kills the child, should it still run.
func killGroup(p *os.Process) {
	p.Kill()
}

// followParent does nothing on Windows (see above).
func followParent() (stop func()) { return func() {} }
