package runner

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/result"
)

// TestCoverageFlusherSnapshot: a snapshot replaces the previous one and
// leaves nothing else in the directory, and Close removes it; when the
// counters cannot be written (no directory, a binary not built with
// -covermode=atomic, no file written) the flusher turns itself off and
// leaves nothing behind.
func TestCoverageFlusherSnapshot(t *testing.T) {
	written := 0
	counters := func(dir string) error { // as runtime/coverage names them
		written++
		name := fmt.Sprintf("covcounters.38c38b9acc6cfccb90e8ea5d27d1f4dd.%d.%d", os.Getpid(), written)
		return os.WriteFile(filepath.Join(dir, name), []byte("counters"), 0o644)
	}
	for _, tc := range []struct {
		name     string
		missing  bool
		write    func(string) error
		snapshot bool // a counter file after two finished scenarios
	}{
		{"counters written", false, counters, true},
		{"no directory", true, counters, false},
		{"not built with -covermode=atomic", false, func(string) error { return errors.New("not atomic") }, false},
		{"no file written", false, func(string) error { return nil }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.missing {
				dir = filepath.Join(dir, "missing")
			}
			f := &coverageFlusher{dir: dir, write: tc.write}
			f.ScenarioStarted("a.feature:3", 0)
			f.ScenarioFinished(result.Scenario{})
			first := f.snapshot
			f.ScenarioFinished(result.Scenario{})
			if f.off == tc.snapshot {
				t.Errorf("off = %v after two scenarios, want %v", f.off, !tc.snapshot)
			}
			names := dirNames(t, dir, tc.missing)
			switch {
			case !tc.snapshot && len(names) != 0:
				t.Fatalf("files after two scenarios: %q, want none", names)
			case tc.snapshot && (len(names) != 1 || filepath.Join(dir, names[0]) != f.snapshot || f.snapshot == first):
				t.Fatalf("files after two scenarios: %q, last snapshot %q, first %q: want the second snapshot alone", names, f.snapshot, first)
			}
			f.Close()
			if names := dirNames(t, dir, tc.missing); len(names) != 0 {
				t.Errorf("files after Close: %q, want none", names)
			}
			f.ScenarioFinished(result.Scenario{})
			if names := dirNames(t, dir, tc.missing); len(names) != 0 {
				t.Errorf("files after a scenario finished after Close: %q, want none", names)
			}
		})
	}
}

func dirNames(t *testing.T, dir string, missing bool) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !missing {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestCoverageCountsEveryScenario runs an instrumented runner program
// (testdata/covcount) whose 20 scenarios each run one loop 2000000 times,
// 4 at a time, while the flusher writes snapshots as they finish: the
// loop's counter must come out exactly 20 x 2000000. Clearing the counters
// after a snapshot lost the counts the other scenarios made meanwhile
// (fewer); a snapshot left next to the counters the process writes as it
// exits counts them twice (more).
func TestCoverageCountsEveryScenario(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "covcount")
	if out, err := exec.Command("go", "build", "-cover", "-covermode=atomic", "-o", bin, "./testdata/covcount").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	covdir := filepath.Join(dir, "covdata")
	if err := os.Mkdir(covdir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BDD_") && !strings.HasPrefix(kv, "MUSH_") && !strings.HasPrefix(kv, "GOCOVERDIR=") &&
			!strings.HasPrefix(kv, "GITHUB_") && !strings.HasPrefix(kv, "COVERAGE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	// BDD_SHARD=none: a CI's own shard variables (CI_NODE_INDEX, ...) in
	// the caller's environment must not split the 20 scenarios.
	cmd.Env = append(cmd.Env, "GOCOVERDIR="+covdir, "BDD_WORKERS=4", "BDD_SHARD=none",
		"BDD_PATHS=testdata/covcount/count.feature", "BDD_REPORTS_DIR="+filepath.Join(dir, "reports"),
		"BDD_TIMINGS="+filepath.Join(dir, "timings.json"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("covcount: %v\n%s", err, out)
	}
	profile := filepath.Join(dir, "profile.out")
	if out, err := exec.Command("go", "tool", "covdata", "textfmt", "-i="+covdir, "-o="+profile).CombinedOutput(); err != nil {
		t.Fatalf("covdata: %v\n%s", err, out)
	}
	b, err := os.ReadFile(profile)
	if err != nil {
		t.Fatal(err)
	}
	most := 0
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 3 && strings.Contains(fields[0], "/testdata/covcount/main.go:") {
			n, err := strconv.Atoi(fields[2])
			if err != nil {
				t.Fatalf("profile line %q: %v", sc.Text(), err)
			}
			most = max(most, n)
		}
	}
	if want := 20 * 2000000; most != want {
		t.Errorf("the loop counted %d, want %d (20 scenarios x 2000000)", most, want)
	}
}
