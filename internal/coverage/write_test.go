package coverage

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteAllErrors(t *testing.T) {
	profiles, rep := sample()
	tests := []struct {
		name    string
		files   map[string]string // created in the output's parent first
		dir     string            // output directory, relative to the parent
		root    string            // rep.Root, relative to the parent
		wantErr string
	}{
		{"output directory is a file", map[string]string{"afile": "x"}, "afile", ".", "not a directory"},
		{"a report name taken by a directory", map[string]string{"out/coverage.json/x": "x"}, "out", ".", "coverage.json"},
		{"sources not found for the HTML", nil, "out", "nomodule", "go tool cover -html="},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			writeFiles(t, parent, tc.files)
			rep := rep
			rep.Root = filepath.Join(parent, tc.root)
			if err := os.MkdirAll(rep.Root, 0o755); err != nil {
				t.Fatal(err)
			}
			err := WriteAll(context.Background(), filepath.Join(parent, tc.dir), profiles, rep)
			checkErr(t, err, tc.wantErr)
			leftovers, _ := filepath.Glob(filepath.Join(parent, tc.dir, ".*.tmp"))
			if len(leftovers) > 0 {
				t.Errorf("temporary files left behind: %q", leftovers)
			}
		})
	}
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	tests := []struct {
		name    string
		write   func(io.Writer) error
		want    string
		wantErr error
	}{
		{"a failed write keeps the old file", func(io.Writer) error { return boom }, "old", boom},
		{"a good write replaces it", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, "new", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := writeAtomic(path, tc.write); !errors.Is(err, tc.wantErr) {
				t.Fatalf("error = %v, want %v", err, tc.wantErr)
			}
			data, err := os.ReadFile(path)
			if err != nil || string(data) != tc.want {
				t.Errorf("file holds %q (%v), want %q", data, err, tc.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("%d files in the directory, want 1", len(entries))
			}
		})
	}
	err := writeAtomic(filepath.Join(dir, "missing", "f"), func(io.Writer) error { return nil })
	checkErr(t, err, "no such file or directory")
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v (%v), want 0644", info.Mode(), err)
	}
}
