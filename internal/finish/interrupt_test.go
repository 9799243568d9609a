//go:build unix

package finish_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/runner"
	"github.com/mushbdd/mush/internal/view"
)

// childVar turns the test binary into a feature runner (runner.Main on
// the fixture suite); with readyVar set, its first junit.xml write stops
// before the rename, creates the file readyVar names and waits for the
// signal the test then sends.
const (
	childVar = "FINISH_TEST_CHILD"
	readyVar = "FINISH_TEST_READY"
)

func TestMain(m *testing.M) {
	if os.Getenv(childVar) != "" {
		if ready := os.Getenv(readyVar); ready != "" {
			sigs := make(chan os.Signal, 1)
			signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
			var once sync.Once
			acted := make(chan struct{})
			runner.Interrupted = func() { close(acted) }
			atomicfile.BeforeRename = func(path string) {
				if filepath.Base(path) == report.JUnitFile {
					once.Do(func() {
						os.WriteFile(ready, nil, 0o644)
						<-sigs
						if os.Getenv("BDD_ISOLATION") == "goroutine" {
							// The run acts on the signal in a goroutine of its own;
							// one that never does fails the test by its exit code.
							select {
							case <-acted:
							case <-time.After(time.Minute):
							}
						}
					})
				}
			}
		}
		runner.Main(fixtures.Suite(&fixtures.Recorder{}))
	}
	os.Exit(m.Run())
}

// #20: a run interrupted while it writes its reports ends with the
// signal's exit code, every report on disk is the previous run's whole
// file or this run's whole file (never torn), and the summary's closing
// line, still the last, gives the counts of the results.json on disk. In
// goroutine mode the feature runner writes the reports; in process mode
// its supervisor does.
func TestInterruptWhileWritingReports(t *testing.T) {
	for _, isolation := range []string{"goroutine", "process"} {
		for _, tc := range []struct {
			sig  syscall.Signal
			code int
		}{{syscall.SIGINT, exitcode.SIGINT}, {syscall.SIGTERM, exitcode.SIGTERM}} {
			t.Run(isolation+"/"+tc.sig.String(), func(t *testing.T) {
				dir := t.TempDir()
				reports := filepath.Join(dir, "reports")
				env := []string{"PATH=" + os.Getenv("PATH"), childVar + "=1", "BDD_PATHS=../fixtures/reporting",
					"BDD_REPORTS_DIR=" + reports, "BDD_TIMINGS=" + filepath.Join(dir, "timings.json"),
					"BDD_ISOLATION=" + isolation, "BDD_WORKERS=2", "BDD_PROCESSES=2", "BDD_SHARD=none"}
				if err := child(t, env).Run(); exitcode.Code(exitError(err)) != exitcode.Failed {
					t.Fatalf("the previous run: %v", err) // its failures are the fixtures'
				}
				previous := map[string][]byte{}
				for _, name := range reportFiles(t, reports) {
					previous[name], _ = os.ReadFile(filepath.Join(reports, name))
				}

				ready := filepath.Join(dir, "ready")
				cmd := child(t, append(env, readyVar+"="+ready))
				var stdout bytes.Buffer
				cmd.Stdout = &stdout
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				exited := make(chan error, 1)
				go func() { exited <- cmd.Wait() }()
				if err := awaitFile(ready, exited); err != nil {
					t.Fatalf("%v\n%s", err, stdout.String())
				}
				// Stopped before its rename: the new junit.xml is whole in
				// a temporary file, the previous one still in place.
				if b, _ := os.ReadFile(filepath.Join(reports, report.JUnitFile)); !bytes.Equal(b, previous[report.JUnitFile]) {
					t.Fatalf("junit.xml changed before its rename:\n%s", b)
				}
				cmd.Process.Signal(tc.sig)
				err := <-exited
				if exitcode.Code(exitError(err)) != tc.code {
					t.Fatalf("exit: %v, want code %d\n%s", err, tc.code, stdout.String())
				}

				names := reportFiles(t, reports)
				for _, name := range names {
					b, _ := os.ReadFile(filepath.Join(reports, name))
					if !bytes.Equal(b, previous[name]) && !whole(name, b) {
						t.Errorf("%s is neither the previous run's file nor a whole new one:\n%s", name, b)
					}
				}
				if len(names) != len(previous) {
					t.Errorf("reports %v, the previous run left %d", names, len(previous))
				}
				run, err := report.ReadFile(filepath.Join(reports, report.ResultsFile))
				if err != nil {
					t.Fatal(err)
				}
				lines := strings.Split(strings.TrimRight(stdout.String(), "\n"), "\n")
				if want := view.New(run, view.Options{}).CountsLine(nil); lines[len(lines)-1] != want || len(run.Scenarios) != 11 {
					t.Errorf("closing line %q, want %q (%d scenarios in results.json)", lines[len(lines)-1], want, len(run.Scenarios))
				}
			})
		}
	}
}

// child is the test binary as a feature runner with env.
func child(t *testing.T, env []string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = env
	return cmd
}

// awaitFile waits for the file at path to appear; an error when the
// child exits first.
func awaitFile(path string, exited <-chan error) error {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if _, err := os.Stat(path); err == nil {
			return nil
		}
		select {
		case err := <-exited:
			return errors.New("the run ended before writing its reports: " + errString(err))
		case <-tick.C:
		}
	}
}

// exitError is a child's exit status as an exitcode error.
func exitError(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return exitcode.Silent(ee.ExitCode())
	}
	return err
}

func errString(err error) string {
	if err == nil {
		return "exit 0"
	}
	return err.Error()
}

// reportFiles lists the files in dir, failing on a temporary file left
// there.
func reportFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		switch name := e.Name(); {
		case strings.HasSuffix(name, ".tmp"):
			t.Errorf("temporary file left: %s", name)
		case e.Type().IsRegular() && !strings.HasPrefix(name, ".") && name != "journal.ndjson":
			names = append(names, name)
		}
	}
	return names
}

// whole reports whether b is a complete file of its kind.
func whole(name string, b []byte) bool {
	switch filepath.Ext(name) {
	case ".json":
		return json.Valid(b)
	case ".ndjson":
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(nil, 64<<20)
		n := 0
		for ; sc.Scan(); n++ {
			if !json.Valid(sc.Bytes()) {
				return false
			}
		}
		return n > 0 && bytes.HasSuffix(b, []byte("\n"))
	case ".xml":
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := d.Token(); err != nil {
				return err == io.EOF
			}
		}
	case ".html":
		return bytes.HasSuffix(bytes.TrimSpace(b), []byte("</html>"))
	}
	return len(b) == 0 || bytes.HasSuffix(b, []byte("\n"))
}
