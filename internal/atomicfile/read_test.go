package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/fixtures/hostilefile"
)

func TestReadFileRefuses(t *testing.T) {
	paths := hostilefile.Make(t, t.TempDir(), ".feature")
	if _, err := os.Stat("/dev/zero"); err == nil {
		paths["/dev/zero itself"] = "/dev/zero"
	}
	for name, path := range paths {
		t.Run(name, func(t *testing.T) {
			_, err := ReadFile(path, 1<<20)
			var refused *RefusedError
			if !errors.As(err, &refused) || !IsRefused(err) {
				t.Fatalf("err = %v, want a *RefusedError", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, path+" is ") || !strings.HasSuffix(msg, "(accepted: a regular file of at most 1 MiB)") || strings.Contains(msg, "\n") {
				t.Errorf("message %q: want one line naming %s and what is accepted", msg, path)
			}
		})
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.txt")
	mustWrite(t, small, "hello\n")
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(small, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		limit      int64
		want       string // content, or the error's suffix after the path
	}{
		{"a regular file", small, 100, "hello\n"},
		{"exactly the limit", small, 6, "hello\n"},
		{"through a symbolic link", link, 100, "hello\n"},
		{"one byte over the limit", small, 5, " is larger than 5 bytes (accepted: a regular file of at most 5 bytes)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ReadFile(tt.path, tt.limit)
			got := string(b)
			if err != nil {
				got = strings.TrimPrefix(err.Error(), tt.path)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		if _, err := ReadFile(filepath.Join(dir, "none"), 100); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("err = %v, want fs.ErrNotExist", err)
		}
	})
}

// A file that says it is empty (procfs) but goes on is cut at the limit.
func TestReadFileBeyondItsSize(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc")
	}
	const path = "/proc/self/maps"
	info, err := os.Stat(path)
	if err != nil || info.Size() != 0 {
		t.Skipf("%s: %v, size %d: want an empty-looking file", path, err, info.Size())
	}
	if _, err := ReadFile(path, 1<<20); err != nil {
		t.Fatalf("within the limit: %v", err)
	}
	_, err = ReadFile(path, 10)
	if want := path + " is larger than 10 bytes"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want %q...", err, want)
	}
}

func TestReader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal")
	mustWrite(t, path, "0123456789")
	r, err := Open(path, 8)
	if err == nil {
		t.Fatalf("Open of 10 bytes with a limit of 8: no error")
	}
	if r, err = Open(path, 10); err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Size() != 10 {
		t.Errorf("Size = %d, want 10", r.Size())
	}
	buf := make([]byte, 4)
	if n, err := r.ReadAt(buf, 6); n != 4 || err != nil || string(buf) != "6789" {
		t.Errorf("ReadAt(6) = %d %v %q", n, err, buf)
	}
	if _, err := r.ReadAt(buf, 7); !IsRefused(err) {
		t.Errorf("ReadAt past the limit: %v, want refused", err)
	}
	b, err := io.ReadAll(r)
	if err != nil || string(b) != "0123456789" {
		t.Errorf("ReadAll = %q, %v", b, err)
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{1 << 30: "1 GiB", 16 << 20: "16 MiB", 256 << 10: "256 KiB", 1536: "1536 bytes", 7: "7 bytes"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestReadFileRefusesSocket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Skipf("no unix socket here: %v", err)
	}
	defer l.Close()
	want := path + " is a socket, not a regular file (accepted: a regular file of at most 1 KiB)"
	if _, err := ReadFile(path, 1024); err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}
