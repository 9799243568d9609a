// WriteMessages writes messages.ndjson, the run as Cucumber Messages: one
// JSON envelope a line, the format Cucumber's own implementations write and
// the official HTML report (@cucumber/html-formatter), the reports service
// and newer tools read. docs/cucumber.md tells what it holds and what the
// Compatibility Kit's samples show it lacks.
//
// As for cucumber.json, the feature files are parsed again (once for both,
// in cucumber.json's order: featureFiles) for the source, gherkinDocument
// and pickle envelopes; what happened comes from the result
// records: every attempt of a scenario (a retried one has one test case
// started per try, all but the last willBeRetried), its worker (workerId),
// its steps' statuses, errors, durations, attachments and logs. A scenario that
// failed outside its steps (a hook, a crash, a timeout) ends its test case
// with a failed step carrying the message.

package report

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"io"
	"iter"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// MessagesFile is the report's file name in the reports directory.
const MessagesFile = "messages.ndjson"

// ProtocolVersion is the version of Cucumber Messages the stream follows
// (github.com/cucumber/messages/go/v34, as go.mod requires it).
const ProtocolVersion = "34.2.0"

// LogMediaType is the media type of what a step logs (godog.Log), as
// Cucumber's implementations write it.
const LogMediaType = "text/x.cucumber.log+plain"

// outsideSteps is the name of the hook a test case gets when the scenario
// failed outside its steps: in a hook, a crash or a timeout.
const outsideSteps = "mush: outside the steps (hooks, crash, timeout)"

// WriteMessages writes v's run as Cucumber Messages NDJSON, the feature
// files read from src (nil: none; a scenario whose file cannot be read is
// written from its record alone).
func WriteMessages(w io.Writer, v *view.View, src Source) error {
	ids := &messages.Incrementing{}
	return writeMessages(w, v, ids, featureFiles(v, src, ids))
}

// writeMessages writes v's run with the feature files of files, whose ids
// came from ids: the stream's other ids follow theirs, drawn once files
// is done.
func writeMessages(w io.Writer, v *view.View, ids *messages.Incrementing, files iter.Seq[*featureFile]) error {
	m := &messageWriter{bw: bufio.NewWriter(w), ids: ids, defs: map[defKey]string{}}
	m.enc = json.NewEncoder(&m.body)
	m.enc.SetEscapeHTML(false)
	run := v.Run
	m.emit(&messages.Envelope{Meta: messagesMeta()})

	// The documents and pickles, file by file in cucumber.json's order,
	// each file once.
	cases := make([]testCase, 0, len(run.Scenarios))
	for f := range files {
		cases = append(cases, m.feature(f)...)
	}

	// The suite's step definitions as registered, with their patterns
	// (results without that list: the ones the steps matched, in order of
	// first use), and the hook that stands for what failed outside the
	// steps, if any did.
	for _, d := range run.Definitions {
		m.definition(defKey{d.Match(), d.Pattern}, d.File, d.Line)
	}
	var hook string
	for _, c := range cases {
		for _, st := range c.s.Steps {
			if k := (defKey{st.Match, st.Pattern}); st.Match != "" && m.defs[k] == "" {
				if loc, ok := result.ParseLoc(st.Match); ok {
					m.definition(k, loc.File, loc.Line)
				}
			}
		}
		if hook == "" && c.needsHook() {
			hook = m.ids.NewId()
			m.emit(&messages.Envelope{Hook: &messages.Hook{Id: hook, Name: outsideSteps, Type: messages.HookType_AFTER_TEST_CASE,
				SourceReference: &messages.SourceReference{}}})
		}
	}

	runID := m.ids.NewId()
	m.emit(&messages.Envelope{TestRunStarted: &messages.TestRunStarted{Id: runID, Timestamp: stamp(run.Started)}})
	for i := range cases {
		m.testCase(&cases[i], runID, hook)
	}
	// Test cases as they started, those that never did last, in file order
	// among equals.
	slices.SortStableFunc(cases, func(a, b testCase) int {
		sa, sb := a.s.Start, b.s.Start
		return cmp.Or(cmp.Compare(btoi(sa.IsZero()), btoi(sb.IsZero())), sa.Compare(sb))
	})
	for _, c := range cases {
		m.attempts(c, run.Started)
	}
	finished := &messages.TestRunFinished{TestRunStartedId: runID, Success: run.OK(), Timestamp: stamp(run.Started.Add(run.Wall))}
	if run.Failed {
		finished.Message = strings.Join(run.Notes, "\n")
	}
	m.emit(&messages.Envelope{TestRunFinished: finished})
	if m.err != nil {
		return m.err
	}
	return m.bw.Flush()
}

