package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/golden"
	"github.com/mushbdd/mush/internal/result"
)

// Decoding types, separate from the writer's so that the tests check the
// document, not the writer's structs.
type xSuites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Time     string   `xml:"time,attr"`
	Suites   []xSuite `xml:"testsuite"`
}

type xSuite struct {
	Name      string  `xml:"name,attr"`
	Tests     int     `xml:"tests,attr"`
	Failures  int     `xml:"failures,attr"`
	Errors    int     `xml:"errors,attr"`
	Skipped   int     `xml:"skipped,attr"`
	Time      string  `xml:"time,attr"`
	Timestamp string  `xml:"timestamp,attr"`
	File      string  `xml:"file,attr"`
	Cases     []xCase `xml:"testcase"`
}

type xCase struct {
	Name      string    `xml:"name,attr"`
	Classname string    `xml:"classname,attr"`
	File      string    `xml:"file,attr"`
	Line      int       `xml:"line,attr"`
	Time      string    `xml:"time,attr"`
	Failure   *xProblem `xml:"failure"`
	Error     *xProblem `xml:"error"`
	Skipped   *xProblem `xml:"skipped"`
	Flaky     []xRerun  `xml:"flakyFailure"`
	Reruns    []xRerun  `xml:"rerunFailure"`
	SystemOut string    `xml:"system-out"`
}

type xRerun struct {
	Message    string `xml:"message,attr"`
	Type       string `xml:"type,attr"`
	StackTrace string `xml:"stackTrace"`
}

type xProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

// decodeJUnit writes run and decodes it back, failing the test if the
// document is not well-formed XML 1.0 or its counts do not add up.
func decodeJUnit(t *testing.T, run result.Run) (xSuites, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, viewOf(run)); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	if !bytes.HasPrefix(out, []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n")) {
		t.Errorf("no XML header:\n%s", out)
	}
	// A strict token pass rejects characters outside XML 1.0's Char range.
	dec := xml.NewDecoder(bytes.NewReader(out))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("invalid XML: %v\n%s", err, out)
		}
	}
	var doc xSuites
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	checkCounts(t, doc)
	return doc, out
}

// checkCounts checks that every count attribute is what the testcases hold.
func checkCounts(t *testing.T, doc xSuites) {
	t.Helper()
	var all xSuite
	for _, s := range doc.Suites {
		var got xSuite
		names := map[string]bool{}
		for _, c := range s.Cases {
			got.Tests++
			if c.Failure != nil {
				got.Failures++
			}
			if c.Error != nil {
				got.Errors++
			}
			if c.Skipped != nil {
				got.Skipped++
			}
			if n := btoi(c.Failure != nil) + btoi(c.Error != nil) + btoi(c.Skipped != nil); n > 1 {
				t.Errorf("testcase %q has %d outcome elements", c.Name, n)
			}
			if names[c.Name] {
				t.Errorf("suite %q: duplicate testcase name %q", s.Name, c.Name)
			}
			names[c.Name] = true
		}
		if got.Tests != s.Tests || got.Failures != s.Failures || got.Errors != s.Errors || got.Skipped != s.Skipped {
			t.Errorf("suite %q counts tests=%d failures=%d errors=%d skipped=%d, testcases hold %d/%d/%d/%d",
				s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, got.Tests, got.Failures, got.Errors, got.Skipped)
		}
		all.Tests += got.Tests
		all.Failures += got.Failures
		all.Errors += got.Errors
		all.Skipped += got.Skipped
	}
	if all.Tests != doc.Tests || all.Failures != doc.Failures || all.Errors != doc.Errors || all.Skipped != doc.Skipped {
		t.Errorf("testsuites counts tests=%d failures=%d errors=%d skipped=%d, testcases hold %d/%d/%d/%d",
			doc.Tests, doc.Failures, doc.Errors, doc.Skipped, all.Tests, all.Failures, all.Errors, all.Skipped)
	}
}

func TestJUnitGolden(t *testing.T) {
	_, out := decodeJUnit(t, fixture())
	golden.Check(t, filepath.Join("testdata", "junit.golden.xml"), out)
}

