package runner

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing/fstest"
	"time"

	"github.com/cucumber/godog"
	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/result"
)

// formatName is the godog formatter through which every scenario's results
// reach mush. It writes nothing; it records step results as godog reports
// them.
const formatName = "mush-results"

func init() {
	godog.Format(formatName, "records step results for mush (internal)", newFormatter)
}

// collectors maps the suite name of each running godog.TestSuite to the
// collector of its scenario: godog builds a formatter per run and hands it
// only the suite name.
var (
	collectors sync.Map // string -> *collector
	suiteSeq   atomic.Uint64
)

// collector accumulates what godog reports for one scenario.
type collector struct {
	mu       sync.Mutex // a timed-out scenario's godog run may still write
	steps    []result.Step
	ids      map[string]int // pickle step id -> index
	snippets string
	last     time.Time // when the scenario started or its last step ended
	// logs are the scenario's godog.Log messages, each with the line of
	// the step that was running when the hook after it saw the message.
	logs     []result.Log
	lastLine int // the line of the last step whose after-step hook ran
}

func newFormatter(suite string, out io.Writer) godog.Formatter {
	c, _ := collectors.Load(suite)
	col, _ := c.(*collector)
	if col == nil {
		col = &collector{} // a run not started by mush: record into a throwaway
	}
	return &formatter{BaseFmt: godog.NewBaseFmt(suite, out), col: col}
}

type formatter struct {
	*godog.BaseFmt
	col *collector
}

func (f *formatter) TestRunStarted()                                   {}
func (f *formatter) Feature(*messages.GherkinDocument, string, []byte) {}

func (f *formatter) Pickle(p *messages.Pickle) {
	f.col.mu.Lock()
	defer f.col.mu.Unlock()
	f.col.ids = make(map[string]int, len(p.Steps))
	for i, s := range p.Steps {
		f.col.ids[s.Id] = i
	}
	f.col.last = time.Now()
}

func (f *formatter) Defined(*messages.Pickle, *messages.PickleStep, *formatters.StepDefinition) {}

func (f *formatter) Passed(_ *messages.Pickle, s *messages.PickleStep, _ *formatters.StepDefinition) {
	f.col.set(s, result.Passed, nil, f.details(s))
}

func (f *formatter) Skipped(_ *messages.Pickle, s *messages.PickleStep, _ *formatters.StepDefinition) {
	f.col.set(s, result.Skipped, nil, f.details(s))
}

func (f *formatter) Undefined(_ *messages.Pickle, s *messages.PickleStep, _ *formatters.StepDefinition) {
	f.col.set(s, result.Undefined, nil, f.details(s))
}

func (f *formatter) Pending(_ *messages.Pickle, s *messages.PickleStep, _ *formatters.StepDefinition) {
	f.col.set(s, result.Pending, nil, f.details(s))
}

func (f *formatter) Failed(_ *messages.Pickle, s *messages.PickleStep, _ *formatters.StepDefinition, err error) {
	f.col.set(s, result.Failed, err, f.details(s))
}

func (f *formatter) Ambiguous(_ *messages.Pickle, s *messages.PickleStep, _ *formatters.StepDefinition, err error) {
	f.col.set(s, result.Ambiguous, err, f.details(s))
}

// Summary runs when the scenario and its hooks are done: collect the
// snippets godog suggests for undefined steps.
func (f *formatter) Summary() {
	snippets := strings.TrimSpace(f.BaseFmt.Snippets())
	f.col.mu.Lock()
	f.col.snippets = snippets
	f.col.mu.Unlock()
}

// stepDetails is what godog's storage knows of a step beyond its status:
// the definition that matched it and its attachments.
type stepDetails struct {
	match      string
	pattern    string
	embeddings []result.Embedding
}

