// Package report holds every writer of a finished run, one file per
// format, all rendering the run's one view (package view): junit.xml,
// results.json, rerun.txt, index.html, trace.json, cucumber.json,
// messages.ndjson, and inside GitHub Actions the annotations and the job
// summary.
//
// The writers take an io.Writer and the view, and read no clock: every
// time in a report comes from the run, and scenarios come in the run's
// file order, so the same run always gives byte-identical reports.
package report

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/view"
)

// The file names WriteAll writes in its directory.
const (
	JUnitFile   = "junit.xml"
	ResultsFile = "results.json"
	RerunFile   = "rerun.txt"
)

// WriteAll writes dir/junit.xml, dir/results.json, dir/rerun.txt, the page
// for people dir/index.html, the Chrome trace dir/trace.json and the
// Cucumber JSON report dir/cucumber.json and Cucumber Messages
// dir/messages.ndjson (feature files read from the working directory), and
// for a run that lists its step definitions the step usage dir/usage.json,
// each atomically, and returns their paths in that
// order. The files are written concurrently, as many at once as Go runs
// goroutines in parallel (GOMAXPROCS), the costliest first: more at once
// would only hold more of their buffers in memory at the same time. On
// error it still writes the others, and returns the paths of those it
// wrote, in the same order, and the error of the first file that failed.
// Without page, index.html is left to the caller (a coverage run writes it
// once, with the coverage: WritePage) and still listed.
func WriteAll(dir string, v *view.View, page bool) (paths []string, err error) {
	// cost ranks the files, costliest first (BenchmarkWriters, on 20,000
	// scenarios), so that the last to start is a short one.
	type file struct {
		name  string
		cost  int
		write func(io.Writer) error
		err   error
	}
	files := []*file{
		{name: JUnitFile, cost: 3, write: func(w io.Writer) error { return WriteJUnit(w, v) }},
		{name: ResultsFile, cost: 2, write: func(w io.Writer) error { return WriteJSON(w, v) }},
		{name: RerunFile, cost: 5, write: func(w io.Writer) error { return WriteRerun(w, v) }},
		{name: HTMLFile, cost: 4, write: func(w io.Writer) error { return WriteHTML(w, v) }},
		{name: TraceFile, cost: 1, write: func(w io.Writer) error { return WriteTrace(w, v) }},
		{name: CucumberFile, write: func(w io.Writer) error { return WriteCucumber(w, v, FeatureFiles("")) }},
		{name: MessagesFile, write: func(w io.Writer) error { return WriteMessages(w, v, FeatureFiles("")) }},
	}
	if len(v.Usage) > 0 { // a run that lists its step definitions
		files = append(files, &file{name: UsageFile, cost: 6, write: func(w io.Writer) error { return WriteUsage(w, v) }})
	}
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, f := range slices.SortedStableFunc(slices.Values(files), func(a, b *file) int { return a.cost - b.cost }) {
		if f.name == HTMLFile && !page {
			continue
		}
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			f.err = atomicfile.Write(filepath.Join(dir, f.name), f.write)
		}()
	}
	wg.Wait()
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		switch {
		case f.err == nil:
			paths = append(paths, path)
		case err == nil:
			err = f.err
			fallthrough
		default: // an earlier run's file must not pass for this run's
			if info, serr := os.Lstat(path); serr == nil && info.Mode().IsRegular() {
				os.Remove(path)
			}
		}
	}
	return paths, err
}

// WritePage writes dir/index.html from dir/results.json, the page a
// coverage run leaves to its end (WriteAll without page): with c, the
// coverage section (nil when no coverage was measured).
func WritePage(dir string, c *view.Coverage) error {
	run, err := ReadFile(filepath.Join(dir, ResultsFile))
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, HTMLFile), func(w io.Writer) error {
		return WriteHTML(w, view.New(run, view.Options{Coverage: c}))
	})
}
