package supervise

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/console"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/finish"
	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/tailbuf"
)

// Process mode (BDD_ISOLATION=process, docs/design.md): Settings.Processes
// worker processes (config.ServeVar: runner's serve.go) each run their suite
// setup once, then the file:LINE locations fed on their stdin, and write
// their journal on their stdout. One queue, in the first process's plan
// order, feeds a process each time one of its scenarios finishes; closing
// its stdin ends it. Process k is attempt k, in a worker slot (MUSH_WORKER)
// that the process replacing it after a crash or a timeout keeps.

// proc is one worker process.
type proc struct {
	slot, n int // its worker slot and attempt number
	cmd     *exec.Cmd
	stdin   io.WriteCloser // nil once closed
	fed     []string       // sent and not finished, in the order sent
	running []string       // started and not finished
	done    *journal.Done
	tail    *tailbuf.Buffer
}

// message is what a process's reader passes to the supervisor: an event,
// or (exited) the end of the process.
type message struct {
	p      *proc
	ev     journal.Event
	exited bool
	wait   error
}

// procRun is the state of a run in process mode.
type procRun struct {
	*supervisor
	queue    *schedule.Queue[string] // the scenarios' locations not yet fed
	procs    []*proc                 // live processes
	msgs     chan message
	journal  *journal.Writer
	progress *console.Progress
	stdout   io.Writer // s.o.Stdout, one write at a time
	stderr   io.Writer
}

// runProcesses is Run in process mode.
func (s *supervisor) runProcesses(ctx context.Context) (result.Outcome, error) {
	r := &procRun{supervisor: s, msgs: make(chan message), queue: schedule.NewQueue[string](nil, nil),
		stdout: &lockedWriter{w: s.o.Stdout}, stderr: &lockedWriter{w: s.o.Stderr}}
	if err := r.spawn(1); err != nil {
		return result.Outcome{}, err
	}
	cancelled := ctx.Done()
	for len(r.procs) > 0 {
		select {
		case m := <-r.msgs:
			if m.exited && r.plan == nil { // the first process selected nothing
				return r.noPlan(m.wait, m.p.tail.String())
			}
			var err error
			if m.exited {
				err = r.exited(m.p, m.wait)
			} else {
				err = r.event(m.p, m.ev)
			}
			if err != nil {
				return result.Outcome{}, err
			}
		case <-cancelled:
			cancelled = nil
			r.interrupt(os.Interrupt)
		case sig := <-s.o.Signals:
			r.interrupt(sig)
		}
	}
	r.progress.Close() // there is a plan: the first process's
	s.diagnose(ctx)
	defer r.journal.Close()
	// A journal that could not be written is said before the summary
	// (whose closing line stays the last) and ends the run with exit 7.
	failed := r.journal.Err()
	if failed != nil {
		fmt.Fprintln(r.stderr, "mush: "+failed.Error())
		s.writeFailed = true
	}
	out := s.end(ctx)
	r.journal.Done(journal.Done{Code: out.Code, Closing: out.Closing}, time.Now())
	if err := r.journal.Err(); failed == nil && err != nil { // the last line
		fmt.Fprintln(r.stderr, "mush: "+err.Error())
		if out.Code == exitcode.OK || out.Code == exitcode.Failed {
			out.Code = exitcode.Reports
		}
	}
	return out, nil
}

// spawn starts a worker process in slot; the first one also selects the
// run's scenarios (its plan).
func (r *procRun) spawn(slot int) error {
	r.attempts++
	p := &proc{slot: slot, n: r.attempts, tail: &tailbuf.Buffer{Max: tailSize}}
	env := serveEnv(slot, r.set.Workers)
	if r.set.Deadline > 0 && p.n > 1 {
		env = append(env, config.DeadlineLeftVar+"="+max(r.set.Deadline-time.Since(r.start), time.Millisecond).String())
	}
	p.cmd = r.command(p.n, env...)
	p.cmd.Stderr = io.MultiWriter(r.stderr, p.tail)
	stdin, err := p.cmd.StdinPipe()
	var stdout io.ReadCloser
	if err == nil {
		stdout, err = p.cmd.StdoutPipe()
	}
	if err == nil {
		err = p.cmd.Start()
	}
	if err != nil {
		return exitcode.New(exitcode.Misuse, "starting the feature runner: %w", err)
	}
	p.stdin = stdin
	r.procs = append(r.procs, p)
	go r.read(p, stdout)
	return nil
}

// serveEnv makes a feature runner a worker process in slot, running
// workers scenarios at once.
func serveEnv(slot, workers int) []string {
	return []string{config.ServeVar + "=1", config.WorkerVar + "=" + strconv.Itoa(slot), "BDD_WORKERS=" + strconv.Itoa(workers)}
}

// read passes the events of p's stdout on, and what else it prints to
// the run's stdout (step code may print), then p's end.
func (r *procRun) read(p *proc, stdout io.Reader) {
	br := bufio.NewReader(stdout)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			if ev, derr := journal.Decode(line); derr == nil && err == nil {
				r.msgs <- message{p: p, ev: ev}
			} else {
				r.stdout.Write(line)
			}
		}
		if err != nil {
			break
		}
	}
	m := message{p: p, exited: true, wait: p.cmd.Wait()}
	killGroup(p.cmd.Process) // whatever it left running
	r.msgs <- m
}

