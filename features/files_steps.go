package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/result"
)

// Feature files given as docstrings: a scenario writes the Gherkin it runs
// into its own temporary directory, so the reader sees it in place. Paths
// name those files as the scenario does ("login.feature:3", a directory of
// them, "features" for all of them), and "build/reports" stands for the scenario's own reports
// directory; output and results show them the same way. The steps the
// files use are the fixture suite's (internal/fixtures): "a step that
// passes", "a step that fails with "...", "a step that fails the first N
// times it runs", and so on.
func featureFileSteps(sc *godog.ScenarioContext, w *world) {
	sc.Step(`^a feature file "([^"]*)":$`, w.featureFile)
	sc.Step(`^a directory "([^"]*)" holding only "([^"]*)"$`, w.directoryHolding)
	sc.Step(`^the rerun file lists "([^"]*)"$`, w.rerunLists)
	sc.Step(`^the rerun file is empty$`, func() error { return w.rerunLists("") })
	sc.Step(`^"([^"]*)" ran (\d+) times?$`, w.ranTimes)
	sc.Step(`^I run mush again with the seed it printed$`, w.runWithPrintedSeed)
	sc.Step(`^the line above the last line of the output is "([^"]*)"$`, w.lineAboveLastIs)
	sc.Step(`^results\.json marks "([^"]*)" flaky, with the errors? of its failed tr(?:y|ies): "(.*)"$`, w.resultsFlaky)
	sc.Step(`^junit\.xml shows "([^"]*)" passed, with (\d+) <flakyFailure> elements?$`, func(name string, n int) error {
		return w.junitReruns(name, false, n)
	})
	sc.Step(`^junit\.xml shows "([^"]*)" failed, with (\d+) <rerunFailure> elements?$`, func(name string, n int) error {
		return w.junitReruns(name, true, n)
	})
}

func (w *world) featureFile(name string, doc *godog.DocString) error {
	if err := w.tempDir(); err != nil {
		return err
	}
	path := filepath.Join(w.dir, "features", name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(doc.Content+"\n"), 0o644)
}

// directoryHolding makes a directory among the scenario's feature files
// that holds one other file.
func (w *world) directoryHolding(dir, file string) error {
	if err := w.tempDir(); err != nil {
		return err
	}
	path := filepath.Join(w.dir, "features", file)
	if !strings.HasPrefix(file, dir+"/") {
		return fmt.Errorf("%s is not in %s", file, dir)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte("not a feature\n"), 0o644)
}

// abs turns a path list as a scenario writes it into real paths: names of
// its feature files and "features" into its temporary directory,
// "@build/reports/..." into its reports directory.
func (w *world) abs(paths string) string {
	if w.dir == "" {
		return paths
	}
	entries := strings.Split(paths, ",")
	for i, e := range entries {
		name := e // without its :LINE suffixes
		for l, ok := result.ParseLoc(name); ok; l, ok = result.ParseLoc(name) {
			name = l.File
		}
		switch {
		case strings.HasPrefix(e, "@build/reports/"):
			entries[i] = "@" + filepath.Join(w.dir, "reports", strings.TrimPrefix(e, "@build/reports/"))
		case name == "features" || name != "" && fileExists(filepath.Join(w.dir, "features", name)):
			entries[i] = filepath.Join(w.dir, "features", e)
		}
	}
	return strings.Join(entries, ",")
}

