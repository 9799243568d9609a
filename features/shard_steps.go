package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/finish"
	"github.com/mushbdd/mush/internal/merge"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/shard"
	"github.com/mushbdd/mush/internal/targets"
	"github.com/mushbdd/mush/internal/view"
)

// shards is the state of one CI shards scenario: the shards run so far
// (by shard number) and the scenario a step tampered with.
type shards struct {
	w        *world
	outputs  map[string]string // shard "2/4" -> its stdout
	tampered string            // location of a dropped or copied scenario
	statusF  string            // the Bazel shard status file
	setup    string            // the plan's setup per shard
}

// shardSteps registers the steps of shards.feature on the world's runs.
func shardSteps(sc *godog.ScenarioContext, w *world) {
	s := &shards{w: w, outputs: map[string]string{}}
	sc.Step(`^I run the (\d+) shards of "([^"]*)" one after another$`, s.runAll)
	sc.Step(`^I run shard (\d+)/(\d+) of "([^"]*)"$`, func(i, n int, paths string) error { return s.run(i, n, paths, "") })
	sc.Step(`^I run shard (\d+)/(\d+) of "([^"]*)" with another timing history$`, s.runOtherHistory)
	sc.Step(`^mush ran "([^"]*)" once, which recorded its time$`, w.runOn)
	sc.Step(`^I merge the shards$`, s.merge)
	sc.Step(`^the merge exits with code (\d+)$`, w.exitCodeIs)
	sc.Step(`^the merge's error output contains "(.*)"$`, w.stderrContains)
	sc.Step(`^the merge's error output names the (?:dropped|copied) scenario as "(.*)"$`, s.namesTampered)
	sc.Step(`^the merge wrote no report$`, s.noReport)
	sc.Step(`^the shards annotated each of the (\d+) failed scenarios once$`, s.annotatedOnce)
	sc.Step(`^each shard's summary names its shard, like "([^"]*)"$`, s.summariesName)
	sc.Step(`^every scenario ran in exactly one shard$`, s.exactlyOnce)
	sc.Step(`^the merged run has the same verdicts and the same last line as one run of "([^"]*)"$`, s.sameAsOneRun)
	sc.Step(`^the merged timing history knows all (\d+) scenarios$`, s.historyKnows)
	sc.Step(`^every shard's manifest says the timing history knew (\d+) scenarios$`, s.manifestsKnew)
	sc.Step(`^the output of shard (\d+)/(\d+) is lost$`, s.lose)
	sc.Step(`^shard (\d+)/(\d+)'s results lack one of its scenarios$`, s.drop)
	sc.Step(`^shard (\d+)/(\d+)'s results also list a scenario of shard (\d+)/(\d+)$`, s.copyScenario)
	sc.Step(`^I plan the shards of "([^"]*)" for the counts "([^"]*)" with (\d+) workers and "([^"]*)" of setup per shard$`, s.plan)
	sc.Step(`^the plan predicts the wall time, the busiest shard and its share for 1, 2, 4 and 8 shards$`, s.planRows)
	sc.Step(`^the plan's floor is the setup plus the longest scenario of the timing history$`, s.planFloor)
	sc.Step(`^the plan says after how many shards adding more stops paying$`, s.planVerdict)
	sc.Step(`^TEST_SHARD_STATUS_FILE names a file that does not exist yet$`, s.statusFile)
	sc.Step(`^the Bazel shard status file exists$`, s.statusFileExists)
}

func (s *shards) dir(i, n int) string {
	return filepath.Join(s.w.dir, "shards", shard.Spec{Index: i, Total: n}.Dir())
}

// run runs shard i/n of paths into its own directory, with the world's
// timing history (or the one at timings, when given).
func (s *shards) run(i, n int, paths, timings string) error {
	if err := s.w.tempDir(); err != nil {
		return err
	}
	spec := shard.Spec{Index: i, Total: n}
	s.w.env["BDD_SHARD"] = spec.String()
	s.w.env["BDD_REPORTS_DIR"] = s.dir(i, n)
	if timings != "" {
		s.w.env["BDD_TIMINGS"] = timings
	}
	defer func() {
		delete(s.w.env, "BDD_SHARD")
		delete(s.w.env, "BDD_REPORTS_DIR")
		delete(s.w.env, "BDD_TIMINGS")
	}()
	if err := s.w.runOn(paths); err != nil {
		return err
	}
	s.outputs[spec.String()] = s.w.stdout
	run, err := report.ReadFile(filepath.Join(s.dir(i, n), report.ResultsFile))
	s.w.run = run
	return err
}

