package supervise

import (
	"slices"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/result"
)

// Only failed scenarios of a run with several workers are run again
// alone, in file order, up to the limit.
func TestSuspects(t *testing.T) {
	ss := []result.Scenario{{File: "a", Line: 1, Status: result.Failed}, {File: "a", Line: 2, Status: result.Undefined},
		{File: "a", Line: 3, Status: result.Failed}, {File: "a", Line: 4, Status: result.Crashed}, {File: "a", Line: 5, Status: result.Failed}}
	locs := func(ss []result.Scenario) []string { return locations(ss, len(ss)) }
	for _, tc := range []struct {
		workers, limit int
		want           []string
	}{
		{4, 10, []string{"a:1", "a:3", "a:5"}},
		{4, 2, []string{"a:1", "a:3"}},
		{4, 0, nil},
		{1, 10, nil},
	} {
		if got := locs(Suspects(result.Run{Workers: tc.workers, Scenarios: ss}, tc.limit)); !slices.Equal(got, tc.want) {
			t.Errorf("workers %d limit %d: %v, want %v", tc.workers, tc.limit, got, tc.want)
		}
	}
}

// The neighbours of a failed scenario: those that ran while it ran, by
// start, then those that ran before it in its process, latest first.
func TestNeighbours(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(line, attempt int, start, dur int) result.Scenario {
		return result.Scenario{File: "a", Line: line, Attempt: attempt, Start: t0.Add(time.Duration(start) * time.Second),
			Duration: time.Duration(dur) * time.Second}
	}
	f := at(1, 1, 10, 5)
	all := []result.Scenario{
		f,
		at(2, 1, 0, 2),                   // before, in its process
		at(3, 2, 12, 1),                  // beside, another process
		at(4, 1, 4, 7),                   // beside, started earlier
		at(5, 2, 0, 3),                   // before, another process: neither
		at(6, 1, 16, 1),                  // after
		at(7, 1, 5, 1),                   // before, later than a:2
		{File: "a", Line: 8, Attempt: 1}, // never started
	}
	beside, before := neighbours(f, all)
	if got := locations(beside, 8); !slices.Equal(got, []string{"a:4", "a:3"}) {
		t.Errorf("beside %v", got)
	}
	if got := locations(before, 1); !slices.Equal(got, []string{"a:7"}) {
		t.Errorf("before %v", got)
	}
}