// details reads the step's result from godog's storage, which godog fills
// before it calls the formatter. The storage types are godog-internal, so
// a change of shape on an upgrade costs the details, never the run.
func (f *formatter) details(s *messages.PickleStep) (d stepDetails) {
	defer func() {
		if recover() != nil {
			d = stepDetails{}
		}
	}()
	if f.BaseFmt == nil || f.BaseFmt.Storage == nil {
		return d
	}
	r := f.BaseFmt.Storage.MustGetPickleStepResult(s.Id)
	if r.Def != nil && r.Def.File != "" {
		d.match = matchOf(result.Loc{File: filepath.Base(r.Def.File), Line: r.Def.Line})
		if r.Def.Expr != nil {
			d.pattern = r.Def.Expr.String()
		}
	}
	for _, a := range r.Attachments {
		d.embeddings = append(d.embeddings, result.Embedding{Name: a.Name, MimeType: a.MimeType, Data: a.Data})
	}
	return d
}

// matchNames holds each step definition's Match ("file.go:LINE"), one
// string for all the steps it matches, not one per step.
var matchNames = struct {
	sync.Mutex
	of map[result.Loc]string
}{of: map[result.Loc]string{}}

func matchOf(l result.Loc) string {
	matchNames.Lock()
	defer matchNames.Unlock()
	m, ok := matchNames.of[l]
	if !ok {
		m = l.String()
		matchNames.of[l] = m
	}
	return m
}

func (c *collector) set(s *messages.PickleStep, st result.Status, err error, d stepDetails) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i, ok := c.ids[s.Id]
	if !ok || i >= len(c.steps) {
		return
	}
	now := time.Now()
	c.steps[i].Status = st
	if err != nil {
		c.steps[i].Error = err.Error()
	}
	c.steps[i].Match, c.steps[i].Pattern, c.steps[i].Embeddings = d.match, d.pattern, d.embeddings
	if st != result.Skipped && !c.last.IsZero() {
		c.steps[i].Duration = now.Sub(c.last)
	}
	c.last = now
}

// newCollector starts the record of sc with every step skipped.
func newCollector(sc discover.Scenario) *collector {
	col := &collector{steps: make([]result.Step, len(sc.Steps))}
	for i, st := range sc.Steps {
		col.steps[i] = result.Step{Keyword: st.Keyword, Text: st.Text, Line: st.Line, Status: result.Skipped}
	}
	return col
}

// snapshot copies the steps and logs recorded so far, and the snippets.
func (c *collector) snapshot() ([]result.Step, []result.Log, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]result.Step(nil), c.steps...), append([]result.Log(nil), c.logs...), c.snippets
}