// messageWriter writes envelopes, ids from one counter over the stream.
type messageWriter struct {
	bw   *bufio.Writer
	enc  *json.Encoder // into body
	body bytes.Buffer  // one envelope's message
	line []byte        // one envelope's line, appended by hand (appendAttempt)
	ids  *messages.Incrementing
	defs map[defKey]string // step definition -> id
	err  error
}

// emit writes e as encoding/json writes it, one line. It encodes the one
// message e holds under its field's name: encoding/json's walk over the
// Envelope's 20-odd empty fields cost as much as the message itself (half
// the writer's time on trivial scenarios). The messages of a scenario's
// attempt, six of a trivial scenario's eight, are appended by hand
// (appendAttempt) unless a string in them needs escaping.
func (m *messageWriter) emit(e *messages.Envelope) {
	if m.err != nil {
		return
	}
	name, msg := envelopeMessage(e)
	var ok bool
	if m.line, ok = appendAttempt(m.line[:0], name, msg); ok {
		m.bw.Write(m.line)
		return
	}
	m.body.Reset()
	if m.err = m.enc.Encode(msg); m.err != nil || name == "" {
		m.bw.Write(m.body.Bytes())
		return
	}
	m.bw.WriteString(`{"`)
	m.bw.WriteString(name)
	m.bw.WriteString(`":`)
	m.bw.Write(m.body.Bytes()[:m.body.Len()-1]) // Encode ends the line
	m.bw.WriteString("}\n")
}

// appendAttempt appends the envelope line of msg, named name, to b, byte
// for byte as encoding/json writes it, for the messages of an attempt: test
// case and test step started and finished. ok is false (and line empty, b's
// memory to reuse) for any other message, and for one with a string encoding/json
// would escape or a step result with a message (a failure's).
func appendAttempt(b []byte, name string, msg any) (line []byte, ok bool) {
	b = append(append(append(b, `{"`...), name...), `":{"`...)
	switch msg := msg.(type) {
	case *messages.TestCaseStarted:
		if !plain(msg.Id, msg.TestCaseId, msg.WorkerId) {
			return b[:0], false
		}
		b = strconv.AppendInt(append(b, `attempt":`...), msg.Attempt, 10)
		b = append(append(append(append(b, `,"id":"`...), msg.Id...), `","testCaseId":"`...), msg.TestCaseId...)
		if msg.WorkerId != "" {
			b = append(append(b, `","workerId":"`...), msg.WorkerId...)
		}
		b = appendTimestamp(append(b, `","timestamp":`...), msg.Timestamp)
	case *messages.TestStepStarted:
		if !plain(msg.TestCaseStartedId, msg.TestStepId) {
			return b[:0], false
		}
		b = append(append(append(append(b, `testCaseStartedId":"`...), msg.TestCaseStartedId...), `","testStepId":"`...), msg.TestStepId...)
		b = appendTimestamp(append(b, `","timestamp":`...), msg.Timestamp)
	case *messages.TestStepFinished:
		r := msg.TestStepResult
		if r == nil || r.Message != "" || r.Exception != nil || !plain(msg.TestCaseStartedId, msg.TestStepId, string(r.Status)) {
			return b[:0], false
		}
		b = append(append(append(append(b, `testCaseStartedId":"`...), msg.TestCaseStartedId...), `","testStepId":"`...), msg.TestStepId...)
		b = append(b, `","testStepResult":{"duration":`...)
		b = appendTimestamp(b, (*messages.Timestamp)(r.Duration))
		b = append(append(append(b, `,"status":"`...), r.Status...), `"}`...)
		b = appendTimestamp(append(b, `,"timestamp":`...), msg.Timestamp)
	case *messages.TestCaseFinished:
		if !plain(msg.TestCaseStartedId) {
			return b[:0], false
		}
		b = append(append(b, `testCaseStartedId":"`...), msg.TestCaseStartedId...)
		b = appendTimestamp(append(b, `","timestamp":`...), msg.Timestamp)
		b = strconv.AppendBool(append(b, `,"willBeRetried":`...), msg.WillBeRetried)
	default:
		return b[:0], false
	}
	return append(b, "}}\n"...), true
}

