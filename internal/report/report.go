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
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	messages "github.com/cucumber/messages/go/v34"

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
	type file struct {
		name  string
		write func(io.Writer) error
		err   error
	}
	write := func(f *file) func() { return func() { f.err = atomicfile.Write(filepath.Join(dir, f.name), f.write) } }
	junit := &file{name: JUnitFile, write: func(w io.Writer) error { return WriteJUnit(w, v) }}
	results := &file{name: ResultsFile, write: func(w io.Writer) error { return WriteJSON(w, v) }}
	rerun := &file{name: RerunFile, write: func(w io.Writer) error { return WriteRerun(w, v) }}
	html := &file{name: HTMLFile, write: func(w io.Writer) error { return WriteHTML(w, v) }}
	trace := &file{name: TraceFile, write: func(w io.Writer) error { return WriteTrace(w, v) }}
	cucumber, msgs := &file{name: CucumberFile}, &file{name: MessagesFile}
	files := []*file{junit, results, rerun, html, trace, cucumber, msgs}
	// The jobs, costliest first (BenchmarkWriters, on 20,000 scenarios), so
	// that the last to start is a short one. cucumber.json and
	// messages.ndjson are one job: the feature files parsed once for both.
	jobs := []func(){
		func() { cucumber.err, msgs.err = writeCucumberFormats(dir, v, FeatureFiles("")) },
		write(trace), write(results), write(junit),
	}
	if page {
		jobs = append(jobs, write(html))
	}
	jobs = append(jobs, write(rerun))
	if len(v.Usage) > 0 { // a run that lists its step definitions
		usage := &file{name: UsageFile, write: func(w io.Writer) error { return WriteUsage(w, v) }}
		files = append(files, usage)
		jobs = append(jobs, write(usage))
	}
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, job := range jobs {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			job()
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

// writeCucumberFormats writes dir/cucumber.json and dir/messages.ndjson
// side by side from one parse of each feature file (read from src), and
// returns each file's error.
func writeCucumberFormats(dir string, v *view.View, src Source) (cucumberErr, messagesErr error) {
	ids := &messages.Incrementing{}
	// A few files ahead of the slower writer: enough to keep both busy,
	// few enough that the documents are not all in memory at once.
	const ahead = 4
	share(featureFiles(v, src, ids), ahead, func(files iter.Seq[*featureFile]) {
		cucumberErr = atomicfile.Write(filepath.Join(dir, CucumberFile), func(w io.Writer) error { return writeCucumber(w, files) })
	}, func(files iter.Seq[*featureFile]) {
		messagesErr = atomicfile.Write(filepath.Join(dir, MessagesFile), func(w io.Writer) error { return writeMessages(w, v, ids, files) })
	})
	return cucumberErr, messagesErr
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
