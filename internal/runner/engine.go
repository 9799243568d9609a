package runner

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing/fstest"
	"time"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/adapt"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/view"
)

// Observer is told about scenarios as they start and finish. Calls may come
// from several workers at once; implementations synchronise themselves.
type Observer interface {
	ScenarioStarted(location string, worker int)
	ScenarioFinished(s result.Scenario)
}

// plan is what one execution needs: the scenarios in file order, their
// locations and the order in which to hand them out.
type plan struct {
	scenarios []discover.Scenario
	keys      []string
	order     []int
	workers   int // 0: auto, adapted during the run up to maxWorkers
	failFast  bool
	retry     int           // extra tries of a failed scenario (BDD_RETRY)
	attempt   int           // recorded in every result (1 when unset)
	timeout   time.Duration // per scenario, 0 for none
	deadline  time.Duration // of the whole run, 0 for none
	left      time.Duration // of deadline, in a runner a supervisor started later (0: all)
	grace     time.Duration // to finish after the run stopped
	// sample measures the CPU time of every scenario that runs
	// (result.Scenario.CPU) with sampler, which pool starts.
	sample  bool
	sampler *adapt.Sampler
	// backlog is what the timing history expects of the scenarios left
	// (by index in scenarios), for the progress line's estimate and auto's
	// limit on useful workers; nil for none.
	backlog *schedule.Backlog
	// firstWorker is added to each worker's number for its worker id
	// (Worker): (slot-1)*workers in process mode's slot, 0 otherwise.
	firstWorker int
	// feed, when set, hands out the scenarios instead of order: a worker
	// process takes them from its supervisor (serve.go).
	feed *feed
	// wrap runs each scenario around runOne when set (Env.Wrap).
	wrap func(sc discover.Scenario, run func() result.Scenario) result.Scenario

	// maxWorkers caps auto; cores is the machine's (GOMAXPROCS when 0);
	// meter reads the machine for the controller (adapt.Meter when nil).
	maxWorkers int
	cores      int
	meter      func() adapt.Reading
}

// SetupError is a failure of the suite setup (a TestSuiteInitializer or a
// BeforeSuite hook): no scenario ran.
type SetupError struct{ Detail string }

func (e *SetupError) Error() string { return "suite setup failed: " + e.Detail }

// execute runs the plan inside one host godog run whose BeforeSuite and
// AfterSuite hooks are the suite's, so they run exactly once whatever the
// number of workers. Scenarios run on the workers, each in its own godog run.
func execute(ctx context.Context, s Suite, p plan, obs Observer) (result.Run, int32, error) {
	var (
		run     result.Run
		why     int32
		started bool // the scenarios began: setup had succeeded
		begin   = time.Now()
	)
	hostErr := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v\n\n%s", r, debug.Stack())
			}
		}()
		godog.TestSuite{
			Name: fmt.Sprintf("mush-host-%d", suiteSeq.Add(1)),
			TestSuiteInitializer: func(tc *godog.TestSuiteContext) {
				if s.TestSuiteInitializer != nil {
					s.TestSuiteInitializer(tc)
				}
				tc.BeforeSuite(func() {
					started = true
					run, why = pool(ctx, s, p, obs)
				})
			},
			Options: &godog.Options{
				Format:   formatName,
				Output:   io.Discard,
				NoColors: true,
				FS:       fstest.MapFS{}, // no features: the host only runs hooks
			},
		}.Run()
		return nil
	}()
	if started {
		// The timeline marks suite setup and teardown around the pool.
		run.Setup = max(run.Started.Sub(begin), 0)
		run.Teardown = max(time.Since(run.Started.Add(run.Wall)), 0)
	}
	switch {
	case hostErr != nil && !started:
		return run, why, &SetupError{Detail: hostErr.Error()}
	case hostErr != nil:
		run.Failed = true
		run.Notes = append(run.Notes, "suite teardown failed: "+hostErr.Error())
	}
	return run, why, nil
}

