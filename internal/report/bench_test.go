package report

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/sample"
	"github.com/mushbdd/mush/internal/view"
)

// scaleRun is a run of the benchmark's "scale" corpus (100 feature files of
// 200 trivial scenarios on 8 workers), its feature files written under the
// benchmark's working directory for cucumber.json to read.
func scaleRun(b *testing.B) *view.View {
	b.Helper()
	return view.New(scaleFiles(b, 100, 200, 8), view.Options{})
}

// scaleFiles is sample.Scale's run, its feature files written under a new
// working directory.
func scaleFiles(t testing.TB, features, perFeature, workers int) result.Run {
	t.Helper()
	run, files := sample.Scale(features, perFeature, workers)
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return run
}

// BenchmarkWriteAll measures the end-of-run reports of a 20,000-scenario
// run, all six files into a directory.
func BenchmarkWriteAll(b *testing.B) {
	v := scaleRun(b)
	out := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := WriteAll(out, v, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriters measures each writer of WriteAll alone on the same run.
func BenchmarkWriters(b *testing.B) {
	v := scaleRun(b)
	for _, w := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"junit", func(w io.Writer) error { return WriteJUnit(w, v) }},
		{"results", func(w io.Writer) error { return WriteJSON(w, v) }},
		{"rerun", func(w io.Writer) error { return WriteRerun(w, v) }},
		{"html", func(w io.Writer) error { return WriteHTML(w, v) }},
		{"trace", func(w io.Writer) error { return WriteTrace(w, v) }},
		{"cucumber", func(w io.Writer) error { return WriteCucumber(w, v, FeatureFiles("")) }},
		{"messages", func(w io.Writer) error { return WriteMessages(w, v, FeatureFiles("")) }},
	} {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := w.write(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
