package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Size limits shared by several kinds of file (README, "What mush
// refuses"). A kind of file with a limit of its own names it where it is
// read.
const (
	// MaxRecordSize bounds the files mush reads whatever their size in a
	// large project: what it wrote itself and reads back (journals,
	// results.json), coverage profiles and the Go sources it counts
	// statements in. It is there so that /dev/zero behind a link ends.
	MaxRecordSize = 1 << 30
)

// RefusedError is a file mush does not read: not a regular file, or
// larger than the limit of its kind. Its message is one line naming the
// file and what is accepted.
type RefusedError struct {
	Path  string
	What  string // "a named pipe", "a directory", ..., "larger than 1 MiB"
	Limit int64  // 0 for a file mush writes (Create)
}

func (e *RefusedError) Error() string {
	if e.Limit == 0 { // a file mush writes: no size to accept
		return fmt.Sprintf("%s is %s (accepted: a regular file, or nothing there)", e.Path, e.What)
	}
	return fmt.Sprintf("%s is %s (accepted: a regular file of at most %s)", e.Path, e.What, FormatSize(e.Limit))
}

// IsRefused reports whether err is, or wraps, a *RefusedError.
func IsRefused(err error) bool {
	var r *RefusedError
	return errors.As(err, &r)
}

// ReadFile reads the file at path whole, with Open's checks: a named
// pipe, a device such as /dev/zero, a directory or a socket (after
// symbolic links) is refused without reading a byte, and so is a file of
// more than limit bytes, whatever size it claims. A missing file gives an
// error for which errors.Is(err, fs.ErrNotExist) holds.
func ReadFile(path string, limit int64) ([]byte, error) {
	r, err := Open(path, limit)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b := bytes.NewBuffer(make([]byte, 0, min(r.size, limit)+bytes.MinRead))
	if _, err := b.ReadFrom(r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Reader reads a regular file, failing with a *RefusedError once it has
// given limit bytes and there are more.
type Reader struct {
	f     *os.File
	path  string
	limit int64
	left  int64 // bytes still allowed
	size  int64 // as the file system reports it
}

// Open opens the regular file at path (after symbolic links) for
// reading, at most limit bytes. Anything else is a *RefusedError, found
// without blocking: a named pipe is never opened for reading, nor is a
// file that a named pipe replaced between the check and the open.
func Open(path string, limit int64) (*Reader, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := check(path, info, limit); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNonblocking, 0)
	if err != nil {
		return nil, err
	}
	if info, err = f.Stat(); err == nil {
		err = check(path, info, limit)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Reader{f: f, path: path, limit: limit, left: limit, size: info.Size()}, nil
}

// check refuses what is not a regular file of at most limit bytes.
func check(path string, info fs.FileInfo, limit int64) error {
	switch mode := info.Mode(); {
	case mode.IsRegular() && info.Size() > limit:
		return &RefusedError{Path: path, What: "larger than " + FormatSize(limit), Limit: limit}
	case mode.IsRegular():
		return nil
	default:
		return &RefusedError{Path: path, What: Kind(mode), Limit: limit}
	}
}

// Kind names what a file that is not a regular file is, for a message.
func Kind(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeSymlink != 0:
		return "a symbolic link, not a regular file"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe, not a regular file"
	case mode&fs.ModeSocket != 0:
		return "a socket, not a regular file"
	case mode&fs.ModeDevice != 0:
		return "a device, not a regular file"
	}
	return "not a regular file"
}

// Read reads from the file; past the limit it fails with a *RefusedError.
func (r *Reader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		var one [1]byte
		n, err := r.f.Read(one[:])
		if n > 0 {
			return 0, &RefusedError{Path: r.path, What: "larger than " + FormatSize(r.limit), Limit: r.limit}
		}
		return 0, err
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n, err := r.f.Read(p)
	r.left -= int64(n)
	return n, err
}

// ReadAt reads len(p) bytes from offset off, within the limit.
func (r *Reader) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > r.limit {
		return 0, &RefusedError{Path: r.path, What: "larger than " + FormatSize(r.limit), Limit: r.limit}
	}
	return r.f.ReadAt(p, off)
}

// Size is the file's size as the file system reported it at Open.
func (r *Reader) Size() int64 { return r.size }

// Close closes the file.
func (r *Reader) Close() error { return r.f.Close() }

// FormatSize writes a limit in the largest binary unit that divides it:
// 1 MiB, 16 MiB, 1 GiB, 300 bytes.
func FormatSize(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
