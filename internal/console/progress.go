package console

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/schedule"
)

// ProgressOptions says how to show a running suite.
type ProgressOptions struct {
	Color bool
	// Live draws one progress line, redrawn in place; only for terminals.
	Live bool
	// Pretty prints every scenario, whole, as it finishes.
	Pretty bool
	// Heartbeat, when not live, prints a plain progress line this often
	// (0: never), so long CI runs show they are alive.
	Heartbeat time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Backlog, when set, is what the timing history expects of the
	// scenarios not finished, which the run feeds (schedule.Backlog), and
	// Workers the number of workers (0 when it adapts during the run: the
	// running scenarios count). While the history knows every scenario not
	// yet finished, the progress line ends with an estimate of the time left.
	Backlog *schedule.Backlog
	Workers int
}

// Progress shows a run while it happens. It is safe for concurrent use; a
// scenario's block is written with one Write call, so blocks never
// interleave.
type Progress struct {
	mu      sync.Mutex
	w       io.Writer
	o       ProgressOptions
	p       palette
	total   int
	done    int
	failed  int
	start   time.Time
	drawn   bool
	stop    chan struct{}
	stopped sync.WaitGroup
}

// NewProgress starts showing a run of total scenarios.
func NewProgress(w io.Writer, total int, o ProgressOptions) *Progress {
	if o.Now == nil {
		o.Now = time.Now
	}
	pr := &Progress{w: w, o: o, p: newPalette(o.Color), total: total, start: o.Now(), stop: make(chan struct{})}
	tick := o.Heartbeat
	if o.Live {
		tick = 250 * time.Millisecond
		pr.draw()
	}
	if tick > 0 {
		pr.stopped.Add(1)
		go pr.ticker(tick)
	}
	return pr
}

func (pr *Progress) ticker(every time.Duration) {
	defer pr.stopped.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-pr.stop:
			return
		case <-t.C:
			pr.mu.Lock()
			if pr.o.Live {
				pr.draw()
			} else {
				fmt.Fprintln(pr.w, pr.line())
			}
			pr.mu.Unlock()
		}
	}
}

// ScenarioStarted is part of runner.Observer; progress shows finishes
// only.
func (pr *Progress) ScenarioStarted(string, int) {}

// ScenarioFinished counts s and shows it: its whole block in pretty mode, a
// FAIL line for a failure otherwise.
func (pr *Progress) ScenarioFinished(s result.Scenario) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.done++
	if s.Status.IsFailure() {
		pr.failed++
	}
	var block string
	switch {
	case pr.o.Pretty:
		block = Block(s, pr.o.Color)
	case s.Status.IsFailure():
		block = fmt.Sprintf("%s %s  %s\n", pr.p.fail.Sprint(label(s.Status)), loc(s), title(s))
	}
	pr.clear()
	if block != "" {
		io.WriteString(pr.w, block)
	}
	if pr.o.Live {
		pr.draw()
	}
}

// Close stops the ticker and removes the live line.
func (pr *Progress) Close() {
	close(pr.stop)
	pr.stopped.Wait()
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.clear()
}

func (pr *Progress) line() string {
	elapsed := pr.o.Now().Sub(pr.start).Round(100 * time.Millisecond)
	fails := fmt.Sprintf("%d failed", pr.failed)
	if pr.failed > 0 {
		fails = pr.p.fail.Sprint(fails)
	}
	line := fmt.Sprintf("%d/%d scenarios, %s, %s", pr.done, pr.total, fails, elapsed)
	if left, ok := pr.left(pr.o.Now()); ok && pr.done < pr.total {
		line += ", about " + roundLeft(left) + " left"
	}
	return line
}

// left is the time left of the run from the timing history: the work not
// done yet shared by the workers (under BDD_WORKERS=auto, Workers 0: those
// running at the moment), never less than its longest single piece; known
// only while the history knows every unfinished scenario.
func (pr *Progress) left(now time.Time) (time.Duration, bool) {
	l := pr.o.Backlog.Left(now)
	if pr.o.Backlog == nil || l.Unknown > 0 {
		return 0, false
	}
	workers := pr.o.Workers
	if workers <= 0 {
		workers = max(l.Runs, 1)
	}
	return max((l.Waiting+l.Running)/time.Duration(workers), l.LongestWaiting, l.LongestRunning), true
}

// roundLeft shows an estimate no more precisely than it is known.
func roundLeft(d time.Duration) string {
	switch {
	case d < 10*time.Second:
		return fmt.Sprintf("%.0fs", max(d.Seconds(), 1))
	case d < time.Minute:
		return d.Round(5 * time.Second).String()
	}
	return d.Round(time.Minute).String()
}

func (pr *Progress) draw() {
	fmt.Fprint(pr.w, "\r\033[K"+pr.line())
	pr.drawn = true
}

func (pr *Progress) clear() {
	if pr.drawn {
		fmt.Fprint(pr.w, "\r\033[K")
		pr.drawn = false
	}
}