func TestJUnitDocument(t *testing.T) {
	run := fixture()
	doc, _ := decodeJUnit(t, run)
	if doc.Name != "mush" || doc.Time != "2.345" {
		t.Errorf("testsuites name=%q time=%q, want mush and 2.345 (the run's wall time)", doc.Name, doc.Time)
	}
	// tests = all scenarios + the suite testcase; errors = undefined,
	// pending, ambiguous (as godog counts them), crashed, timed out and
	// the suite; failures = failed.
	if doc.Tests != 11 || doc.Failures != 1 || doc.Errors != 6 || doc.Skipped != 2 {
		t.Errorf("testsuites tests=%d failures=%d errors=%d skipped=%d, want 11/1/6/2", doc.Tests, doc.Failures, doc.Errors, doc.Skipped)
	}
	var names []string
	for _, s := range doc.Suites {
		names = append(names, s.Name+"|"+s.File+"|"+s.Timestamp+"|"+s.Time)
	}
	want := []string{
		"Basket|features/basket.feature|2025-03-14T09:26:53Z|0.442",
		"Checkout|features/checkout.feature|2025-03-14T09:26:54Z|31.751",
		"mush||2025-03-14T09:26:53Z|0.000",
	}
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("suites:\n%s\nwant:\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	var cases []string
	for _, c := range doc.Suites[0].Cases {
		cases = append(cases, c.Name)
	}
	if got, want := strings.Join(cases, "|"), "add apples|remove apples|weigh <fruit> #1|weigh <fruit> #2"; got != want {
		t.Errorf("basket testcases %q, want %q", got, want)
	}
	suite := doc.Suites[2].Cases[0]
	if suite.Name != "suite" || suite.Error == nil || suite.Error.Message != "suite teardown failed: database still locked" ||
		suite.Error.Body != run.Notes[0]+"\n" {
		t.Errorf("suite testcase = %+v", suite)
	}
}

func TestJUnitStatus(t *testing.T) {
	tests := []struct {
		name     string
		scenario result.Scenario
		want     string // "": passed; else element:type:message
		wantBody string // substring of the failure/error body, or of the skipped message
		wantOut  string // system-out
	}{
		{"passed", result.Scenario{Status: result.Passed, Steps: []result.Step{{Keyword: "Given ", Text: "x", Status: result.Passed}}},
			"", "", ""},
		{"failed", result.Scenario{Status: result.Failed, Error: "boom\ndetail", FailedStep: "Then x", FailedLine: 7,
			Steps: []result.Step{{Keyword: "Then ", Text: "x", Line: 7, Status: result.Failed}}},
			"failure:failed:boom", "Then x\nat a.feature:7\n\nboom\ndetail\n", "Then x - failed\n"},
		{"failed step taken from the steps", result.Scenario{Status: result.Failed, Error: "boom",
			Steps: []result.Step{{Keyword: "Given ", Text: "y", Line: 3, Status: result.Passed}, {Keyword: "When ", Text: "x", Line: 4, Status: result.Failed}}},
			"failure:failed:boom", "When x\nat a.feature:4\n\nboom\n", "Given y - passed\nWhen x - failed\n"},
		{"undefined with snippet", result.Scenario{Status: result.Undefined, Error: "undefined: I x", Snippet: "func x() error {\n}\n",
			Steps: []result.Step{{Keyword: "When", Text: "I x", Line: 4, Status: result.Undefined}}},
			"error:undefined:undefined: I x", "When I x\nat a.feature:4\n\nundefined: I x\n\nfunc x() error {\n}\n", "When I x - undefined\n"},
		{"pending without error", result.Scenario{Status: result.Pending},
			"error:pending:pending", "", ""},
		{"ambiguous", result.Scenario{Status: result.Ambiguous, Error: "two matches"},
			"error:ambiguous:two matches", "two matches\n", ""},
		{"unknown status fails", result.Scenario{Status: "exploded", Error: "?"},
			"failure:exploded:?", "?\n", ""},
		{"empty status fails", result.Scenario{},
			"failure:unknown:failed", "", ""},
		{"crashed", result.Scenario{Status: result.Crashed, Error: "panic: x", FailedStep: "When y", FailedLine: 9},
			"error:crashed:panic: x", "When y\nat a.feature:9\n\npanic: x\n", ""},
		{"timed out", result.Scenario{Status: result.TimedOut, Error: "  \nexceeded 5s\nstack"},
			"error:timed_out:exceeded 5s", "exceeded 5s\nstack\n", ""},
		{"indentation kept, blank lines dropped", result.Scenario{Status: result.Failed, Error: "\n \n\tat x\n  y\n\n"},
			"failure:failed:at x", "\tat x\n  y\n", ""},
		{"skipped with reason", result.Scenario{Status: result.Skipped, Error: "fail-fast\nmore"},
			"skipped::fail-fast", "", ""},
		{"skipped", result.Scenario{Status: result.Skipped},
			"skipped::skipped", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.scenario
			s.Feature, s.Name, s.File, s.Line = "A", "case", "a.feature", 2
			doc, _ := decodeJUnit(t, result.Run{Scenarios: []result.Scenario{s}})
			c := doc.Suites[0].Cases[0]
			var got, body string
			switch {
			case c.Failure != nil:
				got, body = "failure:"+c.Failure.Type+":"+c.Failure.Message, c.Failure.Body
			case c.Error != nil:
				got, body = "error:"+c.Error.Type+":"+c.Error.Message, c.Error.Body
			case c.Skipped != nil:
				got = "skipped:" + c.Skipped.Type + ":" + c.Skipped.Message
			}
			if got != tt.want || body != tt.wantBody || c.SystemOut != tt.wantOut {
				t.Errorf("got %q\nbody %q\nsystem-out %q\nwant %q\nbody %q\nsystem-out %q", got, body, c.SystemOut, tt.want, tt.wantBody, tt.wantOut)
			}
			if c.Classname != "a.feature" || c.File != "a.feature" || c.Line != 2 || c.Name != "case" {
				t.Errorf("testcase attributes %+v", c)
			}
		})
	}
}