func (s *shards) runAll(n int, paths string) error {
	for i := 1; i <= n; i++ {
		if err := s.run(i, n, paths, ""); err != nil {
			return err
		}
		if s.w.code != 0 && s.w.code != 1 {
			return fmt.Errorf("shard %d/%d exited %d:\n%s\n%s", i, n, s.w.code, s.w.stdout, s.w.stderr)
		}
	}
	return nil
}

// runOtherHistory runs shard i/n again with a timing history in which
// every scenario of the world's history took a different time.
func (s *shards) runOtherHistory(i, n int, paths string) error {
	h, err := schedule.LoadHistory(filepath.Join(s.w.dir, "timings.json"))
	if err != nil || len(h) == 0 {
		return fmt.Errorf("no timing history to change (%v)", err)
	}
	other := schedule.History{}
	for k := range h {
		other[k] = float64(len(k)) // not the recorded times
	}
	path := filepath.Join(s.w.dir, "other-timings.json")
	if err := other.Save(path, nil, schedule.Last{}); err != nil {
		return err
	}
	return s.run(i, n, paths, path)
}

// merge merges the shards' directories into the world's reports and
// timing history, as the merge job of a CI run does.
func (s *shards) merge() error {
	if err := s.w.tempDir(); err != nil {
		return err
	}
	from := filepath.Join(s.w.dir, "shards", "*")
	dirs, err := merge.Dirs(from)
	if err != nil {
		return err
	}
	var out, errOut bytes.Buffer
	_, err = merge.Results(from, dirs, finish.Options{
		Settings: config.Settings{ReportsDir: filepath.Join(s.w.dir, "reports"), Timings: filepath.Join(s.w.dir, "timings.json")},
		Stdout:   &out, Stderr: &errOut, Getenv: func(k string) string { return s.w.env[k] },
	})
	s.w.code = targets.Report(err, &errOut)
	s.w.stdout, s.w.stderr = out.String(), errOut.String()
	s.w.run = result.Run{}
	if run, rerr := report.ReadFile(filepath.Join(s.w.dir, "reports", report.ResultsFile)); rerr == nil {
		s.w.run = run
	}
	return nil
}

func (s *shards) summariesName(example string) error {
	if len(s.outputs) == 0 {
		return errors.New("no shard ran")
	}
	for spec, out := range s.outputs {
		want := strings.Replace(example, "2/4", spec, 1)
		if !strings.Contains(out, want) {
			return fmt.Errorf("the summary of shard %s lacks %q:\n%s", spec, want, out)
		}
	}
	return nil
}

// shardResults reads every shard directory's results.json.
func (s *shards) shardResults() (map[string]result.Run, error) {
	dirs, err := filepath.Glob(filepath.Join(s.w.dir, "shards", "*"))
	if err != nil || len(dirs) == 0 {
		return nil, fmt.Errorf("no shard directories (%v)", err)
	}
	runs := map[string]result.Run{}
	for _, d := range dirs {
		run, err := report.ReadFile(filepath.Join(d, report.ResultsFile))
		if err != nil {
			return nil, err
		}
		runs[filepath.Base(d)] = run
	}
	return runs, nil
}

func (s *shards) exactlyOnce() error {
	runs, err := s.shardResults()
	if err != nil {
		return err
	}
	m, err := shard.ReadManifest(filepath.Join(s.w.dir, "shards", "1-of-"+strconv.Itoa(len(runs))))
	if err != nil {
		return err
	}
	seen := map[string]int{}
	for _, run := range runs {
		for _, sc := range run.Scenarios {
			seen[sc.Location()]++
		}
	}
	for _, k := range m.Scenarios {
		if seen[k] != 1 {
			return fmt.Errorf("%s ran in %d shards", k, seen[k])
		}
	}
	if len(seen) != len(m.Scenarios) {
		return fmt.Errorf("the shards ran %d scenarios, the selection has %d", len(seen), len(m.Scenarios))
	}
	return nil
}

