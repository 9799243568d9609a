package supervise_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/supervise"
)

// TestProcessMode runs the fixture suite in worker processes
// (BDD_ISOLATION=process) through the ways a run stops early.
func TestProcessMode(t *testing.T) {
	for _, tc := range []struct {
		name, mode string
		vars       []string
		code       int
		says       string // in stdout and stderr
	}{
		{"passes", "runner", []string{"BDD_PATHS=../fixtures/testdata/passing.feature"}, exitcode.OK, "5 passed, 0 failed"},
		{"fails", "runner", []string{"BDD_PATHS=../fixtures/testdata/arithmetic.feature"}, exitcode.Failed, "Wrong sum"},
		{"fail-fast", "runner", []string{"BDD_PATHS=../fixtures/testdata/arithmetic.feature", "BDD_FAIL_FAST=1"}, exitcode.Failed, "Wrong sum"},
		{"restart limit", "runner", []string{"BDD_PATHS=" + crashDir + "fifty.feature", "BDD_MAX_RESTARTS=0"}, exitcode.Crashed, "more than BDD_MAX_RESTARTS=0"},
		{"crash and fail-fast", "runner", []string{"BDD_PATHS=" + crashDir + "fifty.feature", "BDD_FAIL_FAST=1"}, exitcode.Crashed, "fail-fast stopped the run after the crash"},
		{"refused", "runner", []string{"BDD_PATHS=../fixtures/testdata/passing.feature", "BDD_TAGS=@nothing"}, exitcode.Misuse, "selects no scenario"},
		{"setup fails", "runner-setup-panics", []string{"BDD_PATHS=../fixtures/testdata/passing.feature"}, exitcode.Failed, "suite setup failed: panic: database unreachable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vars := append([]string{"BDD_ISOLATION=process", "BDD_PROCESSES=2"}, tc.vars...)
			o := supervised(t, context.Background(), tc.mode, nil, vars...)
			if o.code != tc.code || !strings.Contains(o.stdout+o.stderr, tc.says) {
				t.Fatalf("code %d (%v), want %d and %q in the output\n%s%s", o.code, o.err, tc.code, tc.says, o.stdout, o.stderr)
			}
			if o.code == exitcode.OK || o.code == exitcode.Misuse {
				return
			}
			if got := strings.Count(o.stdout, "\nscenarios: "); tc.mode == "runner" && got != 1 {
				t.Errorf("the summary is shown %d times\n%s", got, o.stdout)
			}
		})
	}
}

// TestArgs: the feature runner gets Options.Args, in both modes (a runner
// program that takes arguments supervises copies of itself with them).
func TestArgs(t *testing.T) {
	for _, mode := range []string{"goroutine", "process"} {
		t.Run(mode, func(t *testing.T) {
			o := supervisedWith(t, context.Background(), "args", func(_ string, o *supervise.Options) {
				o.Args = []string{"-test.run=^$", "mush"}
			}, "BDD_ISOLATION="+mode)
			if o.code != exitcode.Misuse || !strings.Contains(o.stdout, "args: -test.run=^$ mush\n") {
				t.Fatalf("code %d, stdout %q", o.code, o.stdout)
			}
		})
	}
}

// TestRunThatCannotBeMade: a feature runner that cannot be started, and a
// reports directory that cannot be locked, are misuse (exit 2) in both
// modes, before anything runs.
func TestRunThatCannotBeMade(t *testing.T) {
	for _, mode := range []string{"goroutine", "process"} {
		t.Run(mode+"/no runner", func(t *testing.T) {
			o := supervisedWith(t, context.Background(), "runner", func(dir string, o *supervise.Options) {
				o.Bin = filepath.Join(dir, "no-such-runner")
			}, "BDD_ISOLATION="+mode, "BDD_PATHS=../fixtures/testdata/passing.feature")
			if o.code != exitcode.Misuse || o.err == nil || !strings.Contains(o.err.Error(), "starting the feature runner") || strings.Contains(o.stdout, "scenarios:") {
				t.Fatalf("code %d (%v), want %d, starting the feature runner, and no summary\n%s%s", o.code, o.err, exitcode.Misuse, o.stdout, o.stderr)
			}
		})
		t.Run(mode+"/reports under a file", func(t *testing.T) {
			o := supervisedWith(t, context.Background(), "runner", func(dir string, o *supervise.Options) {
				file := filepath.Join(dir, "file")
				if err := os.WriteFile(file, nil, 0o644); err != nil {
					t.Fatal(err)
				}
				o.Env = append(o.Env, "BDD_REPORTS_DIR="+filepath.Join(file, "reports"))
			}, "BDD_ISOLATION="+mode, "BDD_PATHS=../fixtures/testdata/passing.feature")
			if o.code != exitcode.Misuse || o.err == nil || !strings.Contains(o.err.Error(), "cannot create it") {
				t.Fatalf("code %d (%v), want %d and cannot create it\n%s%s", o.code, o.err, exitcode.Misuse, o.stdout, o.stderr)
			}
		})
	}
}
