package runner_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/exitcode"
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
