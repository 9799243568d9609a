package runner_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/runner"
)

// TestServe runs the fixture runner as a worker process of process mode:
// it runs what its input names, in that order, and writes its journal on
// its stdout, and nothing else there.
func TestServe(t *testing.T) {
	paths := testdata + "/passing.feature," + testdata + "/arithmetic.feature"
	for _, tc := range []struct {
		name  string
		input string
		code  int
		ran   []string // locations finished, in order
	}{
		{"all fed", testdata + "/passing.feature:6\n\n" + testdata + "/passing.feature:3\n", exitcode.OK,
			[]string{testdata + "/passing.feature:6", testdata + "/passing.feature:3"}},
		{"nothing fed", "", exitcode.OK, nil},
		{"not selected", testdata + "/passing.feature:6\n" + testdata + "/words.feature:3\n" + testdata + "/passing.feature:3\n",
			exitcode.Misuse, []string{testdata + "/passing.feature:6"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := runMushWith(t, map[string]string{"BDD_PATHS": paths, "BDD_WORKERS": "1"}, nil,
				runner.Env{Serve: strings.NewReader(tc.input)})
			if o.code != tc.code {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", o.code, tc.code, o.stderr)
			}
			events, err := journal.Read(bytes.NewReader([]byte(o.stdout)))
			if err != nil {
				t.Fatalf("stdout is not a journal: %v\n%s", err, o.stdout)
			}
			st := journal.Fold(events)
			if st.Plan == nil || len(st.Plan.Queue) != len(st.Plan.Scenarios) || st.Done == nil || st.Done.Code != tc.code {
				t.Fatalf("journal without a plan and its queue, or its done event: %+v", st)
			}
			var ran []string
			for _, s := range st.Finished {
				ran = append(ran, s.Location())
			}
			if strings.Join(ran, " ") != strings.Join(tc.ran, " ") {
				t.Errorf("finished %v, want %v", ran, tc.ran)
			}
			if o.run.Scenarios != nil {
				t.Errorf("a worker process wrote results.json")
			}
		})
	}
}

// full is a writer on a disk that fills up: it takes limit bytes of whole
// writes, then fails every write with ENOSPC.
type full struct {
	bytes.Buffer
	limit int
}

func (f *full) Write(p []byte) (int, error) {
	if f.Len()+len(p) > f.limit {
		return 0, &os.PathError{Op: "write", Path: "/reports/journal.ndjson", Err: syscall.ENOSPC}
	}
	return f.Buffer.Write(p)
}

// A journal that cannot be written ends the run with its one line and
// exit code 7, never with a journal that only stops: what was written is
// a clean prefix of whole events, without a done event.
func TestJournalWriteFailure(t *testing.T) {
	paths := testdata + "/passing.feature"
	input := testdata + "/passing.feature:3\n" + testdata + "/passing.feature:6\n"
	probe := runMushWith(t, map[string]string{"BDD_PATHS": paths, "BDD_WORKERS": "1"}, nil, runner.Env{Serve: strings.NewReader(input)})
	plan := strings.SplitAfter(probe.stdout, "\n")[0]
	out := &full{limit: len(plan)} // the plan fits, the first start does not
	var errOut bytes.Buffer
	env := map[string]string{"BDD_PATHS": paths, "BDD_WORKERS": "1", "BDD_REPORTS_DIR": t.TempDir()}
	res, err := runner.Run(context.Background(), fixtures.Suite(&fixtures.Recorder{}), runner.Env{
		Getenv: func(k string) string { return env[k] }, Stdout: out, Stderr: &errOut, Serve: strings.NewReader(input),
	})
	want := "mush: cannot write the journal /reports/journal.ndjson: no space left on device (writing a start event)\n"
	if code := runner.ExitCode(res, err); code != exitcode.Reports || errOut.String() != want {
		t.Fatalf("exit code %d, stderr %q; want %d and %q", code, errOut.String(), exitcode.Reports, want)
	}
	events, rerr := journal.Read(bytes.NewReader(out.Bytes()))
	if st := journal.Fold(events); rerr != nil || st.Plan == nil || st.Done != nil || len(events) != 1 {
		t.Errorf("the journal holds %d events (%v), want the plan alone:\n%s", len(events), rerr, out.String())
	}
}
