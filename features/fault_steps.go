package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/fixtures/hostilefile"
)

// faultSteps are the steps of faults.feature: a disk that fills up, and
// what earlier runs left in the reports directory.
func faultSteps(sc *godog.ScenarioContext, w *world) {
	sc.Step(`^the fixture runner may write files of at most (\d+) bytes$`, func(n int) {
		w.env["CRASHSUITE_FILE_SIZE_LIMIT"] = strconv.Itoa(n)
	})
	sc.Step(`^the reports directory holds "([^"]*)" from an earlier run$`, func(name string) error {
		return w.inReports(name, func(path string) error { return os.WriteFile(path, []byte("an earlier run\n"), 0o644) })
	})
	sc.Step(`^the reports directory holds an earlier run's directory "([^"]*)" with its journal$`, func(name string) error {
		return w.inReports(filepath.Join(name, "journal.ndjson"), func(path string) error { return os.WriteFile(path, []byte("{}\n"), 0o644) })
	})
	sc.Step(`^the reports directory holds a named pipe where the journal goes$`, func() error {
		return w.inReports("journal.ndjson", func(path string) error {
			paths, err := hostilefile.Create(filepath.Dir(path), ".ndjson")
			if pipe, ok := paths["a named pipe"]; err == nil && ok {
				return os.Rename(pipe, path)
			} else if err == nil {
				return godog.ErrSkip // no named pipes on this system
			}
			return err
		})
	})
	sc.Step(`^the reports directory has no "([^"]*)"$`, func(name string) error {
		if _, err := os.Lstat(filepath.Join(w.dir, "reports", name)); err == nil {
			return fmt.Errorf("%s is still in the reports directory", name)
		}
		return nil
	})
}

// inReports makes the reports directory of the next run and calls make
// with the path of name in it.
func (w *world) inReports(name string, make func(path string) error) error {
	if err := w.tempDir(); err != nil {
		return err
	}
	path := filepath.Join(w.dir, "reports", name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return make(path)
}
