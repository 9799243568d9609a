package view

import (
	"time"

	"github.com/mushbdd/mush/internal/result"
)

// Usage is how the run used one step definition: how many steps it
// matched, how many of them ran, their summed and longest time and the
// step that took longest ("file:LINE").
type Usage struct {
	result.Definition
	Steps   int
	Ran     int
	Total   time.Duration
	Longest time.Duration
	At      string
}

// Mean is the mean time of the steps that ran, 0 when none did.
func (u Usage) Mean() time.Duration {
	if u.Ran == 0 {
		return 0
	}
	return u.Total / time.Duration(u.Ran)
}

// usage is the use of every definition of run, in registration order, and
// those no step used when the run was complete (selected every scenario of
// its feature directories) and every scenario ran: only then does an unused
// definition mean the suite does not use it.
func usage(run *result.Run) (all []Usage, unused []*Usage, checked bool) {
	if len(run.Definitions) == 0 {
		return nil, nil, false
	}
	all = make([]Usage, len(run.Definitions))
	byMatch := make(map[string][]int, len(run.Definitions))
	for i, d := range run.Definitions {
		all[i].Definition = d
		match := d.Match()
		byMatch[match] = append(byMatch[match], i)
	}
	complete := run.Complete
	for _, s := range run.Scenarios {
		switch {
		case s.Status == result.Skipped && s.Error != "", // not run: the run stopped
			s.Status == result.Crashed, s.Status == result.TimedOut: // its later steps unknown
			complete = false
		}
		for _, st := range s.Steps {
			// The definition at the step's Match with its Pattern (the first
			// there when the step has none).
			for _, i := range byMatch[st.Match] {
				u := &all[i]
				if st.Pattern != "" && st.Pattern != u.Pattern {
					continue
				}
				u.Steps++
				if st.Status == result.Passed || st.Status == result.Failed {
					u.Ran++
					u.Total += st.Duration
					if st.Duration > u.Longest || u.At == "" {
						u.Longest, u.At = st.Duration, result.Loc{File: s.File, Line: st.Line}.String()
					}
				}
				break
			}
		}
	}
	if complete {
		for i := range all {
			if all[i].Steps == 0 {
				unused = append(unused, &all[i])
			}
		}
	}
	return all, unused, complete
}
