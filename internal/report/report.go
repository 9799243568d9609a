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
	"github.com/mushbdd/mush/internal/result"
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
	}
	files := []file{
		{JUnitFile, 3, func(w io.Writer) error { return WriteJUnit(w, v, junitConfig(v.Run)) }},
		{ResultsFile, 2, func(w io.Writer) error { return WriteJSON(w, v) }},
		{RerunFile, 5, func(w io.Writer) error { return WriteRerun(w, v) }},
		{HTMLFile, 4, func(w io.Writer) error { return WriteHTML(w, v) }},
		{TraceFile, 1, func(w io.Writer) error { return WriteTrace(w, v) }},
		{CucumberFile, 0, func(w io.Writer) error { return WriteCucumber(w, v, FeatureFiles("")) }},
		{MessagesFile, 0, func(w io.Writer) error { return WriteMessages(w, v, FeatureFiles("")) }},
	}
	if len(v.Usage) > 0 { // a run that lists its step definitions
		files = append(files, file{UsageFile, 6, func(w io.Writer) error { return WriteUsage(w, v) }})
	}
	order := make([]int, len(files))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return files[a].cost - files[b].cost })
	errs := make([]error, len(files))
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, i := range order {
		if files[i].name == HTMLFile && !page {
			continue
		}
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			errs[i] = atomicfile.Write(filepath.Join(dir, files[i].name), files[i].write)
		}()
	}
	wg.Wait()
	for i, f := range files {
		path := filepath.Join(dir, f.name)
		switch {
		case errs[i] == nil:
			paths = append(paths, path)
		case err == nil:
			err = errs[i]
			fallthrough
		default: // an earlier run's file must not pass for this run's
			if info, serr := os.Lstat(path); serr == nil && info.Mode().IsRegular() {
				os.Remove(path)
			}
		}
	}
	return paths, err
}

// junitConfig names the JUnit document after the shard that ran, if any.
func junitConfig(run result.Run) JUnitConfig {
	if run.Shard != "" {
		return JUnitConfig{SuiteName: "mush shard " + run.Shard}
	}
	return JUnitConfig{}
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
