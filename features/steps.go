package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/adapt"
	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/runner"
	"github.com/mushbdd/mush/internal/schedule"
)

// world is one scenario's state: the settings for the next run of mush on
// the fixture suite, and what the last runs produced.
type world struct {
	env      map[string]string
	dir      string // temporary reports and history directory
	rec      *fixtures.Recorder
	panicIn  string
	terminal bool // the next run's output is a terminal
	code     int
	stdout   string
	stderr   string
	run      result.Run
	previous []result.Run
	started  [][]string
	tries    map[string]int // runs of flaky steps, counted over every run of the scenario
	paths    string         // of the last run
	combined string         // stdout and stderr of the last run, as written
	// meter and cores, when set, stand for the machine BDD_WORKERS=auto sees.
	meter func() adapt.Reading
	cores int
}

func initializeScenario(sc *godog.ScenarioContext) {
	w := &world{env: map[string]string{}, tries: map[string]int{}}
	crashSteps(sc, w)
	featureFileSteps(sc, w)
	hostileSteps(sc, w)
	neutralSteps(sc, w)
	faultSteps(sc, w)
	adoptionSteps(sc, w)
	adopterSteps(sc)
	coverageSteps(sc)
	benchSteps(sc)
	shardSteps(sc, w)
	reportSteps(sc, w)
	logSteps(sc, w)
	messagesSteps(sc, w)
	usageSteps(sc, w)
	sc.After(func(ctx context.Context, _ *godog.Scenario, err error) (context.Context, error) {
		if w.dir != "" {
			os.RemoveAll(w.dir)
		}
		return ctx, nil
	})
	sc.Step(`^the machine has (\d+) cores and they stay idle$`, func(n int) {
		start := time.Now()
		w.cores, w.meter = n, func() adapt.Reading { return adapt.Reading{Elapsed: time.Since(start)} }
	})
	sc.Step(`^the fixture suite's BeforeSuite hook panics$`, func() { w.panicIn = "BeforeSuite" })
	sc.Step(`^the fixture suite's AfterSuite hook panics$`, func() { w.panicIn = "AfterSuite" })
	sc.Step(`^([A-Z_]+) is "([^"]*)"$`, func(k, v string) { w.env[k] = v })
	sc.Step(`^the output is a terminal$`, func() { w.terminal = true })
	sc.Step(`^I run mush on "([^"]*)"$`, w.runOn)
	sc.Step(`^I run mush on "([^"]*)" again$`, w.runOn)
	sc.Step(`^I run mush on "([^"]*)" with (\d+) workers?$`, func(paths string, n int) error {
		w.env["BDD_WORKERS"] = strconv.Itoa(n)
		return w.runOn(paths)
	})
	sc.Step(`^I run the rerun command shown for "([^"]*)"$`, w.runRerun)
	sc.Step(`^the exit code is (\d+)$`, w.exitCodeIs)
	sc.Step(`^the last line of the output is "([^"]*)"$`, w.lastLineIs)
	sc.Step(`^the output contains "(.*)"$`, w.outputContains)
	sc.Step(`^the output does not contain "([^"]*)"$`, w.outputLacks)
	sc.Step(`^the output has no colour codes$`, func() error { return w.outputLacks("\x1b[") })
	sc.Step(`^the time line tells the runner's CPU and the machine's$`, func() error {
		if !timeLine.MatchString(w.stdout) {
			return fmt.Errorf("no time line with the runner's CPU and the machine's:\n%s", w.stdout)
		}
		return nil
	})
	sc.Step(`^the output contains:$`, func(doc *godog.DocString) error { return w.outputContains(doc.Content) })
	sc.Step(`^the error output is one line containing "(.*)"$`, w.stderrOneLine)
	sc.Step(`^the error output contains "(.*)"$`, w.stderrContains)
	sc.Step(`^scenario "([^"]*)" is (passed|failed|skipped|undefined|pending|ambiguous)$`, w.scenarioIs)
	sc.Step(`^(\d+) scenarios? ran$`, w.scenariosRan)
	sc.Step(`^only "([^"]*)" ran$`, w.onlyRan)
	sc.Step(`^every scenario has the same verdict in both runs$`, w.sameVerdicts)
	sc.Step(`^the scenarios started in the same order in both runs$`, w.sameOrder)
	sc.Step(`^the scenarios started in a different order than in file order$`, w.notFileOrder)
	sc.Step(`^the suite setup ran (\d+) times? and the teardown (\d+) times?$`, w.suiteHooksRan)
	sc.Step(`^at least (\d+) scenarios ran at the same time$`, w.parallelAtLeast)
	sc.Step(`^at most (\d+) scenarios? ran at the same time$`, w.parallelAtMost)
	sc.Step(`^no scenario ran$`, func() error { return w.scenariosRan(0) })
	sc.Step(`^the failure of "([^"]*)" shows "(.*)"$`, w.failureShows)
	sc.Step(`^every scenario is printed as one whole block$`, w.blocksWhole)
	sc.Step(`^the error of "([^"]*)" contains "([^"]*)"$`, w.errorContains)
	sc.Step(`^the JUnit report lists (\d+) test cases with (\d+) failures in file order$`, func(cases, failures int) error {
		return w.junitLists(cases, failures, 0)
	})
	sc.Step(`^the JUnit report lists (\d+) test cases with (\d+) failures and (\d+) errors in file order$`, w.junitLists)
	sc.Step(`^the timing history says "([^"]*)" took (\d+)s and "([^"]*)" took (\d+)s$`, w.history)
	sc.Step(`^the scenarios started in the order "([^"]*)"$`, w.startedInOrder)
	sc.Step(`^the timing history has (\d+) scenarios$`, w.historyHas)
	sc.Step(`^the timing history file holds "([^"]*)"$`, w.historyHolds)
}