// sameAsOneRun compares the merged run with one run of paths on one
// machine: every scenario's verdict and the counts line.
func (s *shards) sameAsOneRun(paths string) error {
	merged, mergedOut := s.w.run, s.w.stdout
	if err := s.w.runOn(paths); err != nil {
		return err
	}
	a, b := verdicts(s.w.run), verdicts(merged)
	if len(a) == 0 || len(a) != len(b) {
		return fmt.Errorf("one run has %d scenarios, the merged shards %d", len(a), len(b))
	}
	for loc, st := range a {
		if b[loc] != st {
			return fmt.Errorf("%s: %s in one run, %s in the merged shards", loc, st, b[loc])
		}
	}
	last := func(out string) string {
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		return lines[len(lines)-1]
	}
	if last(s.w.stdout) != last(mergedOut) {
		return fmt.Errorf("last lines differ: %q in one run, %q merged", last(s.w.stdout), last(mergedOut))
	}
	return nil
}

func (s *shards) historyKnows(n int) error {
	h, err := schedule.LoadHistory(filepath.Join(s.w.dir, "timings.json"))
	if err != nil || len(h) != n {
		return fmt.Errorf("the merged history has %d scenarios, want %d (%v)", len(h), n, err)
	}
	return nil
}

func (s *shards) manifestsKnew(n int) error {
	dirs, _ := filepath.Glob(filepath.Join(s.w.dir, "shards", "*"))
	for _, d := range dirs {
		m, err := shard.ReadManifest(d)
		if err != nil {
			return err
		}
		if m.Known != n {
			return fmt.Errorf("shard %s split with a history that knew %d scenarios, want %d", m.Shard, m.Known, n)
		}
	}
	return nil
}

func (s *shards) lose(i, n int) error {
	return os.RemoveAll(s.dir(i, n))
}

// drop removes the first scenario from shard i/n's results.json.
func (s *shards) drop(i, n int) error {
	return s.rewrite(i, n, func(run *result.Run) error {
		if len(run.Scenarios) == 0 {
			return fmt.Errorf("shard %d/%d ran no scenario", i, n)
		}
		s.tampered = run.Scenarios[0].Location()
		run.Scenarios = run.Scenarios[1:]
		return nil
	})
}

// copyScenario adds the first scenario of shard j/n's results to shard
// i/n's results.json.
func (s *shards) copyScenario(i, n, j, _ int) error {
	from, err := report.ReadFile(filepath.Join(s.dir(j, n), report.ResultsFile))
	if err != nil || len(from.Scenarios) == 0 {
		return fmt.Errorf("shard %d/%d has no results to copy (%v)", j, n, err)
	}
	return s.rewrite(i, n, func(run *result.Run) error {
		s.tampered = from.Scenarios[0].Location()
		run.Scenarios = append(run.Scenarios, from.Scenarios[0])
		return nil
	})
}

func (s *shards) rewrite(i, n int, change func(*result.Run) error) error {
	dir := s.dir(i, n)
	run, err := report.ReadFile(filepath.Join(dir, report.ResultsFile))
	if err != nil {
		return err
	}
	if err := change(&run); err != nil {
		return err
	}
	_, err = report.WriteAll(dir, view.New(run, view.Options{}), true)
	return err
}

func (s *shards) namesTampered(text string) error {
	want := "scenario " + s.tampered + " " + text
	if s.tampered == "" || !strings.Contains(s.w.stderr, want) {
		return fmt.Errorf("the merge's error output lacks %q:\n%s", want, s.w.stderr)
	}
	return nil
}

func (s *shards) noReport() error {
	for _, name := range []string{report.JUnitFile, report.ResultsFile} {
		if _, err := os.Stat(filepath.Join(s.w.dir, "reports", name)); !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("the refused merge wrote %s (%v)", name, err)
		}
	}
	if strings.Contains(s.w.stdout, " passed, ") {
		return fmt.Errorf("the refused merge printed a counts line:\n%s", s.w.stdout)
	}
	return nil
}