// pool hands scenarios to p.workers goroutines (or, with p.workers 0, to
// as many as the adapt controller asks for) from one shared queue, in
// p.order. Scenarios not started (fail-fast, interrupt, timeout, deadline)
// are recorded as skipped with the reason, never dropped.
//
// An interrupt (ctx cancelled), a scenario exceeding p.timeout or the run
// exceeding p.deadline stops the hand-out. After an interrupt or the
// deadline the scenarios still running get p.grace to finish and are then
// abandoned (a goroutine cannot be killed): they are recorded with what
// they did so far, and pool returns. After a timeout they run on, each
// under its own p.timeout, and keep their verdicts.
//
// A scenario that ran loses its Steps and Content in p.scenarios: the
// run needs no more than who it is.
func pool(ctx context.Context, s Suite, p plan, obs Observer) (result.Run, int32) {
	results := make([]result.Scenario, len(p.scenarios))
	ran := make([]bool, len(p.scenarios))
	var (
		failed  atomic.Bool
		busy    atomic.Int64
		wg      sync.WaitGroup
		start   = time.Now()
		workers = min(p.workers, max(len(p.scenarios), 1))
		h       = newHalt(p.grace)
		over    = make(chan struct{})
	)
	var (
		cpu0, _ = adapt.ProcessCPU()
		machine = adapt.NewMeter() // for the summary; the controller has its own
		cores   = cmp.Or(p.cores, runtime.GOMAXPROCS(0))
		ctl     *adapt.Controller
	)
	if p.workers == 0 {
		ctl = adapt.New(cores, p.maxWorkers)
		workers = min(ctl.Workers(), max(len(p.scenarios), 1))
	}
	if p.sample && p.feed == nil {
		// Fails while another CPU profile runs: nothing is sampled then.
		// A worker process (feed) does not sample: its results reach the
		// supervisor's history without CPU times.
		p.sampler, _ = adapt.StartSampler()
	}
	// take hands out the next scenario (its index in p.scenarios) from the
	// run's queue, or what a process-mode supervisor feeds (which keeps the
	// queue); a worker given wait waits for it and takes again. done says
	// the scenario finished.
	queue := schedule.NewQueue(p.order, func(k int) bool { return p.scenarios[k].Serial })
	take, done := queue.Take, queue.Done
	if p.feed != nil {
		take = func() (int, bool, <-chan struct{}) {
			k, ok := p.feed.next(ctx, h.stop)
			return k, ok, nil
		}
		done = func(int) {}
	}
	team := newCrew(workers, &wg, start)
	go h.watch(ctx, cmp.Or(p.left, p.deadline), over)
	spawn := func() bool {
		w, ok := team.join()
		if !ok {
			return false
		}
		go func(worker int) {
			defer wg.Done()
			defer team.leave(worker)
			var ln lane
			defer ln.close()
			for ctx.Err() == nil && !h.stopped() && !(p.failFast && failed.Load()) && team.stay(worker) {
				k, ok, wait := take()
				if wait != nil {
					select {
					case <-wait:
					case <-h.stop:
					case <-ctx.Done():
					}
					continue
				}
				if !ok {
					return
				}
				sc := p.scenarios[k]
				loc := p.keys[k]
				p.backlog.Start(k, time.Now())
				if obs != nil {
					obs.ScenarioStarted(loc, worker)
				}
				res := p.run(withWorker(ctx, p.firstWorker+worker), s, sc, h, &ln)
				p.backlog.Finish(k)
				res.Worker, res.Attempt = worker, max(p.attempt, 1)
				busy.Add(int64(res.Duration))
				if res.Status.IsFailure() {
					failed.Store(true)
				}
				results[k], ran[k] = res, true
				// Its text and steps are dead once it ran, its tries
				// included: only who it is stays (7 MB less at 20,000).
				p.scenarios[k].Steps, p.scenarios[k].Content = nil, nil
				if obs != nil {
					obs.ScenarioFinished(res)
				}
				done(k)
			}
		}(w)
		return true
	}
	for range workers {
		spawn()
	}
	if ctl != nil {
		read := p.meter
		if read == nil {
			read = adapt.NewMeter().Read
		}
		// Scenarios waiting for a worker: not handed out, less the
		// workers there that have not taken one yet.
		queue := func() adapt.Queue {
			q := adapt.Queue{Scenarios: max(queue.Left()-(team.size()-queue.Running()), 0)}
			l := p.backlog.Left(time.Now())
			if l.AllKnown {
				q.Work = l.Waiting
			}
			q.Longest = l.LongestRunning
			return q
		}
		go adaptive(team, ctl, read, queue, spawn, over)
	}
	wg.Wait()
	close(over)
	sampled, err := p.sampler.Stop()
	if err == nil && sampled != nil {
		for k, loc := range p.keys {
			if ran[k] {
				results[k].CPU = sampled[loc]
			}
		}
	}
	cpu1, _ := adapt.ProcessCPU()
	run := result.Run{Workers: workers, Started: start, Wall: time.Since(start), Busy: time.Duration(busy.Load()),
		CPU: cpu1 - cpu0, Cores: cores, Sampled: err == nil && sampled != nil}
	if r := machine.Read(); machine.Source() != "processes" && r.CPU >= 0 {
		run.MachineCPU, run.MachineCapacity = r.CPU, r.Capacity
	}
	run.WorkersMin, run.WorkersMax, run.WorkerTime = team.figures()
	if ctl != nil {
		run.Auto, run.Workers = true, run.WorkersMax
	}
	var reason string
	switch why := h.reason(); {
	case why == stopInterrupt || ctx.Err() != nil:
		reason = "not run: the run was interrupted"
	case why == stopTimeout:
		reason = timedOutReason
	case why == stopDeadline:
		reason = fmt.Sprintf("not run: the run deadline passed (BDD_DEADLINE=%s)", p.deadline)
	default:
		reason = "not run: fail-fast stopped the run after the first failure"
	}
	skipped := 0
	for i, sc := range p.scenarios {
		if !ran[i] {
			skipped++
			results[i] = skeleton(sc)
			results[i].Status, results[i].Error = result.Skipped, reason
		}
	}
	switch {
	case h.reason() == stopDeadline && ctx.Err() == nil: // the deadline explains itself, cut or not
		timedOut := 0
		for _, r := range results {
			if r.Status == result.TimedOut {
				timedOut++
			}
		}
		run.Notes = append(run.Notes, view.DeadlineNote(p.deadline, p.grace, skipped, timedOut))
	case skipped > 0:
		run.Notes = append(run.Notes, view.Plural(skipped, "scenario")+" "+reason)
	}
	run.Scenarios = results
	return run, h.reason()
}