func (w *world) runOn(paths string) error {
	if err := w.tempDir(); err != nil {
		return err
	}
	w.paths = paths
	env := map[string]string{
		"BDD_PATHS":       paths,
		"BDD_REPORTS_DIR": filepath.Join(w.dir, "reports"),
		"BDD_TIMINGS":     filepath.Join(w.dir, "timings.json"),
		"BDD_WORKERS":     "4",
		"MUSH_RERUN":      "go tool mage unitTests",
	}
	for k, v := range w.env {
		env[k] = v
	}
	env["BDD_PATHS"] = w.abs(env["BDD_PATHS"])
	if w.rec != nil {
		w.previous = append(w.previous, w.run)
		w.started = append(w.started, w.rec.Started())
	}
	w.rec = &fixtures.Recorder{PanicIn: w.panicIn, Tries: w.tries}
	os.Remove(filepath.Join(w.dir, "reports", "results.json")) // an earlier run's must not count
	var out, errOut, both bytes.Buffer
	var mu sync.Mutex // both holds stdout and stderr in the order written
	w.code = runner.ExitCode(runner.Run(context.Background(), fixtures.Suite(w.rec), runner.Env{
		Getenv: func(k string) string { return env[k] },
		Stdout: &teeWriter{mu: &mu, w: &out, all: &both}, Stderr: &teeWriter{mu: &mu, w: &errOut, all: &both}, Terminal: w.terminal,
		Meter: w.meter, Cores: w.cores,
	}))
	w.stdout, w.stderr, w.combined = w.rel(out.String()), w.rel(errOut.String()), both.String()
	w.run = result.Run{}
	f, err := os.Open(filepath.Join(w.dir, "reports", "results.json"))
	if err == nil {
		defer f.Close()
		w.run, err = report.ReadJSON(f)
		if err != nil {
			return fmt.Errorf("results.json: %w", err)
		}
		for i := range w.run.Scenarios {
			w.run.Scenarios[i].File = w.rel(w.run.Scenarios[i].File)
		}
	}
	return nil
}

// teeWriter writes to w and to all, which it shares with another.
type teeWriter struct {
	mu     *sync.Mutex
	w, all *bytes.Buffer
}

func (t *teeWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.all.Write(p)
	return t.w.Write(p)
}

func (w *world) tempDir() error {
	if w.dir != "" {
		return nil
	}
	d, err := os.MkdirTemp("", "mush-feature-")
	w.dir = d
	return err
}

var timeLine = regexp.MustCompile(`(?m)^time: .*, CPU \d+% of \d+ cores, machine \d+%$`)

var rerunLine = regexp.MustCompile(`(?m)^\s*rerun: BDD_PATHS=(\S+) go tool mage unitTests$`)

func (w *world) runRerun(name string) error {
	s, err := w.scenario(name)
	if err != nil {
		return err
	}
	for _, m := range rerunLine.FindAllStringSubmatch(w.stdout, -1) {
		if m[1] == s.Location() {
			return w.runOn(m[1])
		}
	}
	return fmt.Errorf("no rerun command for %s in:\n%s", s.Location(), w.stdout)
}

func (w *world) exitCodeIs(code int) error {
	if w.code != code {
		return fmt.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", w.code, code, w.stdout, w.stderr)
	}
	return nil
}

func (w *world) lastLineIs(want string) error {
	lines := strings.Split(strings.TrimRight(w.stdout, "\n"), "\n")
	if got := lines[len(lines)-1]; got != want {
		return fmt.Errorf("last line %q, want %q\n%s", got, want, w.stdout)
	}
	return nil
}

func (w *world) outputContains(s string) error {
	if !strings.Contains(w.stdout, s) {
		return fmt.Errorf("output lacks %q:\n%s", s, w.stdout)
	}
	return nil
}

