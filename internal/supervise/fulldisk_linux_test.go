package supervise_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// cannotMount is the exit code of a "tmpfs" child that could not mount
// its file system: the test skips.
const cannotMount = 99

func init() {
	// A supervised run whose reports directory is a tmpfs of two pages,
	// mounted in a user and mount namespace of the child's own: the
	// lock file takes one, the journal fills the other mid-run, and the
	// reports find no room. Its outcome is printed for the test.
	systemChildren["tmpfs"] = func() {
		reports := os.Getenv("TMPFS_REPORTS")
		if err := syscall.Mount("tmpfs", reports, "tmpfs", 0, "size=8k"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(cannotMount)
		}
		res, err := superviseHere(nil, "BDD_REPORTS_DIR="+reports, "BDD_TIMINGS="+filepath.Join(filepath.Dir(reports), "timings.json"),
			"BDD_WORKERS=1", "BDD_PATHS=../fixtures/testdata/arithmetic.feature")
		entries, _ := os.ReadDir(reports)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		fmt.Fprintf(os.Stderr, "left: %s\nclosing: %s\n", strings.Join(names, ","), res.Closing)
		exitWith(res, err)
	}
}

// The same as TestJournalWriteFailureIsNoCrash on a real full disk, where
// this system lets a test mount one (user namespaces, or root); the
// injected file size limit covers the rest.
func TestJournalOnAFullTmpfs(t *testing.T) {
	reports := filepath.Join(t.TempDir(), "reports")
	if err := os.Mkdir(reports, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), childVar + "=tmpfs", "TMPFS_REPORTS=" + reports}
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if err != nil && cmd.ProcessState == nil {
		t.Skipf("no user namespace for a tmpfs here (%v); TestJournalWriteFailureIsNoCrash covers the case", err)
	}
	if cmd.ProcessState.ExitCode() == cannotMount {
		t.Skipf("cannot mount a tmpfs here (%s); TestJournalWriteFailureIsNoCrash covers the case", strings.TrimSpace(errOut.String()))
	}
	stderr := errOut.String()
	closing := "" // the "closing: " line, whatever an instrumented binary adds after it
	for _, l := range strings.Split(stderr, "\n") {
		if rest, ok := strings.CutPrefix(l, "closing: "); ok {
			closing = rest
		}
	}
	checkWriteFailure(t, cmd.ProcessState.ExitCode(), out.String(), stderr, closing, "no space left on device")
	if !strings.Contains(stderr, "mush: cannot write the reports: ") || !strings.Contains(stderr, "no space left on device") {
		t.Errorf("the reports' failure is not said:\n%s", stderr)
	}
	if !strings.Contains(stderr, "\nleft: .mush.lock,journal.ndjson") {
		t.Errorf("the full directory holds more than the lock and the journal (a second runner's, a half report):\n%s", stderr)
	}
}
