package schedule

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"time"

	"github.com/mushbdd/mush/internal/atomicfile"
)

// History maps a scenario's location ("file:line") to the seconds its last
// run took. It is stored as JSON; CI can cache the file between runs.
type History map[string]float64

// CPU maps a scenario's location to the CPU seconds its last run spent on
// its own goroutine, where that was measured (see adapt.Clock): with
// History, it tells scenarios that compute from scenarios that wait.
type CPU map[string]float64

type historyFile struct {
	Version   int     `json:"version"`
	Scenarios History `json:"scenarios"`
	CPU       CPU     `json:"cpu,omitempty"`
}

// MaxHistorySize bounds a history file: about half a million scenarios'
// durations and CPU times.
const MaxHistorySize = 64 << 20

// Load reads a history file: the durations and the CPU times, both
// non-nil. A missing file is an empty history; an unreadable or corrupt
// one is an error the caller may report and ignore, except a file that is
// not a regular file or is too large (atomicfile.IsRefused): a run must
// stop there rather than replace it.
func Load(path string) (History, CPU, error) {
	b, err := atomicfile.ReadFile(path, MaxHistorySize)
	if errors.Is(err, fs.ErrNotExist) {
		return History{}, CPU{}, nil
	}
	if atomicfile.IsRefused(err) {
		return History{}, CPU{}, fmt.Errorf("timing history %w", err)
	}
	if err != nil {
		return History{}, CPU{}, err
	}
	var f historyFile
	if err := json.Unmarshal(b, &f); err != nil || f.Version != 1 {
		return History{}, CPU{}, fmt.Errorf("timing history %s is not a mush history file; it will be rewritten", path)
	}
	if loc, v, ok := outOfRange(f.Scenarios, f.CPU); !ok {
		return History{}, CPU{}, fmt.Errorf("timing history %s says %.80q took %g s (accepted: 0 to %d s); it will be rewritten", path, loc, v, int(MaxSeconds))
	}
	if f.Scenarios == nil {
		f.Scenarios = History{}
	}
	if f.CPU == nil {
		f.CPU = CPU{}
	}
	return f.Scenarios, f.CPU, nil
}

// MaxSeconds is the longest time a history records for one scenario: a
// week, far beyond BDD_TIMEOUT's 24h. Anything else (negative, 1e308) is
// a corrupt file: sums and ratios of such numbers print +Inf or NaN.
const MaxSeconds = 7 * 24 * 3600.0

// outOfRange finds a time outside 0 to MaxSeconds, in key order.
func outOfRange(times ...map[string]float64) (loc string, v float64, ok bool) {
	for _, m := range times {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if v := m[k]; !(v >= 0 && v <= MaxSeconds) {
				return k, v, false
			}
		}
	}
	return "", 0, true
}

// LoadHistory reads the durations of a history file (see Load).
func LoadHistory(path string) (History, error) {
	h, _, err := Load(path)
	return h, err
}

// Record sets the duration of one scenario.
func (h History) Record(location string, d time.Duration) {
	h[location] = d.Seconds()
}

// LoadCPU reads the CPU times of a history file; it is empty when the
// file is missing, unreadable or has none (problems are Load's to report).
func LoadCPU(path string) CPU {
	_, cpu, _ := Load(path)
	return cpu
}

// Save writes the history, and the CPU times when given, atomically (temp
// file, then rename).
func (h History) Save(path string, cpu ...CPU) error {
	f := historyFile{Version: 1, Scenarios: h}
	if len(cpu) > 0 && len(cpu[0]) > 0 {
		f.CPU = cpu[0]
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(f)
	})
}