func (s *shards) statusFile() error {
	if err := s.w.tempDir(); err != nil {
		return err
	}
	s.statusF = filepath.Join(s.w.dir, "bazel", "shard-status")
	if err := os.MkdirAll(filepath.Dir(s.statusF), 0o755); err != nil {
		return err
	}
	s.w.env["TEST_SHARD_STATUS_FILE"] = s.statusF
	return nil
}

func (s *shards) statusFileExists() error {
	if _, err := os.Stat(s.statusF); err != nil {
		return fmt.Errorf("the shard status file was not touched: %v", err)
	}
	return nil
}

// plan runs the shardPlan target on paths with the world's timing
// history.
func (s *shards) plan(ctx context.Context, paths, counts string, workers int, setup string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	var out, errOut bytes.Buffer
	w := strconv.Itoa(workers)
	p := targets.Project{Root: root, Stdout: &out, Stderr: &errOut,
		Env: config.NewEnv([]string{"BDD_TIMINGS=" + filepath.Join(s.w.dir, "timings.json")})}
	err = targets.ShardPlan(ctx, p.WithFlags("shardPlan", &w, nil, &paths, &counts, &setup))
	s.w.code = targets.Report(err, &errOut)
	s.w.stdout, s.w.stderr = out.String(), errOut.String()
	s.setup = setup
	if s.w.code != 0 {
		return fmt.Errorf("shardPlan exited %d:\n%s\n%s", s.w.code, s.w.stdout, s.w.stderr)
	}
	return nil
}

// planRows finds each count's row: count, predicted wall, speed-up,
// busiest shard i/n, its share.
func (s *shards) planRows() error {
	for _, n := range []string{"1", "2", "4", "8"} {
		row := regexp.MustCompile(`(?m)^\s+` + n + `\s+\d+\.\d\ds\s+\d+\.\d\dx\s+\d+/` + n + `\s+\d+\.\d%`)
		if !row.MatchString(s.w.stdout) {
			return fmt.Errorf("the plan has no row for %s shards:\n%s", n, s.w.stdout)
		}
	}
	return nil
}

func (s *shards) planFloor() error {
	h, err := schedule.LoadHistory(filepath.Join(s.w.dir, "timings.json"))
	if err != nil || len(h) == 0 {
		return fmt.Errorf("no timing history (%v)", err)
	}
	longest := 0.0
	for _, d := range h {
		longest = max(longest, d)
	}
	setup, err := time.ParseDuration(s.setup)
	if err != nil {
		return err
	}
	want := fmt.Sprintf("floor: %.2fs = setup %.2fs + longest scenario %.2fs", setup.Seconds()+longest, setup.Seconds(), longest)
	if !strings.Contains(s.w.stdout, want) {
		return fmt.Errorf("the plan lacks %q:\n%s", want, s.w.stdout)
	}
	return nil
}

var planVerdict = regexp.MustCompile(`(?m)^(stops paying after \d+ shards?: \d+ save .* \(\d+%, less than 10%\)|still paying at 8 shards: try larger counts)$`)

func (s *shards) planVerdict() error {
	if !planVerdict.MatchString(s.w.stdout) {
		return fmt.Errorf("the plan does not say where more shards stop paying:\n%s", s.w.stdout)
	}
	return nil
}

// annotatedOnce checks that the shards' outputs hold one GitHub annotation
// per failed scenario, n in all, each at a different scenario.
func (s *shards) annotatedOnce(n int) error {
	seen := map[string]int{}
	for _, out := range s.outputs {
		for _, line := range strings.Split(out, "\n") {
			if _, attrs, ok := strings.Cut(line, "::error "); ok {
				_, title, _ := strings.Cut(attrs, "title=")
				title, _, _ = strings.Cut(title, "::")
				seen[title]++
			}
		}
	}
	if len(seen) != n {
		return fmt.Errorf("the shards annotated %d scenarios, want %d: %v", len(seen), n, seen)
	}
	for title, k := range seen {
		if k != 1 {
			return fmt.Errorf("%s is annotated %d times", title, k)
		}
	}
	return nil
}