// TestJUnitRetries checks Maven Surefire's convention for retried tests:
// a scenario that passed on a retry keeps its testcase, passed, with one
// <flakyFailure> per failed try; one that failed every try has its
// <failure> (the last try) and one <rerunFailure> per earlier try.
func TestJUnitRetries(t *testing.T) {
	tries := []result.Try{
		{Status: result.Failed, Error: "first\ndetail", FailedStep: "When x", FailedLine: 4},
		{Status: result.Failed, Error: "second"},
	}
	flaky := result.Scenario{Feature: "A", Name: "flaky", File: "a.feature", Line: 2, Status: result.Passed, Retries: tries}
	broken := result.Scenario{Feature: "A", Name: "broken", File: "a.feature", Line: 9, Order: 1, Status: result.Failed,
		Error: "third", Retries: tries[:1]}
	doc, _ := decodeJUnit(t, result.Run{Scenarios: []result.Scenario{flaky, broken}})
	if doc.Tests != 2 || doc.Failures != 1 {
		t.Fatalf("tests=%d failures=%d, want 2 and 1 (a flaky scenario passed)", doc.Tests, doc.Failures)
	}
	f, b := doc.Suites[0].Cases[0], doc.Suites[0].Cases[1]
	got := func(rs []xRerun) string {
		var s []string
		for _, r := range rs {
			s = append(s, r.Type+":"+r.Message+":"+r.StackTrace)
		}
		return strings.Join(s, "|")
	}
	if f.Failure != nil || len(f.Reruns) != 0 || got(f.Flaky) != "failed:first:When x\nat a.feature:4\n\nfirst\ndetail\n|failed:second:second\n" {
		t.Errorf("flaky testcase: failure %v reruns %v flaky %q", f.Failure, f.Reruns, got(f.Flaky))
	}
	if b.Failure == nil || b.Failure.Message != "third" || len(b.Flaky) != 0 || got(b.Reruns) != "failed:first:When x\nat a.feature:4\n\nfirst\ndetail\n" {
		t.Errorf("broken testcase: failure %v flaky %v reruns %q", b.Failure, b.Flaky, got(b.Reruns))
	}
}

func TestJUnitCaseNames(t *testing.T) {
	tests := []struct {
		name  string
		cases []string // scenario names, at lines 1, 2, ...
		want  string
	}{
		{"unique", []string{"a", "b"}, "a|b"},
		{"duplicates are numbered as godog numbers outline rows", []string{"a", "b", "a", "a"}, "a #1|b|a #2|a #3"},
		{"empty names", []string{"", ""}, " #1| #2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var run result.Run
			for i, n := range tt.cases {
				run.Scenarios = append(run.Scenarios, result.Scenario{Name: n, File: "f.feature", Line: i + 1, Order: i, Status: result.Passed})
			}
			doc, _ := decodeJUnit(t, run)
			var got []string
			for _, c := range doc.Suites[0].Cases {
				got = append(got, c.Name)
			}
			if strings.Join(got, "|") != tt.want {
				t.Errorf("names %q, want %q", strings.Join(got, "|"), tt.want)
			}
		})
	}
}