// appendTimestamp appends t (or a Duration, the same two fields) as
// encoding/json writes it.
func appendTimestamp(b []byte, t *messages.Timestamp) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	b = strconv.AppendInt(append(b, `{"seconds":`...), t.Seconds, 10)
	b = strconv.AppendInt(append(b, `,"nanos":`...), t.Nanos, 10)
	return append(b, '}')
}

// plain reports whether encoding/json (not escaping HTML) writes every
// string of ss as it is between quotes: printable ASCII but the quote and
// the backslash.
func plain(ss ...string) bool {
	for _, s := range ss {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
				return false
			}
		}
	}
	return true
}

// envelopeMessage is the name (Envelope's JSON field) and value of the
// message e holds, the first in Envelope's order; "" and e itself for an
// empty envelope. TestEmitAsEncodingJSON fails when Envelope gains a message
// this does not name.
func envelopeMessage(e *messages.Envelope) (string, any) {
	switch {
	case e.Attachment != nil:
		return "attachment", e.Attachment
	case e.ExternalAttachment != nil:
		return "externalAttachment", e.ExternalAttachment
	case e.GherkinDocument != nil:
		return "gherkinDocument", e.GherkinDocument
	case e.Hook != nil:
		return "hook", e.Hook
	case e.Meta != nil:
		return "meta", e.Meta
	case e.ParameterType != nil:
		return "parameterType", e.ParameterType
	case e.ParseError != nil:
		return "parseError", e.ParseError
	case e.Pickle != nil:
		return "pickle", e.Pickle
	case e.Suggestion != nil:
		return "suggestion", e.Suggestion
	case e.Source != nil:
		return "source", e.Source
	case e.StepDefinition != nil:
		return "stepDefinition", e.StepDefinition
	case e.TestCase != nil:
		return "testCase", e.TestCase
	case e.TestCaseFinished != nil:
		return "testCaseFinished", e.TestCaseFinished
	case e.TestCaseStarted != nil:
		return "testCaseStarted", e.TestCaseStarted
	case e.TestRunFinished != nil:
		return "testRunFinished", e.TestRunFinished
	case e.TestRunStarted != nil:
		return "testRunStarted", e.TestRunStarted
	case e.TestStepFinished != nil:
		return "testStepFinished", e.TestStepFinished
	case e.TestStepStarted != nil:
		return "testStepStarted", e.TestStepStarted
	case e.TestRunHookStarted != nil:
		return "testRunHookStarted", e.TestRunHookStarted
	case e.TestRunHookFinished != nil:
		return "testRunHookFinished", e.TestRunHookFinished
	case e.UndefinedParameterType != nil:
		return "undefinedParameterType", e.UndefinedParameterType
	}
	return "", e
}

// testCase is a scenario record, the ids of its pickle and of the pickle's
// steps (not the pickle: a run's cases are all held until their test
// cases are written, and 20,000 pickles are megabytes of heap at the
// reports' peak), and the ids of its test case and of the test steps of
// its pickle steps (and of the hook step).
type testCase struct {
	s           *result.Scenario
	pickle      string
	pickleSteps []string
	id          string
	steps       []string
	hook        string
}

