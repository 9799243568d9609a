package schedule

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/mushbdd/mush/internal/atomicfile"
)

// History maps a scenario's location ("file:line") to the seconds its last
// run took. It is stored as JSON; CI can cache the file between runs.
type History map[string]float64

type historyFile struct {
	Version   int     `json:"version"`
	Scenarios History `json:"scenarios"`
}

// LoadHistory reads a history file. A missing file is an empty history; an
// unreadable or corrupt one is an error the caller may report and ignore.
func LoadHistory(path string) (History, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return History{}, nil
	}
	if err != nil {
		return History{}, err
	}
	var f historyFile
	if err := json.Unmarshal(b, &f); err != nil || f.Version != 1 {
		return History{}, fmt.Errorf("timing history %s is not a mush history file; it will be rewritten", path)
	}
	if f.Scenarios == nil {
		f.Scenarios = History{}
	}
	return f.Scenarios, nil
}

// Record sets the duration of one scenario.
func (h History) Record(location string, d time.Duration) {
	h[location] = d.Seconds()
}

// Save writes the history atomically (temp file, then rename).
func (h History) Save(path string) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(historyFile{Version: 1, Scenarios: h})
	})
}