func TestJUnitRun(t *testing.T) {
	tests := []struct {
		name string
		run  result.Run
		want string // name tests failures errors skipped time, then suite names
	}{
		{"empty", result.Run{}, "mush 0 0 0 0 0.000"},
		{"named after the shard", result.Run{Shard: "2\x01/4"}, "mush shard 2/4 0 0 0 0 0.000"},
		{"notes without failure stay out", result.Run{Notes: []string{"fail-fast stop"}}, "mush 0 0 0 0 0.000"},
		{"failed without notes", result.Run{Failed: true}, "mush 1 0 1 0 0.000 mush"},
		{"failed with an empty note", result.Run{Failed: true, Notes: []string{""}}, "mush 1 0 1 0 0.000 mush"},
		{"time falls back to the summed durations", result.Run{Scenarios: []result.Scenario{
			{Feature: "F", File: "f", Status: result.Passed, Duration: 1500 * time.Millisecond},
			{File: "g", Status: result.Passed, Duration: -time.Second, Start: t0, Order: 1},
		}}, "mush 2 0 0 0 1.500 F g"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _ := decodeJUnit(t, tt.run)
			got := strings.Join([]string{doc.Name, itoa(doc.Tests), itoa(doc.Failures), itoa(doc.Errors), itoa(doc.Skipped), doc.Time}, " ")
			for _, s := range doc.Suites {
				got += " " + s.Name
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tt.run.Failed {
				c := doc.Suites[len(doc.Suites)-1].Cases[0]
				if c.Name != "suite" || c.Error == nil || c.Error.Message != "suite failed" || c.Error.Type != "suite" {
					t.Errorf("suite testcase %+v", c)
				}
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestJUnitInvalidCharacters(t *testing.T) {
	bad := "a\x00b\x1fc\x7f\xff\xfe\ud7ff\ufffd\ufffe\uffff\U0001F600\t\r\n\x1b[1;31mred\x1b[0m]]>"
	run := result.Run{Failed: true, Notes: []string{bad}, Scenarios: []result.Scenario{{
		Feature: bad, Name: bad, File: bad, Status: result.Failed, Error: bad, FailedStep: bad, Snippet: bad,
		Steps: []result.Step{{Keyword: bad, Text: bad, Status: result.Failed}},
	}}}
	run.Shard = bad
	doc, out := decodeJUnit(t, run)
	want := "abc\x7f\ud7ff\ufffd\U0001F600\t\r\nred]]>"
	c := doc.Suites[0].Cases[0]
	if doc.Name != "mush shard "+want {
		t.Errorf("testsuites name %q, want %q", doc.Name, "mush shard "+want)
	}
	for _, got := range []string{doc.Suites[0].Name, doc.Suites[0].File, c.Classname, c.File} {
		if got != want {
			t.Errorf("attribute %q, want %q", got, want)
		}
	}
	// XML parsers turn "\r\n" in text into "\n".
	text := strings.ReplaceAll(want, "\r\n", "\n")
	if !strings.Contains(c.Failure.Body, text) || !strings.Contains(c.SystemOut, text) {
		t.Errorf("text not cleaned: body %q system-out %q", c.Failure.Body, c.SystemOut)
	}
	if bytes.Contains(out, []byte{0x1b}) || bytes.Contains(out, []byte{0}) {
		t.Errorf("output still holds control characters:\n%q", out)
	}
}

func TestWriteJUnitWriteError(t *testing.T) {
	err := WriteJUnit(failWriter{}, viewOf(fixture()))
	if !errors.Is(err, errDisk) || !strings.HasPrefix(err.Error(), "report: write junit: ") {
		t.Errorf("err = %v, want the writer's error wrapped", err)
	}
}

func TestClean(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain", "Then the basket holds 2 apples", "Then the basket holds 2 apples"},
		{"tab newline return kept", "a\tb\nc\rd", "a\tb\nc\rd"},
		{"C0 controls removed", "a\x00\x01\x08\x0b\x0c\x0e\x1fb", "ab"},
		{"DEL and C1 are valid XML", "a\x7f\u0085b", "a\x7f\u0085b"},
		{"invalid UTF-8 removed", "a\xffb\xc3c\xed\xa0\x80d", "abcd"},
		{"replacement character kept", "a\ufffdb", "a\ufffdb"},
		{"non-characters removed", "a\ufffeb\uffffc", "abc"},
		{"BMP edges", "\ud7ff\ue000", "\ud7ff\ue000"},
		{"astral kept", "\U00010000\U0010FFFF", "\U00010000\U0010FFFF"},
		{"colour codes removed whole", "\x1b[1;31mred\x1b[0m and \x1b[?25lcursor", "red and cursor"},
		{"lone escape removed", "a\x1bb", "ab"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clean(tt.in); got != tt.want {
				t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