func (w *world) outputLacks(s string) error {
	if strings.Contains(w.stdout, s) {
		return fmt.Errorf("output contains %q:\n%s", s, w.stdout)
	}
	return nil
}

func (w *world) stderrOneLine(s string) error {
	lines := strings.Split(strings.TrimRight(w.stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], s) {
		return fmt.Errorf("error output is not one line containing %q:\n%s", s, w.stderr)
	}
	if strings.Contains(w.stderr, "goroutine ") {
		return fmt.Errorf("error output shows a stack trace:\n%s", w.stderr)
	}
	return nil
}

func (w *world) stderrContains(s string) error {
	if !strings.Contains(w.stderr, s) {
		return fmt.Errorf("error output lacks %q:\n%s", s, w.stderr)
	}
	return nil
}

// scenario finds a scenario by name; for an outline, whose rows share the
// name, a failing row is preferred.
func (w *world) scenario(name string) (result.Scenario, error) {
	var found []result.Scenario
	for _, s := range w.run.Scenarios {
		if s.Name == name {
			found = append(found, s)
		}
	}
	for _, s := range found {
		if s.Status.IsFailure() {
			return s, nil
		}
	}
	if len(found) == 0 {
		return result.Scenario{}, fmt.Errorf("no scenario %q in results.json", name)
	}
	return found[0], nil
}

func (w *world) scenarioIs(name, status string) error {
	s, err := w.scenario(name)
	if err != nil {
		return err
	}
	if string(s.Status) != status {
		return fmt.Errorf("scenario %q is %s, want %s (error: %s)", name, s.Status, status, s.Error)
	}
	return nil
}

func (w *world) scenariosRan(n int) error {
	ran := 0
	for _, s := range w.run.Scenarios {
		if s.Worker > 0 {
			ran++
		}
	}
	if started := len(w.rec.Started()); ran != n || started != n {
		return fmt.Errorf("%d scenarios ran (%d started), want %d", ran, started, n)
	}
	return nil
}

func (w *world) onlyRan(name string) error {
	if got := w.rec.Started(); !slices.Equal(got, []string{name}) {
		return fmt.Errorf("ran %q, want only %q", got, name)
	}
	return nil
}

func verdicts(r result.Run) map[string]result.Status {
	m := map[string]result.Status{}
	for _, s := range r.Scenarios {
		m[s.Location()] = s.Status
	}
	return m
}

func (w *world) sameVerdicts() error {
	if len(w.previous) == 0 {
		return fmt.Errorf("only one run")
	}
	a, b := verdicts(w.previous[len(w.previous)-1]), verdicts(w.run)
	if len(a) == 0 || len(a) != len(b) {
		return fmt.Errorf("runs have %d and %d scenarios", len(a), len(b))
	}
	for loc, st := range a {
		if b[loc] != st {
			return fmt.Errorf("%s: %s in the first run, %s in the second", loc, st, b[loc])
		}
	}
	return nil
}

func (w *world) sameOrder() error {
	if len(w.started) == 0 {
		return fmt.Errorf("only one run")
	}
	a, b := w.started[len(w.started)-1], w.rec.Started()
	if !slices.Equal(a, b) {
		return fmt.Errorf("orders differ:\n%q\n%q", a, b)
	}
	return nil
}

func (w *world) notFileOrder() error {
	var fileOrder []string
	for _, s := range w.run.Scenarios {
		fileOrder = append(fileOrder, s.Name)
	}
	if slices.Equal(fileOrder, w.rec.Started()) {
		return fmt.Errorf("started in file order: %q", fileOrder)
	}
	return nil
}

func (w *world) suiteHooksRan(before, after int) error {
	b, a := w.rec.Counts()
	if b != before || a != after {
		return fmt.Errorf("BeforeSuite ran %d times, AfterSuite %d; want %d and %d", b, a, before, after)
	}
	return nil
}

func (w *world) parallelAtMost(n int) error {
	if w.rec.MaxParallel > n {
		return fmt.Errorf("%d scenarios ran at once, want at most %d", w.rec.MaxParallel, n)
	}
	return nil
}

func (w *world) parallelAtLeast(n int) error {
	if w.rec.MaxParallel < n {
		return fmt.Errorf("at most %d scenarios ran at once, want >= %d", w.rec.MaxParallel, n)
	}
	return nil
}

// failureShows checks the failure section of the summary: the block that
// starts with the scenario's location contains text.
func (w *world) failureShows(name, text string) error {
	s, err := w.scenario(name)
	if err != nil {
		return err
	}
	i := strings.Index(w.stdout, "Failures (")
	if i < 0 {
		return fmt.Errorf("no failure section:\n%s", w.stdout)
	}
	section := w.stdout[i:]
	j := strings.Index(section, " "+s.Location()+" ")
	if j < 0 {
		return fmt.Errorf("failure section does not list %s:\n%s", s.Location(), section)
	}
	block := section[j:]
	if k := strings.Index(block, "\n\n"); k >= 0 {
		block = block[:k]
	}
	if !strings.Contains(block, text) {
		return fmt.Errorf("failure of %s lacks %q:\n%s", s.Location(), text, block)
	}
	return nil
}

