// Package runlock keeps two runs of one project apart: a run holds the
// lock of its reports directory from start to end, and a second run on
// the same directory (a terminal and an editor's test run, say) is
// refused with one line naming the first run's process, instead of
// truncating its journal and mixing its reports with the other run's.
//
// The lock is flock(2) on BDD_REPORTS_DIR/.mush.lock: the kernel drops
// it when the process ends, however it ends, so a killed run never leaves
// a stale lock. Where flock is missing (Windows) runs are not kept apart.
//
// Holding the lock, a run clears what earlier runs left there for their
// own use: the attempt-N directories of a supervised run's restarted
// feature runners.
package runlock

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/journal"
)

// File is the lock file's name in the reports directory.
const File = ".mush.lock"

// Take locks the reports directory dir (creating it) for this run and
// returns the function that unlocks it. When another run holds the lock,
// it returns a misuse error (exit 2) naming that run's process id.
//
// Its messages show dir, and the path of an error, relative to the working
// directory when they are inside it, as the user gave them.
func Take(dir string) (release func(), err error) {
	wd, _ := os.Getwd() // "": paths as they are
	shown := config.Shown(wd, dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, exitcode.Misusef("BDD_REPORTS_DIR=%q: cannot create it: %v", shown, relPath(wd, err))
	}
	path := filepath.Join(dir, File)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, exitcode.Misusef("BDD_REPORTS_DIR=%q: cannot create its lock %s: %v", shown, File, relPath(wd, err))
	}
	held, err := lock(f)
	if err != nil {
		f.Close()
		return nil, exitcode.Misusef("BDD_REPORTS_DIR=%q: cannot lock %s: %v", shown, File, err)
	}
	if !held {
		b := make([]byte, 32)
		n, _ := f.ReadAt(b, 0)
		f.Close()
		pid := "pid unknown"
		if p, err := strconv.Atoi(strings.TrimSpace(string(b[:n]))); err == nil {
			pid = "pid " + strconv.Itoa(p)
		}
		return nil, exitcode.Misusef("BDD_REPORTS_DIR=%q is in use by another mush run (%s): wait for it to end, or give this run a BDD_REPORTS_DIR of its own", shown, pid)
	}
	if err := f.Truncate(0); err == nil {
		fmt.Fprintf(f, "%d\n", os.Getpid())
	}
	removeAttempts(dir)
	return func() {
		unlock(f)
		f.Close()
	}, nil
}

// relPath is err with the path of an *fs.PathError shown from wd.
func relPath(wd string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		pe.Path = config.Shown(wd, pe.Path)
	}
	return err
}

// AttemptDir is the reports directory of feature runner n (n > 1) of a
// supervised run whose reports go to dir.
func AttemptDir(dir string, n int) string {
	return filepath.Join(dir, attemptPrefix+strconv.Itoa(n))
}

const attemptPrefix = "attempt-"

// removeAttempts removes the attempt directories an earlier run left in
// dir: attempt-N directories holding a journal or nothing, so that a
// directory of the user's that happens to share the name stays.
func removeAttempts(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		n, ok := strings.CutPrefix(e.Name(), attemptPrefix)
		if _, err := strconv.Atoi(n); !ok || err != nil || !e.IsDir() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if _, err := os.Lstat(filepath.Join(path, journal.File)); err == nil {
			os.RemoveAll(path)
		} else {
			os.Remove(path) // only if it is empty
		}
	}
}
