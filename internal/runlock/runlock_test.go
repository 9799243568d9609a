package runlock

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/exitcode"
)

func TestTake(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock: runs are not kept apart")
	}
	dir := filepath.Join(t.TempDir(), "reports")
	release, err := Take(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Take(dir)
	want := fmt.Sprintf("BDD_REPORTS_DIR=%q is in use by another mush run (pid %d): wait for it to end, or give this run a BDD_REPORTS_DIR of its own", dir, os.Getpid())
	if err == nil || err.Error() != want || exitcode.Code(err) != exitcode.Misuse {
		t.Fatalf("second Take: %v (exit %d), want %q, exit 2", err, exitcode.Code(err), want)
	}
	other, err := Take(filepath.Join(t.TempDir(), "other"))
	if err != nil {
		t.Fatalf("another directory: %v", err)
	}
	other()
	release()
	again, err := Take(dir)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again()
}

func TestTakeErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := Take(filepath.Join(file, "reports")); err == nil || !strings.Contains(err.Error(), "cannot create it") || exitcode.Code(err) != exitcode.Misuse {
		t.Errorf("reports under a file: %v", err)
	}
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, File), 0o755)
	if _, err := Take(dir); err == nil || !strings.Contains(err.Error(), "cannot create its lock") {
		t.Errorf("lock is a directory: %v", err)
	}
}

// A run that takes the lock removes the attempt directories an earlier
// run left (a restarted feature runner's reports), and nothing else.
func TestTakeRemovesEarlierAttempts(t *testing.T) {
	dir := t.TempDir()
	for name, file := range map[string]string{
		"attempt-2": "journal.ndjson", "attempt-3": "", // an earlier run's
		"attempt-4": "notes.txt", "attempt-x": "journal.ndjson", // the user's
	} {
		os.MkdirAll(filepath.Join(dir, name), 0o755)
		if file != "" {
			os.WriteFile(filepath.Join(dir, name, file), []byte("{}\n"), 0o644)
		}
	}
	os.WriteFile(filepath.Join(dir, "attempt-5"), nil, 0o644)
	release, err := Take(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if want := File + ",attempt-4,attempt-5,attempt-x"; strings.Join(left, ",") != want {
		t.Errorf("left %v, want %s", left, want)
	}
	if got := AttemptDir(dir, 2); got != filepath.Join(dir, "attempt-2") {
		t.Errorf("AttemptDir = %s", got)
	}
}
