package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
)

// adopter is one scenario's copy of the adopter example and what the last
// command run in it produced.
type adopter struct {
	dir            string // the copy; its magefile cache is dir+".mage"
	code           int
	stdout, stderr string
	verdicts       []map[string]result.Status // by scenario name, one per command
}

// adopterSteps registers the steps that run go commands in a copy of an
// adopter example: internal/targets/testdata/adopter, the layouts of
// internal/fixtures/adopter-layouts, or internal/fixtures/adopter-testgo
// (steps in _test.go files).
func adopterSteps(sc *godog.ScenarioContext) {
	a := &adopter{}
	sc.After(func(ctx context.Context, _ *godog.Scenario, err error) (context.Context, error) {
		if a.dir != "" {
			os.RemoveAll(a.dir)
			os.RemoveAll(a.dir + ".mage")
		}
		return ctx, nil
	})
	sc.Step(`^a copy of the adopter (example|layouts|testgo)$`, a.copyExample)
	sc.Step(`^I run "(.*)" in the adopter$`, a.run)
	sc.Step(`^I run the rerun hint printed for "([^"]*)"$`, a.runRerunHint)
	sc.Step(`^the rerun hint printed for "([^"]*)" is "(.*)"$`, a.rerunHintIs)
	sc.Step(`^the adopter's command exits with code (\d+)$`, a.exitsWith)
	sc.Step(`^the last line of its (output|error output) (is|starts with) "(.*)"$`, a.lastLineIs)
	sc.Step(`^its output contains "(.*)"$`, a.outputContains)
	sc.Step(`^the adopter's results say "([^"]*)" failed and the other (\d+) scenarios passed$`, a.oneFailed)
	sc.Step(`^every scenario has the verdict it had in the first run$`, a.sameVerdicts)
	sc.Step(`^the adopter's results list only "([^"]*)", (passed|failed)$`, a.onlyListed)
	sc.Step(`^the adopter's reports, journal and timing history are in its build directory and nowhere else$`, a.filesInBuild)
}

// examples are the adopter examples by name, from the module root.
var examples = map[string]string{
	"example": "internal/targets/testdata/adopter",
	"layouts": "internal/fixtures/adopter-layouts",
	"testgo":  "internal/fixtures/adopter-testgo",
}

// copyExample copies the example to a temporary directory and points its
// replace directive at this checkout by absolute path.
func (a *adopter) copyExample(name string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if a.dir, err = os.MkdirTemp("", "mush-adopter-"); err != nil {
		return err
	}
	if err := os.CopyFS(a.dir, os.DirFS(filepath.Join(root, filepath.FromSlash(examples[name])))); err != nil {
		return err
	}
	gomod := filepath.Join(a.dir, "go.mod")
	b, err := os.ReadFile(gomod)
	if err != nil {
		return err
	}
	replace := regexp.MustCompile(`(?m)^replace github.com/mushbdd/mush => \S+$`)
	if !replace.Match(b) {
		return fmt.Errorf("the example's go.mod does not replace mush")
	}
	return os.WriteFile(gomod, replace.ReplaceAllLiteral(b, []byte("replace github.com/mushbdd/mush => "+root)), 0o644)
}

// run runs a shell command line in the copy, in an environment without the
// variables of the mush run that runs this feature (BDD_*, MUSH_*,
// COVERAGE_*, GOCOVERDIR), with missing modules fetched (-mod=mod, as a
// fresh CI machine does), one build step at a time (-p=1: the scenarios
// running alongside keep a core) and its own magefile cache.
func (a *adopter) run(ctx context.Context, line string) error {
	if a.dir == "" {
		return errors.New("no copy of the adopter example")
	}
	for _, f := range []string{"results.json", "junit.xml"} {
		os.Remove(filepath.Join(a.dir, "build", "reports", f))
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(k, "BDD_") && !strings.HasPrefix(k, "MUSH_") && !strings.HasPrefix(k, "COVERAGE_") &&
			!strings.HasPrefix(k, "MAGEFILE_") && k != "GOCOVERDIR" && k != "GOFLAGS" && k != "GOWORK" {
			env = append(env, kv)
		}
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", line)
	cmd.Dir = a.dir
	cmd.Env = append(env, "GOFLAGS=-mod=mod -p=1", "GOWORK=off", "MAGEFILE_CACHE="+a.dir+".mage")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	a.stdout, a.stderr, a.code = out.String(), errOut.String(), 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		a.code = exit.ExitCode()
	case err != nil:
		return err
	}
	verdicts := map[string]result.Status{}
	if f, err := os.Open(filepath.Join(a.dir, "build", "reports", "results.json")); err == nil {
		defer f.Close()
		res, err := report.ReadJSON(f)
		if err != nil {
			return fmt.Errorf("results.json after %s: %w", line, err)
		}
		for _, s := range res.Scenarios {
			verdicts[s.Location()+" "+s.Name] = s.Status
		}
	}
	a.verdicts = append(a.verdicts, verdicts)
	return nil
}

