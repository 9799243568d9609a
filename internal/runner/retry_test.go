package runner_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/result"
)

const flakyFeature = `Feature: Flaky
  Scenario: Flaky once
    Given a step that fails the first 1 time it runs

  Scenario: Broken
    Given a step that fails the first 5 times it runs

  Scenario: Undefined
    Given a step nobody defined

  Scenario: Fine
    Given a step that passes
`

// TestRetry: a failed scenario runs again up to BDD_RETRY more times; one
// that passes on a retry counts as passed and keeps its failed tries; one
// that fails every time keeps all of them; undefined steps are not retried.
func TestRetry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "flaky.feature")
	if err := os.WriteFile(path, []byte(flakyFeature), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		retry, code   int
		last          string
		flaky, broken int // failed tries kept
		started       int
	}{
		{0, 1, "1 passed, 3 failed", 0, 0, 4},
		{1, 1, "2 passed, 2 failed", 1, 1, 6},
		{2, 1, "2 passed, 2 failed", 1, 2, 7},
	} {
		o := runMush(t, map[string]string{"BDD_PATHS": path, "BDD_RETRY": strconv.Itoa(tc.retry), "BDD_WORKERS": "2"}, nil)
		if o.code != tc.code || lastLine(o.stdout) != tc.last {
			t.Fatalf("BDD_RETRY=%d: exit %d, last line %q; want %d, %q\n%s%s", tc.retry, o.code, lastLine(o.stdout), tc.code, tc.last, o.stdout, o.stderr)
		}
		if got := len(o.rec.Started()); got != tc.started {
			t.Errorf("BDD_RETRY=%d: %d godog runs started, want %d", tc.retry, got, tc.started)
		}
		byName := map[string]result.Scenario{}
		for _, s := range o.run.Scenarios {
			byName[s.Name] = s
		}
		flaky, broken, undefined := byName["Flaky once"], byName["Broken"], byName["Undefined"]
		if len(flaky.Retries) != tc.flaky || len(broken.Retries) != tc.broken || len(undefined.Retries) != 0 {
			t.Errorf("BDD_RETRY=%d: failed tries kept %d/%d/%d, want %d/%d/0", tc.retry,
				len(flaky.Retries), len(broken.Retries), len(undefined.Retries), tc.flaky, tc.broken)
		}
		if tc.retry > 0 {
			if !flaky.Flaky() || flaky.Retries[0].Error != "failing on try 1 of the first 1" ||
				flaky.Retries[0].FailedStep != "Given a step that fails the first 1 time it runs" || flaky.Retries[0].FailedLine != 3 {
				t.Errorf("flaky scenario %+v", flaky)
			}
			if !strings.Contains(o.stdout, "Flaky (1): passed on a retry") || !strings.Contains(o.stdout, "1 flaky (passed on a retry)\n"+tc.last) {
				t.Errorf("summary lacks the flaky section or line:\n%s", o.stdout)
			}
			if broken.Status != result.Failed || broken.Error != "failing on try "+strconv.Itoa(tc.retry+1)+" of the first 5" {
				t.Errorf("broken scenario: %s %q", broken.Status, broken.Error)
			}
		}
	}
}

// TestRetryPassesTheRun: a run whose only failure passes on a retry exits 0.
func TestRetryPassesTheRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "flaky.feature")
	if err := os.WriteFile(path, []byte("Feature: F\n  Scenario: S\n    Given a step that fails the first 1 time it runs\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := runMush(t, map[string]string{"BDD_PATHS": path, "BDD_RETRY": "1"}, nil)
	if o.code != 0 || lastLine(o.stdout) != "1 passed, 0 failed" {
		t.Fatalf("exit %d, last line %q\n%s%s", o.code, lastLine(o.stdout), o.stdout, o.stderr)
	}
}
