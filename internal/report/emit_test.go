package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/result"
)

// TestEmitAsEncodingJSON: every kind of envelope is written as
// encoding/json writes the whole Envelope, byte for byte, whichever field
// it holds, empty or not, by hand (appendAttempt) or not; and
// envelopeMessage names every message of the Envelope (one it does not
// handle would be written by the slow path, encoding/json over the whole
// Envelope).
func TestEmitAsEncodingJSON(t *testing.T) {
	envelope := reflect.TypeFor[messages.Envelope]()
	var envs []*messages.Envelope
	for i := range envelope.NumField() {
		e := &messages.Envelope{}
		f := reflect.ValueOf(e).Elem().Field(i)
		f.Set(reflect.New(f.Type().Elem()))
		tag, _, _ := strings.Cut(envelope.Field(i).Tag.Get("json"), ",")
		if name, msg := envelopeMessage(e); name != tag || msg != f.Interface() {
			t.Errorf("field %s: envelopeMessage gives %q, %T, want %q and the field's message", envelope.Field(i).Name, name, msg, tag)
		}
		envs = append(envs, e)
	}
	at := &messages.Timestamp{Seconds: 3, Nanos: 4}
	envs = append(envs,
		// characters encoding/json would escape as HTML, or escapes
		&messages.Envelope{TestStepFinished: &messages.TestStepFinished{TestCaseStartedId: "1", TestStepId: "<2>",
			TestStepResult: stepResult("failed", "a & b", 1500), Timestamp: at}},
		&messages.Envelope{TestStepFinished: &messages.TestStepFinished{TestCaseStartedId: "1", TestStepId: "2",
			TestStepResult: stepResult("passed", "", 1500), Timestamp: at}},
		&messages.Envelope{TestStepFinished: &messages.TestStepFinished{TestCaseStartedId: "1", TestStepId: "2\"",
			TestStepResult: stepResult("skipped", "", 0), Timestamp: at}},
		&messages.Envelope{TestStepStarted: &messages.TestStepStarted{TestCaseStartedId: "7", TestStepId: "8", Timestamp: at}},
		&messages.Envelope{TestStepStarted: &messages.TestStepStarted{TestCaseStartedId: "7", TestStepId: "é\n"}},
		&messages.Envelope{TestCaseStarted: &messages.TestCaseStarted{Attempt: 2, Id: "9", TestCaseId: "3", WorkerId: "1/2:4", Timestamp: at}},
		&messages.Envelope{TestCaseStarted: &messages.TestCaseStarted{Id: "9", TestCaseId: "3", Timestamp: at}},
		&messages.Envelope{TestCaseStarted: &messages.TestCaseStarted{Id: "9", TestCaseId: "3", WorkerId: "a\\b"}},
		&messages.Envelope{TestCaseFinished: &messages.TestCaseFinished{TestCaseStartedId: "9", Timestamp: at, WillBeRetried: true}},
		&messages.Envelope{TestCaseFinished: &messages.TestCaseFinished{TestCaseStartedId: "\t"}},
	)
	for _, e := range envs {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(e); err != nil {
			t.Fatal(err)
		}
		m := &messageWriter{bw: bufio.NewWriter(&got)}
		m.enc = json.NewEncoder(&m.body)
		m.enc.SetEscapeHTML(false)
		m.emit(e)
		if err := m.bw.Flush(); err != nil || m.err != nil {
			t.Fatal(err, m.err)
		}
		if got.String() != want.String() {
			t.Errorf("emit wrote\n%s\nencoding/json\n%s", got.String(), want.String())
		}
	}
}

// TestFinalStepsCopiesOnlyToChange: a crashed scenario's last try shows
// its first unpassed step failed, in a copy that leaves the record as it
// was; any other scenario's steps are the record's own, not copied.
func TestFinalStepsCopiesOnlyToChange(t *testing.T) {
	s := &result.Scenario{Status: result.Crashed, Error: "boom", Steps: []result.Step{{Status: result.Passed}, {Status: result.Skipped}}}
	steps, _, hook := finalSteps(s)
	if hook || steps[1].Status != result.Crashed || steps[1].Error != "boom" || s.Steps[1].Status != result.Skipped {
		t.Errorf("crashed: steps %+v, hook %v, record %+v", steps, hook, s.Steps)
	}
	s.Status = result.Passed
	if steps, _, _ := finalSteps(s); &steps[0] != &s.Steps[0] {
		t.Error("passed: the steps were copied")
	}
}
