package report_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/golden"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/sample"
	"github.com/mushbdd/mush/internal/view"
)

// messagesSample is the sample run with what only the Messages stream
// shows: a retried scenario (two failed tries, one of them in a hook) with
// logs, an attachment in text and one in bytes, a scenario failed by a hook after
// its steps passed, and a shard.
func messagesSample() result.Run {
	run := sample.Run()
	weigh := &run.Scenarios[1]
	weigh.Retries = []result.Try{
		{Status: result.Failed, Error: "expected 2 apples, got 1", FailedStep: "Then the basket holds 2 apples", FailedLine: 15, DurationS: 0.05},
		{Status: result.Failed, Error: "panic in a hook after the steps: boom", DurationS: 0.04,
			Logs: []result.Log{{Line: 14, Text: "adding on try 2"}}},
	}
	weigh.Logs = []result.Log{{Text: "before any step"}, {Line: 15, Text: "weighed 3"}}
	weigh.Duration += 90 * time.Millisecond
	weigh.Shard = "1/2"
	add := &run.Scenarios[0]
	add.Steps[1].Embeddings = []result.Embedding{
		{Name: "receipt.txt", MimeType: "text/plain", Data: []byte("2 apples <b>& more</b>")},
		{Name: "", MimeType: "image/png", Data: []byte{0x89, 'P', 'N', 'G', 0}},
	}
	hook := &run.Scenarios[2]
	hook.Status, hook.Error = result.Failed, "panic in a hook after the steps: db closed"
	run.Failed = true
	return run
}