// run runs sc with its tries (runTries) on the worker's lane, inside the
// plan's wrap when it has one.
func (p plan) run(ctx context.Context, s Suite, sc discover.Scenario, h *halt, ln *lane) result.Scenario {
	if p.wrap == nil {
		return p.runTries(ctx, s, sc, h, ln)
	}
	return p.wrap(sc, func() result.Scenario { return p.runTries(ctx, s, sc, h, ln) })
}

// runOne runs sc on the worker's lane, a goroutine apart from the worker,
// and waits for it, for its timeout, or for the end of the grace period
// after the run stopped, whichever comes first. The scenario's context is
// not cancelled by an interrupt (it may finish within the grace period),
// only when runOne gives up on it; the lane it runs on is then left to it.
func (p plan) runOne(ctx context.Context, s Suite, sc discover.Scenario, h *halt, ln *lane) result.Scenario {
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	col := newCollector(sc)
	done := make(chan result.Scenario, 1)
	start := time.Now()
	gid := ln.run(func() {
		p.sampler.Do(sctx, sc.Location(), func(ctx context.Context) { done <- runScenario(ctx, s, sc, col) })
	})
	var timeout <-chan time.Time
	if p.timeout > 0 {
		t := time.NewTimer(p.timeout)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case res := <-done:
		return res
	case <-timeout:
		ln.close()
		h.trigger(stopTimeout)
		return abandoned(sc, col, start, result.TimedOut,
			fmt.Sprintf("timed out: still running after %s (BDD_TIMEOUT=%s)\n\ngoroutine stacks of the process when it timed out:\n%s",
				p.timeout, p.timeout, goroutineStacks(gid)))
	case <-h.abandon:
		ln.close()
	}
	switch h.reason() {
	case stopDeadline:
		return abandoned(sc, col, start, result.TimedOut,
			fmt.Sprintf("timed out: the run deadline (BDD_DEADLINE=%s) passed and it did not finish within the %s grace period\n\ngoroutine stacks of the process:\n%s",
				p.deadline, p.grace, goroutineStacks(gid)))
	}
	return abandoned(sc, col, start, result.Skipped,
		fmt.Sprintf("abandoned: still running %s after the interrupt", p.grace))
}