// needsHook says whether an attempt of the scenario failed where no step
// can carry the failure.
func (c testCase) needsHook() bool {
	for _, t := range c.s.Retries {
		if !slices.ContainsFunc(c.s.Steps, func(st result.Step) bool { return st.Line == t.FailedLine }) {
			return true
		}
	}
	_, _, hook := finalSteps(c.s)
	return hook
}

// feature writes the source, document and pickles of one feature file
// and returns its scenarios' test cases.
func (m *messageWriter) feature(f *featureFile) []testCase {
	cases := make([]testCase, len(f.records))
	if f.doc != nil {
		m.emit(&messages.Envelope{Source: &messages.Source{Uri: f.uri, Data: string(f.data), MediaType: messages.SourceMediaType_TEXT_X_CUCUMBER_GHERKIN_PLAIN}})
		m.emit(&messages.Envelope{GherkinDocument: f.doc})
	}
	for i, p := range f.own {
		cases[i] = testCase{s: &f.records[i], pickle: p.Id, pickleSteps: make([]string, len(p.Steps))}
		for j, ps := range p.Steps {
			cases[i].pickleSteps[j] = ps.Id
		}
		m.emit(&messages.Envelope{Pickle: p})
	}
	return cases
}

// definition writes the stepDefinition envelope of the definition key at
// file:line, once: a step names it by its Match and Pattern
// (definitions registered through one helper share a Match).
func (m *messageWriter) definition(key defKey, file string, line int) {
	if m.defs[key] != "" {
		return
	}
	m.defs[key] = m.ids.NewId()
	m.emit(&messages.Envelope{StepDefinition: &messages.StepDefinition{
		Id:              m.defs[key],
		Pattern:         &messages.StepDefinitionPattern{Source: key.pattern, Type: messages.StepDefinitionPatternType_REGULAR_EXPRESSION},
		SourceReference: &messages.SourceReference{Uri: file, Location: &messages.Location{Line: int64(line)}},
	}})
}

// defKey names a step definition as a step does: its Match and Pattern (a
// struct, not one string, so that looking a step's up allocates nothing).
type defKey struct{ match, pattern string }

// testCase writes the test case of c: a test step per pickle step, the
// definition that ran it when one did, and the hook step if needed.
func (m *messageWriter) testCase(c *testCase, runID, hook string) {
	c.id = m.ids.NewId()
	tc := &messages.TestCase{Id: c.id, PickleId: c.pickle, TestRunStartedId: runID, TestSteps: []*messages.TestStep{}}
	for i, ps := range c.pickleSteps {
		id := m.ids.NewId()
		c.steps = append(c.steps, id)
		step := &messages.TestStep{Id: id, PickleStepId: ps}
		if st := c.s.Steps[i]; st.Match != "" {
			step.StepDefinitionIds = []string{m.defs[defKey{st.Match, st.Pattern}]}
		}
		tc.TestSteps = append(tc.TestSteps, step)
	}
	if c.needsHook() {
		c.hook = m.ids.NewId()
		tc.TestSteps = append(tc.TestSteps, &messages.TestStep{Id: c.hook, HookId: hook})
	}
	m.emit(&messages.Envelope{TestCase: tc})
}

// attempts writes every try of c: the retried ones first, each
// willBeRetried, then the last. A scenario that never started is one
// attempt with every step skipped, when the run started.
func (m *messageWriter) attempts(c testCase, runStart time.Time) {
	s := c.s
	start := cmp.Or(s.Start, runStart)
	var earlier time.Duration
	for _, t := range s.Retries {
		earlier += time.Duration(t.DurationS * float64(time.Second))
	}
	at := start.Add(-earlier) // the tries ran back to back on one worker
	for i, t := range s.Retries {
		d := time.Duration(t.DurationS * float64(time.Second))
		steps, hookErr := triedSteps(*s, t)
		m.attempt(c, i, at, d, steps, t.Logs, hookErr, true)
		at = at.Add(d)
	}
	steps, hookErr, _ := finalSteps(s)
	m.attempt(c, len(s.Retries), start, s.Duration-earlier, steps, s.Logs, hookErr, false)
}

