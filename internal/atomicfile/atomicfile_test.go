package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	path := filepath.Join(dir, "out.txt")
	for _, content := range []string{"first\n", "second\n"} {
		err := Write(path, func(w io.Writer) error {
			_, err := io.WriteString(w, content)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != content {
			t.Errorf("file holds %q, want %q", got, content)
		}
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", info.Mode().Perm())
	}
	assertOnly(t, dir, "out.txt")
}

func TestWriteErrors(t *testing.T) {
	errWrite := errors.New("half-way")
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string) string // returns the path to write
		write   func(io.Writer) error
		wantErr string
		left    []string // what the directory holds afterwards
	}{
		{"write func fails: old file kept", func(t *testing.T, dir string) string {
			mustWrite(t, filepath.Join(dir, "out.txt"), "old")
			return filepath.Join(dir, "out.txt")
		}, func(w io.Writer) error {
			io.WriteString(w, "new, but not finished")
			return errWrite
		}, "atomicfile: write ", []string{"out.txt"}},
		{"target is a directory", func(t *testing.T, dir string) string {
			if err := os.Mkdir(filepath.Join(dir, "out.txt"), 0o755); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(dir, "out.txt")
		}, writeString("new"), "atomicfile: write ", []string{"out.txt"}},
		{"directory is a file", func(t *testing.T, dir string) string {
			mustWrite(t, filepath.Join(dir, "reports"), "old")
			return filepath.Join(dir, "reports", "out.txt")
		}, writeString("new"), "atomicfile: mkdir ", []string{"reports"}},
		{"name too long for a temporary file", func(t *testing.T, dir string) string {
			return filepath.Join(dir, strings.Repeat("x", 250))
		}, writeString("new"), "atomicfile: open ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tt.setup(t, dir)
			before, _ := os.ReadFile(path)
			err := Write(path, tt.write)
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want prefix %q", err, tt.wantErr)
			}
			after, _ := os.ReadFile(path)
			if string(after) != string(before) {
				t.Errorf("file changed from %q to %q", before, after)
			}
			assertOnly(t, dir, tt.left...)
		})
	}
	t.Run("write error is wrapped", func(t *testing.T) {
		err := Write(filepath.Join(t.TempDir(), "f"), func(io.Writer) error { return errWrite })
		if !errors.Is(err, errWrite) {
			t.Errorf("err = %v, want it to wrap %v", err, errWrite)
		}
	})
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// assertOnly fails unless dir holds exactly names (no temporary files).
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWriteBy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "page.html")
	if err := WriteBy(path, func(tmp string) error { return os.WriteFile(tmp, []byte("<p>new</p>"), 0o600) }); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "<p>new</p>" {
		t.Fatalf("read %q, %v", b, err)
	}
	errFill := errors.New("the program failed")
	if err := WriteBy(path, func(tmp string) error { os.WriteFile(tmp, []byte("half"), 0o600); return errFill }); !errors.Is(err, errFill) {
		t.Fatalf("err = %v, want it to wrap %v", err, errFill)
	}
	if b, _ := os.ReadFile(path); string(b) != "<p>new</p>" {
		t.Fatalf("a failed fill changed the file to %q", b)
	}
	assertOnly(t, dir, "page.html")
}
