// Package runlock keeps two runs of one project apart: a run holds the
// lock of its reports directory from start to end, and a second run on
// the same directory (a terminal and an editor's test run, say) is
// refused with one line naming the first run's process, instead of
// truncating its journal and mixing its reports with the other run's.
//
// The lock is flock(2) on BDD_REPORTS_DIR/.mush.lock: the kernel drops
// it when the process ends, however it ends, so a killed run never leaves
// a stale lock. Where flock is missing (Windows) runs are not kept apart.
package runlock

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mushbdd/mush/internal/exitcode"
)

// File is the lock file's name in the reports directory.
const File = ".mush.lock"

// Take locks the reports directory dir (creating it) for this run and
// returns the function that unlocks it. When another run holds the lock,
// it returns a misuse error (exit 2) naming that run's process id.
func Take(dir string) (release func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, exitcode.Misusef("BDD_REPORTS_DIR=%q: cannot create it: %v", dir, err)
	}
	path := filepath.Join(dir, File)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, exitcode.Misusef("BDD_REPORTS_DIR=%q: cannot create its lock %s: %v", dir, File, err)
	}
	held, err := lock(f)
	if err != nil {
		f.Close()
		return nil, exitcode.Misusef("BDD_REPORTS_DIR=%q: cannot lock %s: %v", dir, File, err)
	}
	if !held {
		b := make([]byte, 32)
		n, _ := f.ReadAt(b, 0)
		f.Close()
		pid := "pid unknown"
		if p, err := strconv.Atoi(strings.TrimSpace(string(b[:n]))); err == nil {
			pid = "pid " + strconv.Itoa(p)
		}
		return nil, exitcode.Misusef("BDD_REPORTS_DIR=%q is in use by another mush run (%s): wait for it to end, or give this run a BDD_REPORTS_DIR of its own", dir, pid)
	}
	if err := f.Truncate(0); err == nil {
		fmt.Fprintf(f, "%d\n", os.Getpid())
	}
	return func() {
		unlock(f)
		f.Close()
	}, nil
}