// attempt writes one try: started, its steps (their attachments, then
// what was logged while they ran, as Cucumber's log attachments), the hook
// step when a failure happened outside the steps, finished. A message
// logged before any step ran goes with the first.
func (m *messageWriter) attempt(c testCase, n int, start time.Time, d time.Duration, steps []result.Step, logs []result.Log,
	hookErr string, retried bool) {
	id := m.ids.NewId()
	worker := strconv.Itoa(c.s.Worker)
	if c.s.Shard != "" {
		worker = c.s.Shard + ":" + worker
	}
	m.emit(&messages.Envelope{TestCaseStarted: &messages.TestCaseStarted{Id: id, TestCaseId: c.id, Attempt: int64(n),
		WorkerId: worker, Timestamp: stamp(start)}})
	at := start
	for i, st := range steps {
		m.emit(&messages.Envelope{TestStepStarted: &messages.TestStepStarted{TestCaseStartedId: id, TestStepId: c.steps[i], Timestamp: stamp(at)}})
		at = at.Add(st.Duration)
		for _, e := range st.Embeddings {
			m.emit(&messages.Envelope{Attachment: attachment(e.Data, e.MimeType, e.Name, id, c.steps[i], at)})
		}
		for _, l := range logs {
			if l.Line == st.Line || l.Line == 0 && i == 0 {
				m.emit(&messages.Envelope{Attachment: attachment([]byte(l.Text), LogMediaType, "", id, c.steps[i], at)})
			}
		}
		m.emit(&messages.Envelope{TestStepFinished: &messages.TestStepFinished{TestCaseStartedId: id, TestStepId: c.steps[i],
			TestStepResult: stepResult(st.Status, st.Error, st.Duration), Timestamp: stamp(at)}})
	}
	if c.hook != "" {
		m.emit(&messages.Envelope{TestStepStarted: &messages.TestStepStarted{TestCaseStartedId: id, TestStepId: c.hook, Timestamp: stamp(at)}})
		st := result.Passed
		if hookErr != "" {
			st = result.Failed
		}
		m.emit(&messages.Envelope{TestStepFinished: &messages.TestStepFinished{TestCaseStartedId: id, TestStepId: c.hook,
			TestStepResult: stepResult(st, hookErr, 0), Timestamp: stamp(at)}})
	}
	m.emit(&messages.Envelope{TestCaseFinished: &messages.TestCaseFinished{TestCaseStartedId: id,
		Timestamp: stamp(start.Add(max(d, at.Sub(start)))), WillBeRetried: retried}})
}

// finalSteps are the steps of a scenario's last try, a crashed or timed-out
// one's first unpassed step failing with its message (in a copy: the record's
// own steps otherwise, not to be changed); else, when no step shows the
// failure, hook and its message hookErr.
func finalSteps(s *result.Scenario) (steps []result.Step, hookErr string, hook bool) {
	steps = s.Steps
	if !s.Status.IsFailure() || slices.ContainsFunc(steps, func(st result.Step) bool { return st.Status.IsFailure() }) {
		return steps, "", false
	}
	if s.Status == result.Crashed || s.Status == result.TimedOut {
		if i := slices.IndexFunc(steps, func(st result.Step) bool { return st.Status != result.Passed }); i >= 0 {
			steps = slices.Clone(steps)
			steps[i].Status, steps[i].Error = s.Status, s.Error
			return steps, "", false
		}
	}
	return steps, cmp.Or(s.Error, string(s.Status)), true
}