// blocksWhole checks the pretty output: each scenario's heading is followed
// directly by exactly its own steps.
func (w *world) blocksWhole() error {
	lines := strings.Split(w.stdout, "\n")
	seen := 0
	for _, s := range w.run.Scenarios {
		head := -1
		for i, l := range lines {
			if strings.Contains(l, " "+s.Location()+"  ") && !strings.HasPrefix(l, " ") {
				head = i
				break
			}
		}
		if head < 0 {
			return fmt.Errorf("no block for %s:\n%s", s.Location(), w.stdout)
		}
		n := 0
		for _, l := range lines[head+1:] {
			if !strings.HasPrefix(l, "    ") {
				break
			}
			if !strings.HasPrefix(l, "        ") {
				if n >= len(s.Steps) || !strings.Contains(l, s.Steps[n].Text) {
					return fmt.Errorf("block of %s has a foreign line %q", s.Location(), l)
				}
				n++
			}
		}
		if n != len(s.Steps) {
			return fmt.Errorf("block of %s shows %d of its %d steps", s.Location(), n, len(s.Steps))
		}
		seen++
	}
	if seen == 0 {
		return fmt.Errorf("no scenario in the results")
	}
	return nil
}

func (w *world) errorContains(name, text string) error {
	s, err := w.scenario(name)
	if err != nil {
		return err
	}
	if !strings.Contains(s.Error, text) {
		return fmt.Errorf("error of %q is %q, want it to contain %q", name, s.Error, text)
	}
	return nil
}

func (w *world) junitLists(cases, failures, errs int) error {
	b, err := os.ReadFile(filepath.Join(w.dir, "reports", "junit.xml"))
	if err != nil {
		return err
	}
	x := w.rel(string(b))
	if got := strings.Count(x, "<testcase "); got != cases {
		return fmt.Errorf("junit.xml has %d test cases, want %d", got, cases)
	}
	if got := strings.Count(x, "<failure "); got != failures {
		return fmt.Errorf("junit.xml has %d failures, want %d", got, failures)
	}
	if got := strings.Count(x, "<error "); got != errs {
		return fmt.Errorf("junit.xml has %d errors, want %d", got, errs)
	}
	last := -1
	var lines []int
	for _, m := range regexp.MustCompile(`<testcase [^>]*file="([^"]*)"[^>]*line="(\d+)"`).FindAllStringSubmatch(x, -1) {
		n, _ := strconv.Atoi(m[2])
		key := orderOf(w.run, m[1], n)
		if key < 0 {
			return fmt.Errorf("junit.xml lists %s:%d, which results.json does not have", m[1], n)
		}
		if key < last {
			return fmt.Errorf("junit.xml is not in file order at %s:%d", m[1], n)
		}
		last = key
		lines = append(lines, n)
	}
	if len(lines) != cases {
		return fmt.Errorf("found %d test cases with file and line, want %d", len(lines), cases)
	}
	return nil
}

func orderOf(r result.Run, file string, line int) int {
	for _, s := range r.Scenarios {
		if s.File == file && s.Line == line {
			return s.Order
		}
	}
	return -1
}

// history writes a timing history for the next run.
func (w *world) history(a string, as int, b string, bs int) error {
	if err := w.tempDir(); err != nil {
		return err
	}
	h := schedule.History{}
	h.Record(w.abs(a), time.Duration(as)*time.Second)
	h.Record(w.abs(b), time.Duration(bs)*time.Second)
	return h.Save(filepath.Join(w.dir, "timings.json"), nil, schedule.Last{})
}

func (w *world) historyHolds(content string) error {
	if err := w.tempDir(); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(w.dir, "timings.json"), []byte(content), 0o644)
}

func (w *world) startedInOrder(names string) error {
	want := strings.Split(names, ", ")
	if got := w.rec.Started(); !slices.Equal(got, want) {
		return fmt.Errorf("started in order %q, want %q", got, want)
	}
	return nil
}

func (w *world) historyHas(n int) error {
	h, err := schedule.LoadHistory(filepath.Join(w.dir, "timings.json"))
	if err != nil {
		return err
	}
	if len(h) != n {
		return fmt.Errorf("timing history has %d scenarios, want %d: %v", len(h), n, h)
	}
	for loc, secs := range h {
		if secs <= 0 {
			return fmt.Errorf("timing history records %s as %vs", loc, secs)
		}
	}
	return nil
}
