package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/result"
)

// TestEmitAsEncodingJSON: every kind of envelope is written as
// encoding/json writes the whole Envelope, byte for byte, whichever field
// it holds (those emit names itself and any other).
func TestEmitAsEncodingJSON(t *testing.T) {
	fields := reflect.TypeFor[messages.Envelope]().NumField()
	for i := range fields {
		e := &messages.Envelope{}
		f := reflect.ValueOf(e).Elem().Field(i)
		f.Set(reflect.New(f.Type().Elem()))
		if i == 0 { // one with content, and a character encoding/json would escape as HTML
			e = &messages.Envelope{TestStepFinished: &messages.TestStepFinished{TestCaseStartedId: "1", TestStepId: "<2>",
				TestStepResult: stepResult("failed", "a & b", 1500), Timestamp: &messages.Timestamp{Seconds: 3, Nanos: 4}}}
		}
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
			t.Errorf("field %s: emit wrote\n%s\nencoding/json\n%s", reflect.TypeFor[messages.Envelope]().Field(i).Name, got.String(), want.String())
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
