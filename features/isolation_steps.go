package main

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
)

// isolationSteps are the steps of process mode (BDD_ISOLATION=process):
// the supervised fixture runner run as worker processes.
func isolationSteps(sc *godog.ScenarioContext, w *crashRun) {
	sc.Step(`^the supervised fixture runner runs "([^"]*)" in (\d+) process(?:es)?$`, func(paths string, n int) error {
		return w.inProcesses(n, func() error { return w.runSupervised(paths, 0, nil) })
	})
	sc.Step(`^the supervised fixture runner runs "([^"]*)" in (\d+) processes and gets (SIGINT|SIGTERM) once (\d+) scenarios? finished and (\d+) (?:is|are) running$`,
		func(paths string, n int, sig string, finished, running int) error {
			return w.inProcesses(n, func() error {
				return w.runSupervised(paths, 0, &interrupt{sig: sig, finished: finished, running: running})
			})
		})
	sc.Step(`^the results list the scenarios in file order$`, w.inFileOrder)
	sc.Step(`^every worker process wrote coverage counters$`, w.workerCounters)
	sc.Step(`^the scenarios ran in (\d+) processes, one scenario at a time in each$`, w.ranInProcesses)
	sc.Step(`^nothing ran while "([^"]*)" ran$`, w.ranAlone)
	sc.Step(`^"([^"]*)" passes alone, and "([^"]*)" ran beside or before it and breaks it$`, w.passesAlone)
	sc.Step(`^the reports say "([^"]*)" passes alone$`, w.reportsSayAlone)
	sc.Step(`^every failed scenario fails alone too$`, w.failsAloneToo)
	sc.Step(`^the two runs together ran each of the (\d+) scenarios once$`, w.splitOnce)
}

// splitOnce checks that the last two runs (two shards) ran n scenarios
// between them, each once.
func (w *crashRun) splitOnce(n int) error {
	if len(w.previous) == 0 {
		return fmt.Errorf("only one run")
	}
	seen := map[string]int{}
	for _, run := range []result.Run{w.previous[len(w.previous)-1], w.run} {
		for _, s := range run.Scenarios {
			seen[s.Location()]++
		}
	}
	for loc, k := range seen {
		if k != 1 {
			return fmt.Errorf("%s ran in both shards", loc)
		}
	}
	if len(seen) != n {
		return fmt.Errorf("the two shards ran %d scenarios, want %d", len(seen), n)
	}
	return nil
}

// named is the scenario of the last run's results.json called name.
func (w *crashRun) named(name string) (result.Scenario, error) {
	i := slices.IndexFunc(w.run.Scenarios, func(s result.Scenario) bool { return s.Name == name })
	if i < 0 {
		return result.Scenario{}, fmt.Errorf("no scenario %q in results.json", name)
	}
	return w.run.Scenarios[i], nil
}

// passesAlone checks results.json and the summary: the scenario failed,
// passed when run again alone, culprit ran beside it or before it in its
// process (which one depends on how the run went) and is its culprit.
func (w *crashRun) passesAlone(name, culprit string) error {
	f, err := w.named(name)
	if err != nil {
		return err
	}
	c, err := w.named(culprit)
	if err != nil {
		return err
	}
	beside := slices.Contains(f.Beside, c.Location())
	if f.Status != result.Failed || f.Alone != "passed" || !beside && !slices.Contains(f.Before, c.Location()) || f.Culprit != c.Location() {
		return fmt.Errorf("%q: status %s, alone %q, beside %v, before %v, culprit %q; want failed, passed, %s beside or before, culprit %[6]s\n%s",
			name, f.Status, f.Alone, f.Beside, f.Before, f.Culprit, c.Location(), w.stdout)
	}
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	loc := strings.TrimPrefix(c.Location(), wd+"/")
	ran, how := "ran before it in its process: ", "makes it fail when it runs first in the same process"
	if beside {
		ran, how = "ran beside it: ", "makes it fail when the two run side by side"
	}
	for _, want := range []string{"passes alone: run again alone in a fresh process, it passed",
		ran + loc + " (" + culprit + ")", "culprit: " + loc + " (" + culprit + ") " + how} {
		if !strings.Contains(w.stdout, want) {
			return fmt.Errorf("the summary does not say %q:\n%s", want, w.stdout)
		}
	}
	return nil
}

