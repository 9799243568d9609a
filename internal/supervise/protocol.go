package supervise

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"

	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/result"
)

// AttemptVar tells a feature runner which attempt of a supervised run it is.
// Attempt 1 (or unset) is an ordinary run; from attempt 2 on the runner
// prints no summary, because the supervisor prints the merged one.
const AttemptVar = "MUSH_ATTEMPT"

// The journal notes through which a feature runner tells its supervisor
// what it is about to run and that it finished.
const (
	planPrefix = "mush:plan "
	donePrefix = "mush:done "
)

// Plan is what a feature runner selected, in file order, with how it will
// run them. The runner writes it to its journal before the first scenario.
type Plan struct {
	Seed    int64  `json:"seed,omitempty"`
	Workers int    `json:"workers"`
	Order   string `json:"order,omitempty"`
	// Scenarios are result records without a verdict: who each one is.
	Scenarios []result.Scenario `json:"scenarios"`
}

// verdict is the planned scenario p with the given status and error.
func verdict(p result.Scenario, st result.Status, msg string) result.Scenario {
	p.Status, p.Error = st, msg
	return p
}

// PlanNote is the journal note that records p.
func PlanNote(p Plan) string {
	b, _ := json.Marshal(p) // plain data: cannot fail
	return planPrefix + string(b)
}

// DoneNote is the journal note a feature runner writes last, after its
// summary and reports, with its exit code.
func DoneNote(code int) string {
	return donePrefix + strconv.Itoa(code)
}

// state is what one attempt's journal says.
type state struct {
	plan     *Plan
	done     bool
	code     int
	finished []result.Scenario
	running  []string
}

// readJournal reads the whole journal at path (a missing one says nothing;
// a malformed line keeps what came before it).
func readJournal(path string) state {
	f, err := os.Open(path)
	if err != nil {
		return state{}
	}
	defer f.Close()
	events, _ := journal.Read(f)
	return readState(events)
}

// doneCode reads only the journal's last line: the exit code of a child
// that finished, which wrote the done note last.
func doneCode(path string) (int, bool) {
	ev, ok := journal.Last(path, 4<<10)
	if !ok || ev.Kind != journal.KindNote || !strings.HasPrefix(ev.Note, donePrefix) {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(ev.Note, donePrefix))
	return n, err == nil
}

func readState(events []journal.Event) state {
	var st state
	for _, ev := range events {
		if ev.Kind != journal.KindNote {
			continue
		}
		switch {
		case strings.HasPrefix(ev.Note, planPrefix):
			var p Plan
			if json.Unmarshal([]byte(strings.TrimPrefix(ev.Note, planPrefix)), &p) == nil {
				st.plan = &p
			}
		case strings.HasPrefix(ev.Note, donePrefix):
			if n, err := strconv.Atoi(strings.TrimPrefix(ev.Note, donePrefix)); err == nil {
				st.done, st.code = true, n
			}
		}
	}
	st.finished, st.running = journal.Replay(events)
	return st
}
