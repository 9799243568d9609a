package runner

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
)

// TestSignalCode: a run stopped by SIGTERM exits 143, by an interrupt 130.
func TestSignalCode(t *testing.T) {
	for sig, want := range map[os.Signal]int{syscall.SIGTERM: exitcode.SIGTERM, os.Interrupt: exitcode.SIGINT, syscall.SIGHUP: exitcode.SIGINT} {
		if got := signalCode(sig); got != want {
			t.Errorf("signalCode(%v) = %d, want %d", sig, got, want)
		}
	}
}

// TestBadDeadlineLeft: the time left that a supervisor hands a later
// attempt must be a positive duration; anything else is misuse, and no
// report is written.
func TestBadDeadlineLeft(t *testing.T) {
	for _, v := range []string{"soon", "-1s", "0s"} {
		dir := t.TempDir()
		env := map[string]string{"BDD_PATHS": "../fixtures/testdata/passing.feature", "BDD_REPORTS_DIR": filepath.Join(dir, "reports"),
			"BDD_TIMINGS": filepath.Join(dir, "timings.json"), "BDD_SHARD": "none", config.DeadlineLeftVar: v}
		out, err := Run(context.Background(), Suite{}, Env{Getenv: func(k string) string { return env[k] }, Stdout: io.Discard, Stderr: io.Discard})
		if code := ExitCode(out, err); code != exitcode.Misuse || !strings.Contains(err.Error(), config.DeadlineLeftVar) || out.Closing != "" {
			t.Errorf("%s=%q: exit %d (%v), closing %q; want %d naming it, and no run", config.DeadlineLeftVar, v, code, err, out.Closing, exitcode.Misuse)
		}
		if _, err := os.Stat(filepath.Join(dir, "reports", "results.json")); err == nil {
			t.Errorf("%s=%q: the run wrote results.json", config.DeadlineLeftVar, v)
		}
	}
}