// event handles one journal event of p.
func (r *procRun) event(p *proc, ev journal.Event) error {
	switch ev.Kind {
	case journal.KindPlan:
		if r.plan == nil {
			return r.planned(ev.Plan)
		}
	case journal.KindStart:
		p.running = append(p.running, ev.Location)
		r.journal.Start(ev.Location, ev.Worker, ev.Time)
		r.progress.ScenarioStarted(ev.Location, ev.Worker)
	case journal.KindFinish:
		sc := *ev.Scenario
		loc := sc.Location()
		p.fed, p.running = without(p.fed, loc), without(p.running, loc)
		r.queue.Done(loc)
		r.keep(sc)
		r.journal.Finish(sc, ev.Time)
		r.progress.ScenarioFinished(sc)
		if sc.Status == result.TimedOut && p.stdin != nil {
			// Its process stops taking scenarios (the stuck goroutine
			// cannot be killed) and ends; a fresh one takes its slot.
			p.stdin.Close()
			p.stdin = nil
		}
		if r.set.FailFast && sc.Status.IsFailure() && r.stop == "" {
			r.stop = "not run: fail-fast stopped the run after the first failure"
		}
		r.feed()
	case journal.KindNote:
		r.notes = append(r.notes, fmt.Sprintf("attempt %d: %s", p.n, ev.Note))
	case journal.KindDone:
		p.done = ev.Done
	}
	return nil
}

// planned takes the first process's plan as the run's, starts the other
// processes and feeds them all.
func (r *procRun) planned(pl *journal.Plan) error {
	pl.Workers = r.set.Workers * min(r.set.Processes, max(len(pl.Scenarios), 1))
	r.setPlan(pl)
	locs := make([]string, len(pl.Queue))
	for j, i := range pl.Queue {
		locs[j] = pl.Scenarios[i].Location()
	}
	r.queue = schedule.NewQueue(locs, func(loc string) bool { return r.index[loc].Serial })
	jw, err := journal.Create(filepath.Join(r.set.ReportsDir, journal.File))
	if err != nil {
		return exitcode.Misusef("BDD_REPORTS_DIR=%q: cannot write the journal: %v", config.Shown(r.dir, r.set.ReportsDir), err)
	}
	r.journal = jw
	jw.Plan(*pl, time.Now())
	r.progress = finish.Progress(r.stdout, len(pl.Scenarios), pl.Workers, r.set, r.getenv, config.Terminal(r.o.Stdout), nil)
	for slot := 2; slot <= min(r.set.Processes, r.queue.Left()); slot++ {
		if err := r.spawn(slot); err != nil {
			return err
		}
	}
	r.feed()
	return nil
}

// feed gives every process that has room the next scenarios of the queue
// (a serial one only when nothing else runs, and nothing while it runs),
// and closes the input of the processes once nothing is left to feed.
func (r *procRun) feed() {
	if r.stop == "" && r.queue.Left() > 0 {
		r.pastDeadline()
	}
	for _, p := range r.procs {
		for p.stdin != nil && r.stop == "" && len(p.fed) < r.set.Workers {
			loc, ok, _ := r.queue.Take()
			if !ok {
				break // nothing left, or it waits for the running ones
			}
			if _, err := io.WriteString(p.stdin, loc+"\n"); err != nil {
				r.queue.Return(loc)
				break // it is ending; its exit requeues what it was fed
			}
			p.fed = append(p.fed, loc)
		}
		if p.stdin != nil && (r.stop != "" || r.queue.Left() == 0) {
			p.stdin.Close()
			p.stdin = nil
		}
	}
}

// exited handles the end of process p: what it was fed and did not start
// goes back to the queue, what it was running crashed unless it finished
// its run, and a fresh process takes its slot while scenarios are left.
func (r *procRun) exited(p *proc, wait error) error {
	r.procs = slices.DeleteFunc(r.procs, func(q *proc) bool { return q == p })
	if p.stdin != nil {
		p.stdin.Close()
		p.stdin = nil
	}
	unstarted := slices.DeleteFunc(slices.Clone(p.fed), func(loc string) bool { return slices.Contains(p.running, loc) })
	r.queue.Return(unstarted...)
	for _, loc := range p.running {
		r.queue.Done(loc) // it gets its verdict below
	}
	switch {
	case r.signal != 0:
		r.mark(p.running, p.n, result.Skipped, stoppedAtOnce)
	case p.done == nil:
		r.died(p.n, wait, p.tail.String(), p.running, false)
	case p.done.Code == exitcode.Timeout:
		r.timedOut = true
	case len(unstarted) > 0 && r.stop == "":
		// It ended with scenarios to run: its suite setup failed, or it
		// refused what it was fed; its stderr said why.
		r.failCode = max(p.done.Code, exitcode.Failed)
		r.notes = append(r.notes, fmt.Sprintf("attempt %d ended with exit code %d before running the scenarios it was given", p.n, p.done.Code))
		r.stop = fmt.Sprintf("not run: attempt %d ended with exit code %d", p.n, p.done.Code)
	}
	if r.stop == "" && r.signal == 0 && r.queue.Left() > 0 && !r.pastDeadline() {
		if p.done != nil && p.done.Code == exitcode.Timeout {
			r.notes = append(r.notes, fmt.Sprintf("attempt %d: a scenario timed out; the worker process holding its goroutine was replaced by a fresh one", p.n))
		}
		if err := r.spawn(p.slot); err != nil {
			return err
		}
	}
	r.feed()
	return nil
}

// interrupt forwards the first signal to every process and stops feeding.
func (r *procRun) interrupt(sig os.Signal) {
	if r.record(sig) {
		for _, p := range r.procs {
			interrupt(p.cmd.Process, sig)
		}
	}
	r.feed()
}

// without is locs less loc.
func without(locs []string, loc string) []string {
	return slices.DeleteFunc(locs, func(l string) bool { return l == loc })
}

// lockedWriter lets several processes' output share one writer, a write
// at a time.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
