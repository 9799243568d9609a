package atomicfile

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/fixtures/hostilefile"
)

// Create refuses, at once and in one line, whatever is not a regular file:
// a named pipe (opening it for writing would wait for a reader), a link
// to /dev/full or to a file (never followed, never emptied), a directory.
func TestCreateRefuses(t *testing.T) {
	dir := t.TempDir()
	paths := hostilefile.Make(t, dir, ".ndjson")
	kept := filepath.Join(dir, "kept.ndjson")
	mustWrite(t, kept, "another file's content")
	paths["a link to a regular file"] = filepath.Join(dir, "link.ndjson")
	if err := os.Symlink(kept, paths["a link to a regular file"]); err != nil {
		t.Fatal(err)
	}
	for name, path := range paths {
		t.Run(name, func(t *testing.T) {
			f, err := Create(path)
			if f != nil {
				f.Close()
			}
			if !IsRefused(err) {
				t.Fatalf("err = %v, want a *RefusedError", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, path+" is ") || !strings.HasSuffix(msg, "(accepted: a regular file, or nothing there)") || strings.Contains(msg, "\n") {
				t.Errorf("message %q: want one line naming %s and what is accepted", msg, path)
			}
		})
	}
	if b, _ := os.ReadFile(kept); string(b) != "another file's content" {
		t.Errorf("the file behind the link was changed to %q", b)
	}
}

// Create makes the directory and the file, and empties a file left there.
func TestCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reports", "journal.ndjson")
	for range 2 {
		f, err := Create(path)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString("one line\n")
		f.Close()
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "one line\n" {
		t.Fatalf("file holds %q, %v; want only the last run's line", b, err)
	}
	if _, err := Create(filepath.Join(path, "below-a-file")); err == nil {
		t.Error("Create below a file succeeded")
	}
}

// A temporary file left by a process that died while writing is removed
// by the next write of the same file; a running process's, and other
// files' temporary files, are not touched.
func TestWriteRemovesWhatAKilledWriterLeft(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "junit.xml")
	dead := deadPid(t)
	left := []string{
		".junit.xml." + strconv.Itoa(dead) + "-123.tmp", // killed while writing
		".junit.xml.987654321.tmp",                      // an older mush's name
	}
	live := []string{
		".junit.xml." + strconv.Itoa(os.Getpid()) + "-5.tmp", // this process, still writing
		".junit.xml.1-7.tmp",                             // init never ends
		".results.json." + strconv.Itoa(dead) + "-9.tmp", // another file's
	}
	for _, name := range append(append([]string{}, left...), live...) {
		mustWrite(t, filepath.Join(dir, name), strings.Repeat("x", 100))
	}
	if err := Write(path, writeString("<testsuites/>")); err != nil {
		t.Fatal(err)
	}
	want := append(live, "junit.xml")
	slices.Sort(want)
	assertOnly(t, dir, want...)
}

// deadPid is the process id of a process that ran and was waited for.
func deadPid(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatal(err)
		}
	}
	return cmd.ProcessState.Pid()
}
