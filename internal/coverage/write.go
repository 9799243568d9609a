package coverage

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/tools/cover"
)

// The files WriteAll writes into its directory.
const (
	ProfileFile   = "coverage.out"
	HTMLFile      = "coverage.html"
	JSONFile      = "coverage.json"
	CoberturaFile = "cobertura.xml"
)

// WriteAll writes the coverage reports into dir: the merged profile
// (coverage.out), its HTML view (coverage.html), coverage.json and
// cobertura.xml. Each file is written under a temporary name and renamed
// into place, so a reader never sees half a report.
func WriteAll(ctx context.Context, dir string, merged []*cover.Profile, rep Report) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	profile := filepath.Join(dir, ProfileFile)
	writers := []struct {
		name  string
		write func(w io.Writer) error
	}{
		{ProfileFile, func(w io.Writer) error { return WriteProfile(w, merged) }},
		{JSONFile, func(w io.Writer) error { return WriteJSON(w, rep) }},
		{CoberturaFile, func(w io.Writer) error { return WriteCobertura(w, rep, merged, rep.Root) }},
	}
	for _, wr := range writers {
		if err := writeAtomic(filepath.Join(dir, wr.name), wr.write); err != nil {
			return err
		}
	}
	return renameAtomic(filepath.Join(dir, HTMLFile), func(tmp string) error {
		return writeHTML(ctx, rep.Root, profile, tmp)
	})
}

// writeAtomic writes a file through write, atomically.
func writeAtomic(path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	return renameAtomic(path, func(tmp string) error { return os.WriteFile(tmp, buf.Bytes(), 0o644) })
}

// renameAtomic lets create fill a temporary file next to path, then renames
// it to path (mode 0644). The temporary file is removed on failure.
func renameAtomic(path string, create func(tmp string) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = f.Close()
	if err == nil {
		err = create(tmp)
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