// reportsSayAlone checks that junit.xml and index.html note that the
// scenario passes alone.
func (w *crashRun) reportsSayAlone(name string) error {
	f, err := w.named(name)
	if err != nil {
		return err
	}
	for _, file := range []string{report.JUnitFile, report.HTMLFile} {
		b, err := os.ReadFile(filepath.Join(w.dir, "reports", file))
		if err != nil {
			return err
		}
		if !strings.Contains(string(b), "passes alone") || !strings.Contains(string(b), f.Culprit) {
			return fmt.Errorf("%s does not say that %q passes alone, broken by %s", file, name, f.Culprit)
		}
	}
	return nil
}

// failsAloneToo checks that every failed scenario was run again alone and
// failed again, and that the summary says so.
func (w *crashRun) failsAloneToo() error {
	n := 0
	for _, s := range w.run.Scenarios {
		if s.Status == result.Failed {
			if s.Alone != "failed" {
				return fmt.Errorf("%s: alone %q, want failed", s.Location(), s.Alone)
			}
			n++
		}
	}
	if n == 0 || strings.Count(w.stdout, "fails alone too") != n {
		return fmt.Errorf("%d failed scenarios, and the summary says \"fails alone too\" %d times:\n%s", n, strings.Count(w.stdout, "fails alone too"), w.stdout)
	}
	return nil
}

// ranAlone checks, from the start and duration of every result, that no
// other scenario ran while the one named name ran.
func (w *crashRun) ranAlone(name string) error {
	i := slices.IndexFunc(w.run.Scenarios, func(s result.Scenario) bool { return s.Name == name })
	if i < 0 {
		return fmt.Errorf("no scenario %q in results.json", name)
	}
	alone := w.run.Scenarios[i]
	if !alone.Serial {
		return fmt.Errorf("results.json does not mark %q serial", name)
	}
	end := alone.Start.Add(alone.Duration)
	for _, s := range w.run.Scenarios {
		if s.Name != name && s.Start.Before(end) && alone.Start.Before(s.Start.Add(s.Duration)) {
			return fmt.Errorf("%q ran from %s for %s, while %q ran from %s for %s", s.Name, s.Start.Format("15:04:05.000"), s.Duration,
				name, alone.Start.Format("15:04:05.000"), alone.Duration)
		}
	}
	return nil
}

// inProcesses runs run in process mode with n worker processes.
func (w *crashRun) inProcesses(n int, run func() error) error {
	w.env["BDD_ISOLATION"], w.env["BDD_PROCESSES"] = "process", strconv.Itoa(n)
	defer func() { delete(w.env, "BDD_ISOLATION"); delete(w.env, "BDD_PROCESSES") }()
	return run()
}

func (w *crashRun) inFileOrder() error {
	if !slices.IsSortedFunc(w.run.Scenarios, func(a, b result.Scenario) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	}) {
		return fmt.Errorf("results.json is not in file order:\n%s", w.stdout)
	}
	return nil
}

// ranInProcesses checks that the results name n processes (attempts),
// each with the one worker lane of a process that runs one scenario at a
// time, and that no two scenarios of one process overlapped in time.
func (w *crashRun) ranInProcesses(n int) error {
	byAttempt := map[int][]result.Scenario{}
	for _, s := range w.run.Scenarios {
		if s.Worker != 1 {
			return fmt.Errorf("%s ran on worker %d of its process, want 1", s.Location(), s.Worker)
		}
		byAttempt[s.Attempt] = append(byAttempt[s.Attempt], s)
	}
	if len(byAttempt) != n {
		return fmt.Errorf("the scenarios ran in %d processes, want %d:\n%s", len(byAttempt), n, w.stdout)
	}
	for a, ss := range byAttempt {
		slices.SortFunc(ss, func(x, y result.Scenario) int { return x.Start.Compare(y.Start) })
		for i := 1; i < len(ss); i++ {
			if ss[i].Start.Before(ss[i-1].Start.Add(ss[i-1].Duration)) {
				return fmt.Errorf("process %d ran %s and %s at the same time", a, ss[i-1].Location(), ss[i].Location())
			}
		}
	}
	return nil
}

// workerCounters checks that the coverage counter files in the run's
// GOCOVERDIR come from as many processes (the pid is part of each name)
// as the results name worker processes (attempts).
func (w *crashRun) workerCounters() error {
	pids, err := w.counterPids()
	if err != nil {
		return err
	}
	attempts := map[int]bool{}
	for _, s := range w.run.Scenarios {
		attempts[s.Attempt] = true
	}
	if len(pids) != len(attempts) || len(attempts) < 2 {
		return fmt.Errorf("coverage counters from %d processes, but the scenarios ran in %d worker processes", len(pids), len(attempts))
	}
	return nil
}
