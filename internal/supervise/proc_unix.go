//go:build unix

package supervise

import (
	"os"
	"syscall"
)

// interrupt passes sig on to the child, which stops cleanly: no new
// scenario, a grace period for the running ones, its partial summary.
func interrupt(p *os.Process, sig os.Signal) {
	p.Signal(sig)
}

// killGroup kills whatever the child left running in its process group.
func killGroup(p *os.Process) {
	syscall.Kill(-p.Pid, syscall.SIGKILL)
}