// runRerunHint runs, through sh -c in the copy, the rerun command the last
// output printed under the failure of the scenario named name.
func (a *adopter) runRerunHint(ctx context.Context, name string) error {
	hint, err := a.rerunHint(name)
	if err != nil {
		return err
	}
	return a.run(ctx, hint)
}

// rerunHint is the rerun command the last output printed under the failure
// of the scenario named name.
func (a *adopter) rerunHint(name string) (string, error) {
	i := strings.Index(a.stdout, "› "+name)
	if i < 0 {
		return "", fmt.Errorf("no failure of %q in the output:\n%s", name, a.stdout)
	}
	m := regexp.MustCompile(`(?m)^\s*rerun: (.+)$`).FindStringSubmatch(a.stdout[i:])
	if m == nil {
		return "", fmt.Errorf("no rerun hint under the failure of %q:\n%s", name, a.stdout[i:])
	}
	return m[1], nil
}

func (a *adopter) rerunHintIs(name, want string) error {
	got, err := a.rerunHint(name)
	if err == nil && got != want {
		err = fmt.Errorf("the rerun hint of %q is\n%s\nwant\n%s", name, got, want)
	}
	return err
}

func (a *adopter) exitsWith(code int) error {
	if a.code != code {
		return fmt.Errorf("exit code %d, want %d\noutput:\n%s\nerror output:\n%s", a.code, code, a.stdout, a.stderr)
	}
	return nil
}

func (a *adopter) lastLineIs(stream, how, want string) error {
	text := a.stdout
	if stream == "error output" {
		text = a.stderr
	}
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if got := lines[len(lines)-1]; got != want && !(how == "starts with" && strings.HasPrefix(got, want)) {
		return fmt.Errorf("last line of the %s %q, want it to %s %q\n%s", stream, got, how, want, text)
	}
	return nil
}

func (a *adopter) outputContains(s string) error {
	if !strings.Contains(a.stdout, s) {
		return fmt.Errorf("output lacks %q:\n%s", s, a.stdout)
	}
	return nil
}

// last is the verdicts of the last command's run.
func (a *adopter) last() map[string]result.Status {
	if len(a.verdicts) == 0 {
		return nil
	}
	return a.verdicts[len(a.verdicts)-1]
}

func (a *adopter) oneFailed(name string, passed int) error {
	var failed []string
	n := 0
	for k, st := range a.last() {
		switch {
		case st == result.Passed:
			n++
		case strings.HasSuffix(k, " "+name) && st == result.Failed:
			failed = append(failed, k)
		default:
			return fmt.Errorf("%s is %s", k, st)
		}
	}
	if len(failed) != 1 || n != passed {
		return fmt.Errorf("results: %v; want %q failed and %d passed", a.last(), name, passed)
	}
	return nil
}

func (a *adopter) sameVerdicts() error {
	if len(a.verdicts) < 2 || len(a.verdicts[0]) == 0 {
		return errors.New("fewer than two runs with results to compare")
	}
	if first := a.verdicts[0]; !maps.Equal(first, a.last()) {
		return fmt.Errorf("verdicts differ:\nfirst run: %v\nthis run:  %v", first, a.last())
	}
	return nil
}

func (a *adopter) onlyListed(name, status string) error {
	keys := slices.Collect(maps.Keys(a.last()))
	if len(keys) != 1 || !strings.HasSuffix(keys[0], " "+name) || a.last()[keys[0]] != result.Status(status) {
		return fmt.Errorf("results: %v; want only %q, %s", a.last(), name, status)
	}
	return nil
}

// filesInBuild checks that the last run wrote its files under the copy's
// build/ directory, whatever directory its BeforeSuite changed to or go
// test ran it in, and no build/ directory anywhere else in the copy.
func (a *adopter) filesInBuild() error {
	for _, f := range []string{"build/reports/results.json", "build/reports/journal.ndjson", "build/reports/rerun.txt", "build/cache/timings.json"} {
		if _, err := os.Stat(filepath.Join(a.dir, f)); err != nil {
			return err
		}
	}
	return filepath.WalkDir(a.dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == "build" && p != filepath.Join(a.dir, "build") {
			return fmt.Errorf("the run wrote %s", p)
		}
		return err
	})
}
