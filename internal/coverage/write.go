package coverage

import (
	"context"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/tools/cover"

	"github.com/mushbdd/mush/internal/atomicfile"
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
		if err := atomicfile.Write(filepath.Join(dir, wr.name), wr.write); err != nil {
			return err
		}
	}
	return atomicfile.WriteBy(filepath.Join(dir, HTMLFile), func(tmp string) error {
		return writeHTML(ctx, rep.Root, profile, tmp)
	})
}

// RemoveReports removes the files WriteAll writes from dir: a run whose
// coverage could not be measured leaves none of an earlier run's behind,
// to pass for its own.
func RemoveReports(dir string) {
	for _, name := range []string{ProfileFile, HTMLFile, JSONFile, CoberturaFile} {
		os.Remove(filepath.Join(dir, name))
	}
}
