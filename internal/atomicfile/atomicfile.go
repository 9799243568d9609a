// Package atomicfile writes files so that readers see the old content or the
// new, never half of it (a temporary file in the same directory, synced,
// then renamed into place), and reads files bounded: a regular file of at
// most a given size, never a named pipe or a device that does not end.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write writes path through write: it creates the directory if needed,
// writes to a temporary file in that directory, syncs it and renames it over
// path. On any error it removes the temporary file and leaves an existing
// file at path untouched, so readers never see a half-written file.
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

// replace fills a temporary file next to path and renames it over path.
func replace(path string, fill func(*os.File) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	tmp := f.Name()
	err = fill(f)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("atomicfile: write %s: %w", path, err)
	}
	return nil
}