// logged records the messages of godog.LoggedMessages(ctx) not seen yet,
// for the step with id step ("" for an after-scenario hook: the last step
// that ran). godog keeps one list per scenario run (its testing.T stand-in
// in the scenario's context), so a scenario's logs are its own whatever
// runs beside it.
func (c *collector) logged(ctx context.Context, step string) {
	msgs := godog.LoggedMessages(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if i, ok := c.ids[step]; ok && i < len(c.steps) {
		c.lastLine = c.steps[i].Line
	}
	for _, m := range msgs[min(len(c.logs), len(msgs)):] {
		c.logs = append(c.logs, result.Log{Line: c.lastLine, Text: m})
	}
}

// withLogs adds to init the hooks that record what steps and hooks log:
// after every step, and after the scenario's own after-scenario hooks
// (added last, so it runs last).
func withLogs(init func(*godog.ScenarioContext), col *collector) func(*godog.ScenarioContext) {
	return func(sc *godog.ScenarioContext) {
		if init != nil {
			init(sc)
		}
		sc.StepContext().After(func(ctx context.Context, st *godog.Step, _ godog.StepResultStatus, _ error) (context.Context, error) {
			col.logged(ctx, st.Id)
			return ctx, nil
		})
		sc.After(func(ctx context.Context, _ *godog.Scenario, _ error) (context.Context, error) {
			col.logged(ctx, "")
			return ctx, nil
		})
	}
}

// runScenario runs one scenario in its own godog.TestSuite at concurrency 1
// and turns what the formatter recorded into a result. A panic that godog
// does not recover (after-scenario and after-step hooks) is caught here and
// fails only this scenario.
func runScenario(ctx context.Context, s Suite, sc discover.Scenario, col *collector) (res result.Scenario) {
	name := fmt.Sprintf("mush-%d", suiteSeq.Add(1))
	collectors.Store(name, col)
	defer collectors.Delete(name)

	res = skeleton(sc)
	res.Start = time.Now()
	code, panicked := -1, ""
	func() {
		defer func() {
			if p := recover(); p != nil {
				panicked = fmt.Sprintf("panic: %v\n\n%s", p, debug.Stack())
			}
		}()
		code = godog.TestSuite{
			Name:                 name,
			TestSuiteInitializer: perScenario(s.TestSuiteInitializer),
			ScenarioInitializer:  withLogs(s.ScenarioInitializer, col),
			Options: &godog.Options{
				Format:          formatName,
				Output:          io.Discard,
				NoColors:        true,
				Strict:          true,
				Concurrency:     1,
				FS:              fstest.MapFS{},
				FeatureContents: []godog.Feature{{Name: sc.File, Contents: sc.Content}},
				DefaultContext:  ctx,
			},
		}.Run()
	}()
	res.Duration = time.Since(res.Start)
	res.Steps, res.Logs, res.Snippet = col.snapshot()
	res.Status = verdict(res.Steps)
	for _, st := range res.Steps {
		if st.Status.IsFailure() {
			res.FailedStep, res.FailedLine = st.Keyword+" "+st.Text, st.Line
			res.Error = st.Error
			if res.Error == "" {
				res.Error = describe(st)
			}
			break
		}
	}
	switch {
	case panicked != "":
		// godog did not recover it: it came from an after-step or
		// after-scenario hook, after the steps had their verdicts.
		res.Status = result.Failed
		res.Error = strings.TrimSpace("panic in a hook after the steps: " + strings.TrimPrefix(panicked, "panic: "))
	case code == 1 && !res.Status.IsFailure():
		res.Status = result.Failed
		res.Error = "godog reported a failure that no step recorded"
	case code > 1:
		res.Status = result.Failed
		res.Error = fmt.Sprintf("godog refused to run the scenario (exit %d)", code)
	}
	return res
}

// perScenario adapts a godog TestSuiteInitializer for a one-scenario run: it
// runs on a copy of the context, so steps and scenario hooks registered via
// ctx.ScenarioContext() reach this run while BeforeSuite/AfterSuite handlers
// land on the copy and are dropped (the host run executes those once).
func perScenario(init func(*godog.TestSuiteContext)) func(*godog.TestSuiteContext) {
	if init == nil {
		return nil
	}
	return func(ctx *godog.TestSuiteContext) {
		c := *ctx
		init(&c)
	}
}

// verdict derives a scenario's status from its steps, strictly: any failed,
// ambiguous, undefined or pending step fails the scenario.
func verdict(steps []result.Step) result.Status {
	for _, st := range []result.Status{result.Failed, result.Ambiguous, result.Undefined, result.Pending} {
		for _, s := range steps {
			if s.Status == st {
				return st
			}
		}
	}
	for _, s := range steps {
		if s.Status == result.Passed {
			return result.Passed
		}
	}
	if len(steps) == 0 {
		return result.Passed
	}
	return result.Skipped
}

func describe(s result.Step) string {
	switch s.Status {
	case result.Undefined:
		return "undefined step: " + s.Text
	case result.Pending:
		return "pending step: " + s.Text
	}
	return string(s.Status) + " step: " + s.Text
}

// skeleton is the result record of sc before it ran: who it is, no verdict.
func skeleton(sc discover.Scenario) result.Scenario {
	return result.Scenario{Feature: sc.Feature, Name: sc.Name, File: sc.File, Line: sc.Line, Order: sc.Order, Tags: sc.Tags, Serial: sc.Serial}
}
