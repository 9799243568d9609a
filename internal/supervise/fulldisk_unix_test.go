//go:build unix

package supervise_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/runner"
	"github.com/mushbdd/mush/internal/supervise"
)

// smallFiles is the most a "runner-small-files" child may write to one
// file: the plan of arithmetic.feature fits in its journal, not every
// finished scenario, and neither does index.html.
const smallFiles = 4096

func init() {
	// A feature runner on a disk that fills up under it, without root:
	// RLIMIT_FSIZE fails every write past the limit with EFBIG (the Go
	// runtime ignores SIGXFSZ), the journal's and the reports' alike.
	systemChildren["runner-small-files"] = func() {
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: smallFiles, Max: smallFiles}); err != nil {
			panic(err)
		}
		runner.Main(fixtures.Suite(&fixtures.Recorder{}))
	}
	// A supervisor in process mode on the same disk: it writes the run's
	// journal itself, its worker processes theirs on a pipe.
	systemChildren["procs-small-files"] = func() {
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: smallFiles, Max: smallFiles}); err != nil {
			panic(err)
		}
		reports := os.Getenv("SMALL_REPORTS")
		exitWith(superviseHere(nil, "BDD_REPORTS_DIR="+reports, "BDD_TIMINGS="+filepath.Join(reports, "timings.json"),
			"BDD_WORKERS=1", "BDD_ISOLATION=process", "BDD_PROCESSES=2", "BDD_PATHS=../fixtures/testdata/arithmetic.feature"))
	}
}

// superviseHere is a supervised run, in a system child, of the "runner"
// child with env added, printing on this process's stdout and stderr.
func superviseHere(sigs <-chan os.Signal, env ...string) (result.Outcome, error) {
	wd, _ := os.Getwd()
	env = append([]string{"PATH=" + os.Getenv("PATH"), childVar + "=runner"}, env...)
	return supervise.Run(context.Background(), supervise.Options{Bin: os.Args[0], Dir: wd, Env: env,
		Stdout: os.Stdout, Stderr: os.Stderr, Signals: sigs})
}

// exitWith ends a system child with the exit code of a supervised run.
func exitWith(res result.Outcome, err error) {
	if err == nil {
		err = res.Err()
	}
	os.Exit(exitcode.Code(err))
}

// In process mode the supervisor's own journal failing ends the run the
// same way: its summary, the one line, exit 7.
func TestProcessModeJournalWriteFailure(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), childVar + "=procs-small-files", "SMALL_REPORTS=" + filepath.Join(t.TempDir(), "reports")}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.Run()
	checkWriteFailure(t, cmd.ProcessState.ExitCode(), out.String(), errOut.String(), "", "file too large")
}

// A feature runner that cannot write its journal says so in one line and
// exits 7; its supervisor passes that on and runs nothing again, although
// the journal stops mid-line as a crashed runner's does.
func TestJournalWriteFailureIsNoCrash(t *testing.T) {
	// An earlier run's page, which this run cannot replace: it must not
	// pass for this run's.
	earlier := func(dir string, _ *supervise.Options) {
		os.MkdirAll(filepath.Join(dir, "reports"), 0o755)
		os.WriteFile(filepath.Join(dir, "reports", "index.html"), []byte("an earlier run"), 0o644)
	}
	o := supervisedWith(t, context.Background(), "runner-small-files", earlier, "BDD_PATHS=../fixtures/testdata/arithmetic.feature")
	checkWriteFailure(t, o.code, o.stdout, o.stderr, o.closing, "file too large")
	if !strings.Contains(o.stderr, "mush: cannot write the reports: atomicfile: write ") {
		t.Errorf("the reports' failure is not said:\n%s", o.stderr)
	}
	if _, err := os.Stat(filepath.Join(o.dir, "reports", "index.html")); err == nil {
		t.Error("index.html of an earlier run is still there")
	}
	if o.err == nil || !strings.HasPrefix(o.err.Error(), "cannot write the journal ") {
		t.Errorf("the target's closing line %v, want the journal's failure", o.err)
	}
	if _, err := os.Stat(filepath.Join(o.dir, "reports", "attempt-2")); err == nil {
		t.Error("a second feature runner was started")
	}
}

// checkWriteFailure checks the end of a run on a full disk: exit code 7,
// the child's own summary once with its verdict, one line naming the
// journal and the system's error, no crash.
func checkWriteFailure(t *testing.T, code int, stdout, stderr, closing, sysErr string) {
	t.Helper()
	if code != exitcode.Reports {
		t.Fatalf("exit code %d, want %d\n%s%s", code, exitcode.Reports, stdout, stderr)
	}
	if strings.Contains(stdout, "Crashes (") || strings.Count(stdout, "\nscenarios: ") != 1 || lastLine(stdout) != "4 passed, 2 failed" {
		t.Errorf("want the runner's own summary, once, ending with its verdict:\n%s", stdout)
	}
	var lines []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "mush: cannot write the journal ") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 || !strings.Contains(lines[0], "journal.ndjson: "+sysErr) {
		t.Errorf("want one line naming the journal and %q, got %q\n%s", sysErr, lines, stderr)
	}
	if closing != "" {
		t.Errorf("closing %q: the supervisor knows no verdict of its own", closing)
	}
}