// abandoned is the result of a scenario given up on while it ran: its steps
// so far, the step it was in (the first without a verdict), status and msg.
func abandoned(sc discover.Scenario, col *collector, start time.Time, st result.Status, msg string) result.Scenario {
	steps, logs, _ := col.snapshot()
	res := skeleton(sc)
	res.Start, res.Duration, res.Steps, res.Status, res.Error = start, time.Since(start), steps, st, msg
	res.Logs = logs // those of the steps that finished
	for _, x := range steps {
		if x.Status == result.Skipped {
			res.FailedStep, res.FailedLine = x.Keyword+" "+x.Text, x.Line
			break
		}
	}
	return res
}

// timedOutReason is why the scenarios not started after a timeout did not
// run, in a process that cannot be replaced.
const timedOutReason = "not run: a scenario timed out (BDD_TIMEOUT), which stops the run"

// Why a run stopped handing out scenarios.
const (
	stopNone int32 = iota
	stopInterrupt
	stopTimeout
	stopDeadline
)

// halt is the stop of a run: stop closes when no new scenario may start,
// abandon a grace period after an interrupt or the deadline. A timeout
// only stops the hand-out: the scenarios running alongside the stuck one
// finish, or time out on their own BDD_TIMEOUT, and keep their verdicts.
type halt struct {
	once    sync.Once
	grace1  sync.Once
	why     atomic.Int32
	stop    chan struct{}
	abandon chan struct{}
	grace   time.Duration
}

func newHalt(grace time.Duration) *halt {
	return &halt{stop: make(chan struct{}), abandon: make(chan struct{}), grace: grace}
}

func (h *halt) trigger(why int32) {
	h.once.Do(func() {
		h.why.Store(why)
		close(h.stop)
	})
	if why != stopTimeout {
		h.grace1.Do(func() {
			h.why.Store(why)
			time.AfterFunc(h.grace, func() { close(h.abandon) })
		})
	}
}

func (h *halt) stopped() bool {
	select {
	case <-h.stop:
		return true
	default:
		return false
	}
}

func (h *halt) reason() int32 { return h.why.Load() }

// watch stops the run on an interrupt or when the deadline passes, until
// over is closed.
func (h *halt) watch(ctx context.Context, deadline time.Duration, over <-chan struct{}) {
	var expired <-chan time.Time
	if deadline > 0 {
		t := time.NewTimer(deadline)
		defer t.Stop()
		expired = t.C
	}
	select {
	case <-ctx.Done():
		h.trigger(stopInterrupt)
	case <-expired:
		h.trigger(stopDeadline)
	case <-over:
	}
}

// maxStacks bounds the goroutine dump kept in a timed-out scenario's error.
const maxStacks = 24 << 10

// goroutineStacks returns the stacks of every goroutine, the scenario's own
// goroutine (id first) and the ones it started before the others, cut to
// maxStacks bytes.
func goroutineStacks(first int64) string {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) || len(buf) >= 16<<20 {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	head := fmt.Sprintf("goroutine %d [", first)
	child := fmt.Sprintf(" in goroutine %d\n", first)
	rank := func(b string) int {
		switch {
		case strings.HasPrefix(b, head):
			return 0
		case strings.Contains(b+"\n", child):
			return 1
		}
		return 2
	}
	blocks := strings.Split(strings.TrimSpace(string(buf)), "\n\n")
	slices.SortStableFunc(blocks, func(a, b string) int { return rank(a) - rank(b) })
	out := strings.Join(blocks, "\n\n")
	if len(out) > maxStacks {
		cut := strings.LastIndex(out[:maxStacks], "\n")
		out = fmt.Sprintf("%s\n... (%d more bytes of goroutine stacks cut)", out[:cut], len(out)-cut)
	}
	return out
}

// goroutineID is the id of the calling goroutine, from its stack header.
func goroutineID() int64 {
	var b [64]byte
	f := strings.Fields(string(b[:runtime.Stack(b[:], false)]))
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.ParseInt(f[1], 10, 64)
	return n
}
