package schedule

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/atomicfile"
)

// History maps a scenario's location ("file:line") to the seconds its last
// run took. It is stored as JSON; CI can cache the file between runs.
type History map[string]float64

// CPU maps a scenario's location to the CPU seconds its runs spent
// (adapt.Sampler: its goroutine and those its steps started), a mean over
// its runs (Record): with History, it tells scenarios that compute from
// scenarios that wait.
type CPU map[string]float64

// Record folds the CPU time sampled in one run of a scenario into its
// estimate: the mean of the estimate and the sample, or the sample alone
// for a scenario without one. The runtime samples every 10 ms of a
// thread's CPU time, so one run of a scenario that computes 3 ms shows 0
// or 10 ms (in about 3 runs of 10): the mean over runs comes to its CPU
// time, weighing the recent runs most, so a scenario whose work changes is
// classified anew within a few runs.
func (c CPU) Record(location string, sampled time.Duration) {
	s := sampled.Seconds()
	if old, ok := c[location]; ok {
		s = (old + s) / 2
	}
	c[location] = s
}

type historyFile struct {
	Version   int     `json:"version"`
	Scenarios History `json:"scenarios"`
	CPU       CPU     `json:"cpu,omitempty"`
	Last      Last    `json:"last,omitzero"`
}

// The orders a run goes in, as its summary's order line starts.
const (
	FileOrder    = "file order"
	LongestFirst = "longest first"
	Shuffled     = "shuffled with seed" // and the seed
)

// OrderOf is the order a run with this seed and order line went in:
// FileOrder, LongestFirst or "shuffled with seed N".
func OrderOf(seed int64, line string) string {
	switch {
	case seed != 0:
		return fmt.Sprintf("%s %d", Shuffled, seed)
	case strings.HasPrefix(line, FileOrder):
		return FileOrder
	}
	return LongestFirst
}

// Last is what the last run left for the next one to compare with: the
// order it went in (OrderOf) and the scenarios that passed the last time
// they ran (a failure removes one).
type Last struct {
	Order  string          `json:"order,omitempty"`
	Passed map[string]bool `json:"passed,omitempty"`
}

// MaxHistorySize bounds a history file: about half a million scenarios'
// durations and CPU times.
const MaxHistorySize = 64 << 20

// Load reads a history file: the durations and the CPU times, both
// non-nil, and what the last run left. A missing file is an empty history;
// an unreadable or corrupt one is an error the caller may report and
// ignore, except a file that is not a regular file or is too large
// (atomicfile.IsRefused): a run must stop there rather than replace it.
func Load(path string) (History, CPU, Last, error) {
	none := func(err error) (History, CPU, Last, error) { return History{}, CPU{}, Last{}, err }
	b, err := atomicfile.ReadFile(path, MaxHistorySize)
	if errors.Is(err, fs.ErrNotExist) {
		return none(nil)
	}
	if atomicfile.IsRefused(err) {
		return none(fmt.Errorf("timing history %w", err))
	}
	if err != nil {
		return none(err)
	}
	f, ok := decodeFast(b)
	if !ok {
		f = historyFile{}
		if err := json.Unmarshal(b, &f); err != nil {
			f.Version = 0
		}
	}
	if f.Version != 1 {
		return none(fmt.Errorf("timing history %s is not a mush history file; it will be rewritten", path))
	}
	if loc, v, ok := outOfRange(f.Scenarios, f.CPU); !ok {
		return none(fmt.Errorf("timing history %s says %.80q took %g s (accepted: 0 to %d s); it will be rewritten", path, loc, v, int(MaxSeconds)))
	}
	if f.Scenarios == nil {
		f.Scenarios = History{}
	}
	if f.CPU == nil {
		f.CPU = CPU{}
	}
	return f.Scenarios, f.CPU, f.Last, nil
}

// MaxSeconds is the longest time a history records for one scenario: a
// week, far beyond BDD_TIMEOUT's 24h. Anything else (negative, 1e308) is
// a corrupt file: sums and ratios of such numbers print +Inf or NaN.
const MaxSeconds = 7 * 24 * 3600.0

// outOfRange finds a time outside 0 to MaxSeconds, the first in key
// order.
func outOfRange(times ...map[string]float64) (loc string, v float64, ok bool) {
	for _, m := range times {
		bad, found := "", false
		for k, v := range m {
			if !(v >= 0 && v <= MaxSeconds) && (!found || k < bad) {
				bad, found = k, true
			}
		}
		if found {
			return bad, m[bad], false
		}
	}
	return "", 0, true
}

// LoadHistory reads the durations of a history file (see Load).
func LoadHistory(path string) (History, error) {
	h, _, _, err := Load(path)
	return h, err
}

// Record sets the duration of one scenario.
func (h History) Record(location string, d time.Duration) {
	h[location] = d.Seconds()
}

// Save writes the history, the CPU times (none when nil) and what this run
// leaves for the next (Last), atomically (temp file, then rename).
func (h History) Save(path string, cpu CPU, last Last) error {
	f := historyFile{Version: 1, Scenarios: h, Last: last}
	if len(cpu) > 0 {
		f.CPU = cpu
	}
	return atomicfile.Write(path, f.write)
}
