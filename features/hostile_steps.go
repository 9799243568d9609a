package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/fixtures/hostilefile"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/runner"
)

// Hostile input made by the steps themselves, never committed: named
// pipes, links to devices that never end, binary files, a 50 MB feature.
func hostileSteps(sc *godog.ScenarioContext, w *world) {
	sc.Step(`^a named pipe "pipe\.feature" and links "zero\.feature" to /dev/zero and "full\.feature" to /dev/full among the feature files$`, w.hostileFeatures)
	sc.Step(`^a rerun file "([^"]*)" of (\d+) random bytes$`, w.binaryRerunFile)
	sc.Step(`^the timing history is a link to /dev/zero$`, w.historyToZero)
	sc.Step(`^the timing history says "([^"]*)" took (\S+) seconds$`, w.historySays)
	sc.Step(`^a feature file "([^"]*)" whose one doc string is (\d+) (lines|MB) long$`, w.largeFeature)
	sc.Step(`^(\d+) empty feature files$`, w.emptyFeatures)
	other := &otherRun{w: w}
	sc.Step(`^another run of mush on "([^"]*)" is going on in the same project$`, other.start)
	sc.Step(`^the other run ends with exit code (\d+), its results listing only "([^"]*)"$`, other.end)
}

// otherRun is a run of mush going on at the same time as the scenario's
// own, in the same reports directory: its one scenario waits at the
// fixture's gate until the scenario lets it finish.
type otherRun struct {
	w    *world
	rec  *fixtures.Recorder
	done chan int
}

func (o *otherRun) start(paths string) error {
	if err := o.w.tempDir(); err != nil {
		return err
	}
	env := map[string]string{
		"BDD_PATHS":       o.w.abs(paths),
		"BDD_REPORTS_DIR": filepath.Join(o.w.dir, "reports"),
		"BDD_TIMINGS":     filepath.Join(o.w.dir, "timings.json"),
	}
	o.rec = &fixtures.Recorder{Gate: make(chan struct{})}
	o.done = make(chan int, 1)
	go func() {
		o.done <- runner.ExitCode(runner.Run(context.Background(), fixtures.Suite(o.rec), runner.Env{
			Getenv: func(k string) string { return env[k] }, Stdout: io.Discard, Stderr: io.Discard,
		}))
	}()
	for tick := time.NewTicker(10 * time.Millisecond); len(o.rec.Started()) == 0; <-tick.C {
		select {
		case code := <-o.done:
			return fmt.Errorf("the other run ended (exit %d) before its scenario started", code)
		default:
		}
	}
	return nil
}

func (o *otherRun) end(code int, name string) error {
	close(o.rec.Gate)
	if got := <-o.done; got != code {
		return fmt.Errorf("the other run exited %d, want %d", got, code)
	}
	run, err := report.ReadFile(filepath.Join(o.w.dir, "reports", report.ResultsFile))
	if err != nil {
		return err
	}
	if len(run.Scenarios) != 1 || run.Scenarios[0].Name != name {
		return fmt.Errorf("the other run's results list %d scenarios, want only %q: %+v", len(run.Scenarios), name, run.Scenarios)
	}
	return nil
}

func (w *world) featuresDir() (string, error) {
	if err := w.tempDir(); err != nil {
		return "", err
	}
	dir := filepath.Join(w.dir, "features")
	return dir, os.MkdirAll(dir, 0o755)
}

func (w *world) hostileFeatures() error {
	dir, err := w.featuresDir()
	if err != nil {
		return err
	}
	paths, err := hostilefile.Create(dir, ".feature")
	if err == nil && len(paths) < 4 {
		err = fmt.Errorf("this system lacks named pipes or /dev/zero: only %v", paths)
	}
	return err
}

// binaryRerunFile writes n bytes of a fixed pseudo-random sequence (NUL
// bytes, invalid UTF-8, '/' among them) into the reports directory.
func (w *world) binaryRerunFile(name string, n int) error {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return w.inReports(name, func(path string) error { return os.WriteFile(path, b, 0o644) })
}

func (w *world) historyToZero() error {
	if err := w.tempDir(); err != nil {
		return err
	}
	return os.Symlink("/dev/zero", filepath.Join(w.dir, "timings.json"))
}

// historySays writes a timing history of one scenario, its time given as
// JSON writes it (1e308, -1).
func (w *world) historySays(loc, secs string) error {
	if err := w.tempDir(); err != nil {
		return err
	}
	text := fmt.Sprintf(`{"version":1,"scenarios":{%q:%s}}`, filepath.Join(w.dir, "features", loc), secs)
	return os.WriteFile(filepath.Join(w.dir, "timings.json"), []byte(text), 0o644)
}

// largeFeature writes a feature whose one scenario has a doc string of n
// lines of one byte, or of n MB in lines of 79 bytes.
func (w *world) largeFeature(name string, n int, unit string) error {
	dir, err := w.featuresDir()
	if err != nil {
		return err
	}
	line, lines := "x", n
	if unit == "MB" {
		line = strings.Repeat("x", 79)
		lines = n * 1_000_000 / 80
	}
	var b bytes.Buffer
	b.WriteString("Feature: Large\n\n  Scenario: One doc string\n    Given a step with a doc string:\n      \"\"\"\n")
	for range lines {
		b.WriteString(line)
		b.WriteByte('\n')
	}
	b.WriteString("      \"\"\"\n")
	return os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644)
}

func (w *world) emptyFeatures(n int) error {
	dir, err := w.featuresDir()
	if err != nil {
		return err
	}
	dir = filepath.Join(dir, "empty")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("e%05d.feature", i)), nil, 0o644); err != nil {
			return err
		}
	}
	return nil
}
