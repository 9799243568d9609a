package supervise_test

import (
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/runlock"
)

func init() {
	// What `go tool mage` makes of a SIGTERM: go passes it on to mage,
	// which dies of it, leaving its child, the supervisor, without a
	// parent. "orphan-parent" stands for mage: it starts the supervisor
	// and waits to be killed.
	systemChildren["orphan-parent"] = func() {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childVar+"=orphan-supervisor")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Start(); err != nil {
			panic(err)
		}
		select {}
	}
	systemChildren["orphan-supervisor"] = func() {
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, syscall.SIGTERM)
		reports := os.Getenv("ORPHAN_REPORTS")
		exitWith(superviseHere(sigs, "BDD_REPORTS_DIR="+reports, "BDD_TIMINGS="+filepath.Join(reports, "timings.json"),
			"BDD_WORKERS=2", "BDD_PATHS="+crashDir+"interrupt.feature"))
	}
}

// A supervisor whose parent dies (mage, killed by the SIGTERM `go tool`
// passed on) stops its run as for a SIGTERM of its own: the feature
// runner ends with its partial summary and its journal's done event,
// instead of running on, detached, through scenarios that hang.
func TestSupervisorStopsWhenItsParentDies(t *testing.T) {
	reports := filepath.Join(t.TempDir(), "reports")
	parent := exec.Command(os.Args[0], "-test.run=^$")
	parent.Env = []string{"PATH=" + os.Getenv("PATH"), childVar + "=orphan-parent", "ORPHAN_REPORTS=" + reports}
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	defer parent.Process.Kill()
	// Should the supervisor run on, detached, stop it: its pid is in the
	// run lock's file.
	finished := false
	t.Cleanup(func() {
		if b, err := os.ReadFile(filepath.Join(reports, runlock.File)); err == nil && !finished {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
				syscall.Kill(pid, syscall.SIGTERM)
			}
		}
	})
	path := filepath.Join(reports, journal.File)
	waitFor(t, "2 scenarios finished and 2 hanging", func() bool {
		st := journal.ReadState(path)
		return len(st.Finished) == 2 && len(st.Running) == 2
	})
	parent.Process.Kill()
	parent.Wait()
	waitFor(t, "the feature runner's done event", func() bool {
		_, ok := journal.Finished(path)
		return ok
	})
	finished = true
	run, err := report.ReadFile(filepath.Join(reports, report.ResultsFile))
	if c := run.Count(); err != nil || len(run.Scenarios) != 10 || c[result.Passed] != 2 || c[result.Skipped] != 8 {
		t.Errorf("results %v of %d (%v), want 2 passed and 8 interrupted", c, len(run.Scenarios), err)
	}
}

// waitFor polls ready until it holds: a handshake on a file the run
// writes. A run that never gets there fails the test after a minute.
func waitFor(t *testing.T, what string, ready func() bool) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	limit := time.After(time.Minute)
	for !ready() {
		select {
		case <-tick.C:
		case <-limit:
			t.Fatalf("no %s after a minute", what)
		}
	}
}
