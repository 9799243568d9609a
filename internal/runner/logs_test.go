package runner_test

import (
	"slices"
	"testing"

	"github.com/mushbdd/mush/internal/result"
)

// TestLogsStayWithTheirScenario runs scenarios that log while running side
// by side (each waits until three run at once, then logs again), and a
// failing one: each keeps exactly its own messages, in order, each with the
// line of the step that logged it, and a retried one keeps each try's.
func TestLogsStayWithTheirScenario(t *testing.T) {
	o := runMush(t, map[string]string{"BDD_PATHS": "../fixtures/logs", "BDD_WORKERS": "4", "BDD_RETRY": "1"}, nil)
	if len(o.run.Scenarios) != 4 {
		t.Fatalf("%d scenarios, want 4; stdout:\n%s", len(o.run.Scenarios), o.stdout)
	}
	whos := []string{"ann", "bob", "cy"}
	for i, s := range o.run.Scenarios[:3] {
		want := []result.Log{{Line: 4, Text: whos[i] + " starts"}, {Line: 6, Text: whos[i] + " ends"}}
		if s.Status != result.Passed || !slices.Equal(s.Logs, want) {
			t.Errorf("%s: %s, logs %+v; want passed with %+v", s.Location(), s.Status, s.Logs, want)
		}
	}
	failed := o.run.Scenarios[3]
	want := []result.Log{{Line: 15, Text: "about to fail"}, {Line: 16, Text: "still about to fail"}}
	if failed.Status != result.Failed || !slices.Equal(failed.Logs, want) {
		t.Errorf("failing scenario: %s, logs %+v; want failed with %+v", failed.Status, failed.Logs, want)
	}
	if len(failed.Retries) != 1 || !slices.Equal(failed.Retries[0].Logs, want) {
		t.Errorf("its first try: %+v; want the same logs", failed.Retries)
	}
}
