package coverage

import (
	"bytes"
	"context"
	"os"
	"path"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/cover"
)

// unformatted holds shapes gofmt would rewrite, so it cannot live in
// testdata: a comment between "}" and "else", labels right after a case
// colon, everything on one line.
const unformatted = `package shapes

func Unformatted(x int) int { if x > 0 { return 1 } /* else */ else { x-- }; switch x { case 1:L: x++; if x < 3 { goto L } }; return x }

func Comments(x int) int {
	if x > 0 {
		return 1
	} /* one */ /* two */ else if x < -1 {
		return 2
	}
	return 0
}
`

// The blocks computed for a file no profile mentions are the blocks
// `go test -coverprofile` reports for it, statement counts included, for
// every statement shape cmd/cover treats specially (testdata/shapes).
func TestFileBlocksMatchGoTest(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/shapes")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"unformatted.go": unformatted})
	ctx := context.Background()
	module, pkgs, err := modulePackages(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	profile := filepath.Join(t.TempDir(), "shapes.out")
	var log bytes.Buffer
	if err := GoTest(ctx, os.Environ(), dir, profile, module, pkgs, &log, &log); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	want, err := cover.ParseProfiles(profile)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 2 {
		t.Fatalf("go test measured %d files, want shapes.go and unformatted.go", len(want))
	}
	for _, p := range want {
		got, err := fileBlocks(filepath.Join(dir, path.Base(p.FileName)))
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(got, compareBlocks)
		slices.SortFunc(p.Blocks, compareBlocks)
		if !slices.Equal(got, p.Blocks) {
			t.Errorf("%s: blocks differ from go test's\ngot:  %v\nwant: %v", p.FileName, got, p.Blocks)
		}
	}
}

func TestFileBlocksErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"bad.go": "package bad\nfunc {"})
	tests := []struct {
		name string
		file string
		want string
	}{
		{"missing file", "missing.go", "no such file"},
		{"syntax error", "bad.go", "expected"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fileBlocks(filepath.Join(dir, tc.file))
			checkErr(t, err, tc.want)
		})
	}
}
