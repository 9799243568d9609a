package coverage

import (
	"context"
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