// rel is the reverse of abs on any text: output, errors, file names.
func (w *world) rel(text string) string {
	if w.dir == "" {
		return text
	}
	text = strings.ReplaceAll(text, filepath.Join(w.dir, "features")+"/", "")
	text = strings.ReplaceAll(text, filepath.Join(w.dir, "features"), "features")
	return strings.ReplaceAll(text, filepath.Join(w.dir, "reports"), "build/reports")
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// rerunLists checks build/reports/rerun.txt: want is its lines joined by
// ", " ("" for an empty file).
func (w *world) rerunLists(want string) error {
	b, err := os.ReadFile(filepath.Join(w.dir, "reports", "rerun.txt"))
	if err != nil {
		return err
	}
	got := strings.Join(strings.Fields(w.rel(string(b))), ", ")
	if got != want {
		return fmt.Errorf("rerun.txt lists %q, want %q", got, want)
	}
	return nil
}

func (w *world) ranTimes(name string, n int) error {
	got := 0
	for _, s := range w.rec.Started() {
		if s == name {
			got++
		}
	}
	if got != n {
		return fmt.Errorf("%q ran %d times, want %d", name, got, n)
	}
	return nil
}

func (w *world) lineAboveLastIs(want string) error {
	lines := strings.Split(strings.TrimRight(w.stdout, "\n"), "\n")
	if len(lines) < 2 || lines[len(lines)-2] != want {
		return fmt.Errorf("line above the last is not %q:\n%s", want, w.stdout)
	}
	return nil
}

// resultsFlaky checks results.json: the scenario passed, is marked flaky,
// and keeps each failed try's error (errors separated by " | ").
func (w *world) resultsFlaky(name, errs string) error {
	b, err := os.ReadFile(filepath.Join(w.dir, "reports", "results.json"))
	if err != nil {
		return err
	}
	var doc struct {
		Counts    map[string]int `json:"counts"`
		Scenarios []struct {
			Name    string       `json:"name"`
			Status  string       `json:"status"`
			Flaky   bool         `json:"flaky"`
			Retries []result.Try `json:"retries"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return err
	}
	for _, s := range doc.Scenarios {
		if s.Name != name {
			continue
		}
		var got []string
		for _, t := range s.Retries {
			got = append(got, t.Error)
		}
		if s.Status != "passed" || !s.Flaky || strings.Join(got, " | ") != errs || doc.Counts["flaky"] < 1 {
			return fmt.Errorf("results.json: %q is %s, flaky %v, errors %q, flaky count %d; want passed, flaky, %q",
				name, s.Status, s.Flaky, got, doc.Counts["flaky"], errs)
		}
		return nil
	}
	return fmt.Errorf("no scenario %q in results.json", name)
}

// junitCase is one <testcase> of junit.xml as the steps check it.
type junitCase struct {
	Name      string       `xml:"name,attr"`
	Failure   *struct{}    `xml:"failure"`
	Flaky     []junitRerun `xml:"flakyFailure"`
	Reruns    []junitRerun `xml:"rerunFailure"`
	SystemOut string       `xml:"system-out"`
}

type junitRerun struct {
	Message    string `xml:"message,attr"`
	StackTrace string `xml:"stackTrace"`
}

// junitCase reads the test case of the scenario named name from the last
// run's junit.xml, with the file's bytes for error messages.
func (w *world) junitCase(name string) (junitCase, []byte, error) {
	b, err := os.ReadFile(filepath.Join(w.dir, "reports", "junit.xml"))
	if err != nil {
		return junitCase{}, nil, err
	}
	var doc struct {
		Suites []struct {
			Cases []junitCase `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		return junitCase{}, b, err
	}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Name == name {
				return c, b, nil
			}
		}
	}
	return junitCase{}, b, fmt.Errorf("no test case %q in junit.xml", name)
}

// junitReruns checks the test case of a scenario in junit.xml: passed with
// n <flakyFailure> elements, or a <failure> with n <rerunFailure> ones,
// each carrying a message and a <stackTrace>.
func (w *world) junitReruns(name string, failed bool, n int) error {
	c, b, err := w.junitCase(name)
	if err != nil {
		return err
	}
	extra, other := c.Flaky, c.Reruns
	if failed {
		extra, other = c.Reruns, c.Flaky
	}
	if (c.Failure != nil) != failed || len(extra) != n || len(other) != 0 {
		return fmt.Errorf("junit.xml test case %q: failure %v, %d flakyFailure, %d rerunFailure\n%s",
			name, c.Failure != nil, len(c.Flaky), len(c.Reruns), b)
	}
	for _, r := range extra {
		if r.Message == "" || r.StackTrace == "" {
			return fmt.Errorf("junit.xml test case %q: a rerun element without message or stackTrace\n%s", name, b)
		}
	}
	return nil
}

var printedSeed = regexp.MustCompile(`shuffled with seed (\d+) \(BDD_SEED=(\d+) repeats it\)`)

// runWithPrintedSeed runs the last paths again with the seed the last run
// printed, as a person repeating a random order would.
func (w *world) runWithPrintedSeed() error {
	m := printedSeed.FindStringSubmatch(w.stdout)
	if m == nil || m[1] != m[2] {
		return fmt.Errorf("no printed seed in:\n%s", w.stdout)
	}
	w.env["BDD_SEED"] = m[1]
	return w.runOn(w.paths)
}
