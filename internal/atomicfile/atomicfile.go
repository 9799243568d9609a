// Package atomicfile writes files so that readers see the old content or the
// new, never half of it (a temporary file in the same directory, renamed
// into place once whole), and reads files bounded: a regular file of at
// most a given size, never a named pipe or a device that does not end.
// A temporary file left by a process that was killed while writing is
// removed by the next write of the same file.
//
// A write does not wait for the disk (no fsync): what it writes (reports,
// timing histories, coverage, shard manifests) is made again by the next
// run, and only a crash of the machine itself could lose it, while a
// run's reports waited 8 ms for the disk on a 420-scenario run, and 40 ms
// when the disk was busy.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Write writes path through write: it creates the directory if needed,
// writes to a temporary file in that directory and renames it over path.
// On any error it removes the temporary file and leaves an existing file
// at path untouched, so readers never see a half-written file.
func Write(path string, write func(io.Writer) error) error {
	return replace(path, func(f *os.File) error {
		bw := bufio.NewWriter(f)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// WriteBy is Write for a program that writes a file by name (such as
// `go tool cover -html -o FILE`): fill gets the temporary file's name.
func WriteBy(path string, fill func(tmp string) error) error {
	return replace(path, func(f *os.File) error { return fill(f.Name()) })
}

// BeforeRename, when set (by a test, before any write starts), is called
// with path once its new content is whole in the temporary file, before
// the rename: a test interrupts a run there, in the middle of its reports.
var BeforeRename func(path string)

// replace fills a temporary file next to path and renames it over path.
func replace(path string, fill func(*os.File) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	sweep(path)
	f, err := os.CreateTemp(dir, tempPrefix(path)+strconv.Itoa(os.Getpid())+"-*.tmp")
	if err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	tmp := f.Name()
	err = fill(f)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && BeforeRename != nil {
		BeforeRename(path)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		if pe, ok := err.(*os.PathError); ok && pe.Path == tmp { // named once: path
			err = pe.Err
		}
		return fmt.Errorf("atomicfile: write %s: %w", path, err)
	}
	return nil
}

// tempPrefix starts the names of path's temporary files, which go on with
// the writer's process id, "-", a random part and ".tmp":
// .junit.xml.4242-123456.tmp.
func tempPrefix(path string) string { return "." + filepath.Base(path) + "." }

// sweep removes the temporary files of path that a process no longer
// running left behind (killed while it wrote); a live process's are its
// own business. A name without a process id (an older mush's) counts as
// left behind.
func sweep(path string) {
	dir, prefix := filepath.Dir(path), tempPrefix(path)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		middle, ok := strings.CutPrefix(e.Name(), prefix)
		middle, tmp := strings.CutSuffix(middle, ".tmp")
		if !ok || !tmp || !e.Type().IsRegular() {
			continue
		}
		pid, _, _ := strings.Cut(middle, "-")
		if n, err := strconv.Atoi(pid); err == nil && n > 0 && (n == os.Getpid() || alive(n)) {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// Create creates, or empties, the regular file at path for appending,
// creating its directory: the file a run writes as it goes (its journal).
// A symbolic link, a named pipe, a device, a socket or a directory at path
// is a *RefusedError, found without blocking and without following the
// link: nothing is opened for writing through it, and nothing is emptied.
func Create(path string) (*os.File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return nil, &RefusedError{Path: path, What: Kind(info.Mode())}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND|openNoFollow|openNonblocking, 0o644)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() { // replaced since the check
		err = &RefusedError{Path: path, What: Kind(info.Mode())}
	}
	if err == nil {
		err = f.Truncate(0)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