func writeMessages(t *testing.T, run result.Run, src report.Source) ([]byte, []*messages.Envelope) {
	t.Helper()
	var b bytes.Buffer
	if err := report.WriteMessages(&b, view.New(run, view.Options{}), src); err != nil {
		t.Fatal(err)
	}
	var envs []*messages.Envelope
	sc := bufio.NewScanner(bytes.NewReader(b.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e messages.Envelope
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		envs = append(envs, &e)
	}
	return b.Bytes(), envs
}

// TestMessagesGolden writes the sample run: features/basket.feature is
// read from disk (source, document and pickles from it),
// features/escaping.feature is missing and its pickles come from the
// records.
func TestMessagesGolden(t *testing.T) {
	b, _ := writeMessages(t, messagesSample(), report.FeatureFiles(basketDir(t)))
	// The Go version and system are the machine's: the golden file has
	// them as the test writes them.
	b = bytes.Replace(b, []byte(`"runtime":{"name":"go","version":"`+runtimeVersion(t, b)+`"}`), []byte(`"runtime":{"name":"go","version":"GO"}`), 1)
	golden.Check(t, "testdata/messages.golden.ndjson", normaliseMeta(b))
}

func runtimeVersion(t *testing.T, b []byte) string {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	var e messages.Envelope
	if err := json.Unmarshal(line, &e); err != nil || e.Meta == nil {
		t.Fatalf("first line is no meta envelope: %s", line)
	}
	return e.Meta.Runtime.Version
}

// normaliseMeta replaces the machine's system and CPU in the meta line.
func normaliseMeta(b []byte) []byte {
	line, rest, _ := bytes.Cut(b, []byte("\n"))
	var e messages.Envelope
	_ = json.Unmarshal(line, &e)
	e.Meta.Os.Name, e.Meta.Cpu.Name = "OS", "CPU"
	out, _ := json.Marshal(e)
	return append(append(out, '\n'), rest...)
}

// TestMessagesStream checks what the stream says of the sample run:
// every attempt of the retried scenario, willBeRetried on all but the
// last, its shard in the worker id, the timed-out scenario's running step
// failed with the timeout, the hook step of the scenarios that failed
// outside their steps, both encodings of attachments, logs as attachments
// of the step that ran (the first for one logged before any), and the run
// failed.
func TestMessagesStream(t *testing.T) {
	_, envs := writeMessages(t, messagesSample(), nil)
	var (
		started   []*messages.TestCaseStarted
		finished  []*messages.TestCaseFinished
		statuses  = map[string][]string{} // test case started id -> step statuses
		messagesF = map[string][]string{}
		attached  []*messages.Attachment
		hooks     int
		runEnd    *messages.TestRunFinished
		pickles   = map[string]string{} // pickle id -> name
		caseName  = map[string]string{} // test case id -> pickle name
	)
	for _, e := range envs {
		switch {
		case e.Pickle != nil:
			pickles[e.Pickle.Id] = e.Pickle.Name
		case e.TestCase != nil:
			caseName[e.TestCase.Id] = pickles[e.TestCase.PickleId]
		case e.Hook != nil:
			hooks++
		case e.TestCaseStarted != nil:
			started = append(started, e.TestCaseStarted)
		case e.TestStepFinished != nil:
			id := e.TestStepFinished.TestCaseStartedId
			statuses[id] = append(statuses[id], string(e.TestStepFinished.TestStepResult.Status))
			messagesF[id] = append(messagesF[id], e.TestStepFinished.TestStepResult.Message)
		case e.Attachment != nil:
			attached = append(attached, e.Attachment)
		case e.TestCaseFinished != nil:
			finished = append(finished, e.TestCaseFinished)
		case e.TestRunFinished != nil:
			runEnd = e.TestRunFinished
		}
	}
	type try struct {
		name, worker, statuses string
		attempt                int64
		retried                bool
	}
	var got []try
	for i, s := range started {
		got = append(got, try{caseName[s.TestCaseId], s.WorkerId, strings.Join(statuses[s.Id], " "), s.Attempt, finished[i].WillBeRetried})
	}
	want := []try{
		{"add apples", "1", "PASSED PASSED", 0, false},
		{"<script>alert(1)</script>", "2", "PASSED FAILED", 0, false},
		{"weigh fruit", "1/2:2", "PASSED PASSED FAILED PASSED", 0, true},
		{"weigh fruit", "1/2:2", "PASSED PASSED PASSED FAILED", 1, true},
		{"weigh fruit", "1/2:2", "PASSED PASSED FAILED PASSED", 2, false},
		{"hangs", "1", "FAILED", 0, false},
		{"never started", "0", "", 0, false},
	}
	if len(got) != len(want) {
		t.Fatalf("test cases started:\n%v\nwant\n%v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("attempt %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if hooks != 1 {
		t.Errorf("%d hook envelopes, want the one that stands for failures outside the steps", hooks)
	}
	if m := messagesF[started[5].Id]; len(m) != 1 || !strings.HasPrefix(m[0], "timed out: still running after 1s") {
		t.Errorf("the timed-out scenario's step messages: %q", m)
	}
	if m := messagesF[started[1].Id]; m[1] != "panic in a hook after the steps: db closed" {
		t.Errorf("the hook step's message: %q", m)
	}
	var logs []string
	for _, a := range attached {
		if a.MediaType == report.LogMediaType {
			logs = append(logs, a.TestCaseStartedId+" "+a.TestStepId+" "+a.Body)
		}
	}
	steps := map[string]string{} // pickle step text -> test step id
	for _, e := range envs {
		if e.TestCase != nil && caseName[e.TestCase.Id] == "weigh fruit" {
			steps["add"], steps["holds"] = e.TestCase.TestSteps[1].Id, e.TestCase.TestSteps[2].Id
			steps["basket"] = e.TestCase.TestSteps[0].Id
		}
	}
	wantLogs := []string{started[3].Id + " " + steps["add"] + " adding on try 2",
		started[4].Id + " " + steps["basket"] + " before any step", started[4].Id + " " + steps["holds"] + " weighed 3"}
	if !slices.Equal(logs, wantLogs) {
		t.Errorf("log attachments (started, step, text):\n%q\nwant\n%q", logs, wantLogs)
	}
	attached = slices.DeleteFunc(attached, func(a *messages.Attachment) bool { return a.MediaType == report.LogMediaType })
	if len(attached) != 2 || attached[0].ContentEncoding != messages.AttachmentContentEncoding_IDENTITY ||
		attached[0].Body != "2 apples <b>& more</b>" || attached[0].FileName != "receipt.txt" ||
		attached[1].ContentEncoding != messages.AttachmentContentEncoding_BASE64 || attached[1].Body != "iVBORwA=" ||
		attached[0].TestCaseStartedId != started[0].Id {
		t.Errorf("attachments: %+v", attached)
	}
	if runEnd == nil || runEnd.Success || !strings.Contains(runEnd.Message, "1 scenario not run") {
		t.Errorf("test run finished: %+v; want a failure with the run's notes", runEnd)
	}
}

// TestMessagesEdges: an empty run is meta, run started and finished
// (a success), and the writer's error comes back.
func TestMessagesEdges(t *testing.T) {
	_, envs := writeMessages(t, result.Run{}, nil)
	if len(envs) != 3 || envs[0].Meta == nil || envs[0].Meta.Implementation.Name != "mush" || envs[1].TestRunStarted == nil ||
		envs[2].TestRunFinished == nil || !envs[2].TestRunFinished.Success {
		t.Errorf("empty run: %d envelopes %+v", len(envs), envs)
	}
	boom := errors.New("disk full")
	if err := report.WriteMessages(failingWriter{boom}, view.New(sample.Run(), view.Options{}), nil); !errors.Is(err, boom) {
		t.Errorf("err = %v, want the writer's", err)
	}
}

// TestMessagesStepDefinitions: with the suite's definitions in the run,
// every one is a stepDefinition envelope with its pattern, used or not, and
// each test step names the definition of its own pattern, also when two
// definitions share a file:line (registered through one helper).
func TestMessagesStepDefinitions(t *testing.T) {
	run := sample.Run()
	sc := &run.Scenarios[0]
	sc.Steps = sc.Steps[:2]
	sc.Steps[0].Match, sc.Steps[0].Pattern = "steps.go:10", "^a basket$"
	sc.Steps[1].Match, sc.Steps[1].Pattern = "steps.go:10", "^an apple$"
	run.Scenarios = run.Scenarios[:1]
	run.Definitions = []result.Definition{
		{Pattern: "^a basket$", File: "shop/steps.go", Line: 10},
		{Pattern: "^an apple$", File: "shop/steps.go", Line: 10},
		{Pattern: "^never used$", File: "shop/steps.go", Line: 20},
	}
	_, envs := writeMessages(t, run, nil)
	ids := map[string]string{} // pattern -> id
	var order []string
	for _, e := range envs {
		if d := e.StepDefinition; d != nil {
			ids[d.Pattern.Source] = d.Id
			order = append(order, d.Pattern.Source+" "+d.SourceReference.Uri)
		}
	}
	want := []string{"^a basket$ shop/steps.go", "^an apple$ shop/steps.go", "^never used$ shop/steps.go"}
	if !slices.Equal(order, want) {
		t.Fatalf("step definitions %q, want %q", order, want)
	}
	for _, e := range envs {
		if tc := e.TestCase; tc != nil {
			got := []string{tc.TestSteps[0].StepDefinitionIds[0], tc.TestSteps[1].StepDefinitionIds[0]}
			if !slices.Equal(got, []string{ids["^a basket$"], ids["^an apple$"]}) {
				t.Errorf("test steps name definitions %q, want those of their patterns %q", got, ids)
			}
			return
		}
	}
	t.Fatal("no test case in the stream")
}

// TestMessagesFileMetAgain: a run whose paths named a file around another
// (BDD_PATHS=basket.feature:7,escaping.feature,basket.feature:12) gives
// each file its source and document once, its pickles after them, every
// scenario a test case.
func TestMessagesFileMetAgain(t *testing.T) {
	run := messagesSample()
	run.Scenarios = append(append([]result.Scenario{run.Scenarios[0]}, run.Scenarios[2:]...), run.Scenarios[1])
	_, envs := writeMessages(t, run, report.FeatureFiles(basketDir(t)))
	var got []string
	var cases int
	for _, e := range envs {
		switch {
		case e.Source != nil:
			got = append(got, "source "+e.Source.Uri)
		case e.GherkinDocument != nil:
			got = append(got, "document "+e.GherkinDocument.Uri)
		case e.Pickle != nil:
			got = append(got, "pickle "+e.Pickle.Uri)
		case e.TestCase != nil:
			cases++
		}
	}
	want := []string{"source features/basket.feature", "document features/basket.feature",
		"pickle features/basket.feature", "pickle features/basket.feature",
		"pickle features/escaping.feature", "pickle features/escaping.feature", "pickle features/escaping.feature"}
	if !slices.Equal(got, want) {
		t.Errorf("sources, documents and pickles:\n%q\nwant\n%q", got, want)
	}
	if cases != len(run.Scenarios) {
		t.Errorf("%d test cases, want %d", cases, len(run.Scenarios))
	}
}