// triedSteps rebuilds a retried try's steps from what the record keeps
// (no durations, no attachments): passed up to the failed one, skipped
// after; hookErr when it failed outside its steps.
func triedSteps(s result.Scenario, t result.Try) (steps []result.Step, hookErr string) {
	failed := slices.IndexFunc(s.Steps, func(st result.Step) bool { return st.Line == t.FailedLine })
	for i, st := range s.Steps {
		st := result.Step{Keyword: st.Keyword, Text: st.Text, Line: st.Line, Match: st.Match, Status: result.Passed}
		switch {
		case failed < 0:
		case i == failed:
			st.Status, st.Error = t.Status, t.Error
		case i > failed:
			st.Status = result.Skipped
		}
		steps = append(steps, st)
	}
	if failed < 0 {
		hookErr = cmp.Or(t.Error, string(t.Status))
	}
	return steps, hookErr
}

// stepResult is a step's status as Cucumber names it: a crash or a timeout
// is a failure, its message says which.
func stepResult(st result.Status, msg string, d time.Duration) *messages.TestStepResult {
	status := map[result.Status]messages.TestStepResultStatus{
		result.Passed: messages.TestStepResultStatus_PASSED, result.Skipped: messages.TestStepResultStatus_SKIPPED,
		result.Undefined: messages.TestStepResultStatus_UNDEFINED, result.Pending: messages.TestStepResultStatus_PENDING,
		result.Ambiguous: messages.TestStepResultStatus_AMBIGUOUS,
	}[st]
	if status == "" {
		status = messages.TestStepResultStatus_FAILED
		if st == "" {
			status = messages.TestStepResultStatus_UNKNOWN
		}
	}
	r := &messages.TestStepResult{Status: status, Duration: duration(d)}
	if msg != "" {
		r.Message = msg
		if status == messages.TestStepResultStatus_FAILED {
			kind := string(st)
			if st == result.Failed {
				kind = "error"
			}
			r.Exception = &messages.Exception{Type: kind, Message: msg}
		}
	}
	return r
}

// attachment is an attachment envelope: text as it is, anything else
// (bytes that are not UTF-8 text) in base64.
func attachment(data []byte, mediaType, name, started, step string, at time.Time) *messages.Attachment {
	a := &messages.Attachment{MediaType: mediaType, FileName: name, TestCaseStartedId: started, TestStepId: step, Timestamp: stamp(at)}
	if isText(data) {
		a.Body, a.ContentEncoding = string(data), messages.AttachmentContentEncoding_IDENTITY
	} else {
		a.Body, a.ContentEncoding = base64.StdEncoding.EncodeToString(data), messages.AttachmentContentEncoding_BASE64
	}
	return a
}

// isText says whether data is UTF-8 without control characters but tabs,
// line ends and escapes (colours in a log).
func isText(data []byte) bool {
	if !utf8.Valid(data) {
		return false
	}
	for _, b := range data {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x1b || b == 0x7f {
			return false
		}
	}
	return true
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func stamp(t time.Time) *messages.Timestamp {
	ts := messages.GoTimeToTimestamp(t)
	return &ts
}

func duration(d time.Duration) *messages.Duration {
	md := messages.GoDurationToDuration(max(d, 0))
	return &md
}

// messagesMeta names mush (its module version when built as a dependency) and the
// Go runtime, system and CPU that ran it.
func messagesMeta() *messages.Meta {
	version := "devel"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range append([]*debug.Module{&info.Main}, info.Deps...) {
			if m.Path == "github.com/mushbdd/mush" && m.Version != "" && m.Version != "(devel)" {
				version = m.Version
			}
		}
	}
	return &messages.Meta{
		ProtocolVersion: ProtocolVersion,
		Implementation:  &messages.Product{Name: "mush", Version: version},
		Runtime:         &messages.Product{Name: "go", Version: runtime.Version()},
		Os:              &messages.Product{Name: runtime.GOOS},
		Cpu:             &messages.Product{Name: runtime.GOARCH},
	}
}
