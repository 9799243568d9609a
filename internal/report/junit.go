package report

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

type junitSuites struct {
	XMLName xml.Name `xml:"testsuites"`
	junitTotals
	Suites []junitSuite `xml:"testsuite"`
}

// junitTotals are the attributes <testsuites> and <testsuite> share.
type junitTotals struct {
	Name     string `xml:"name,attr"`
	Tests    int    `xml:"tests,attr"`
	Failures int    `xml:"failures,attr"`
	Errors   int    `xml:"errors,attr"`
	Skipped  int    `xml:"skipped,attr"`
	Time     string `xml:"time,attr"`
}

type junitSuite struct {
	junitTotals
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	File      string      `xml:"file,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	// Reruns are the failed tries of a retried scenario (BDD_RETRY), as
	// Maven Surefire writes them: <flakyFailure> when it passed in the end,
	// <rerunFailure> when its last try failed too.
	Flaky     []junitRerun  `xml:"flakyFailure,omitempty"`
	Reruns    []junitRerun  `xml:"rerunFailure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

// junitText is element text written as CDATA, so that error messages and
// stack traces keep their line breaks readable in the file.
type junitText struct {
	Text string `xml:",cdata"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

type junitRerun struct {
	Message    string     `xml:"message,attr"`
	Type       string     `xml:"type,attr"`
	StackTrace *junitText `xml:"stackTrace,omitempty"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// WriteJUnit writes the run as one JUnit XML document, <testsuites> named
// "mush" ("mush shard 2/4" after the shard that ran): one <testsuite>
// per feature file, in the order of the file's first scenario, and one
// <testcase> per scenario, named as godog's junit formatter names it (a
// name the suite holds more than once gets " #1", " #2", ... in file
// order). A failed scenario gets a <failure>; an undefined, pending or
// ambiguous one an <error> typed with its status, as godog writes them,
// and so does a crashed or timed-out one. The failed tries of a retried
// scenario follow as <flakyFailure> (it passed in the end) or
// <rerunFailure> (it failed every time) elements. A run-level failure
// (run.Failed) adds a testsuite "mush" whose testcase "suite" carries
// run.Notes in an <error>. Characters that XML 1.0 does not allow are
// removed from every attribute and text.
func WriteJUnit(w io.Writer, v *view.View) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	err := enc.Encode(buildJUnit(&v.Run))
	buf.WriteByte('\n')
	if err == nil {
		_, err = w.Write(buf.Bytes())
	}
	if err != nil {
		return fmt.Errorf("report: write junit: %w", err)
	}
	return nil
}

func buildJUnit(run *result.Run) junitSuites {
	doc := junitSuites{junitTotals: junitTotals{Name: "mush"}}
	if run.Shard != "" {
		doc.Name = clean(doc.Name + " shard " + run.Shard)
	}
	var busy time.Duration
	for _, group := range view.ByFile(run.Scenarios) {
		suite, d := buildSuite(group)
		doc.add(suite)
		busy += d
	}
	if run.Failed {
		doc.add(suiteFailure(run))
	}
	doc.Time = formatSeconds(cmp.Or(run.Wall, busy))
	return doc
}

func (doc *junitSuites) add(s junitSuite) {
	doc.Tests += s.Tests
	doc.Failures += s.Failures
	doc.Errors += s.Errors
	doc.Skipped += s.Skipped
	doc.Suites = append(doc.Suites, s)
}

// buildSuite makes the testsuite of one feature file and returns it with the
// summed duration of its scenarios.
func buildSuite(group []result.Scenario) (junitSuite, time.Duration) {
	first := group[0]
	suite := junitSuite{junitTotals: junitTotals{Name: clean(cmp.Or(first.Feature, first.File))}, File: clean(first.File)}
	var total time.Duration
	var earliest time.Time
	count, seen := map[string]int{}, map[string]int{}
	for _, s := range group {
		count[clean(s.Name)]++
	}
	for _, s := range group {
		// Named as godog's junit formatter names it: " #N" appended to a
		// name the file holds more than once, N counting from 1.
		name := clean(s.Name)
		if count[name] > 1 {
			seen[name]++
			name += " #" + strconv.Itoa(seen[name])
		}
		tc := buildCase(s, name)
		suite.Tests++
		switch {
		case tc.Error != nil:
			suite.Errors++
		case tc.Failure != nil:
			suite.Failures++
		case tc.Skipped != nil:
			suite.Skipped++
		}
		total += max(s.Duration, 0)
		if !s.Start.IsZero() && (earliest.IsZero() || s.Start.Before(earliest)) {
			earliest = s.Start
		}
		suite.Cases = append(suite.Cases, tc)
	}
	suite.Time = formatSeconds(total)
	suite.Timestamp = formatTimestamp(earliest)
	return suite, total
}

func buildCase(s result.Scenario, name string) junitCase {
	tc := junitCase{
		Name:      name,
		Classname: clean(s.File),
		File:      clean(s.File),
		Line:      s.Line,
		Time:      formatSeconds(s.Duration),
	}
	switch s.Status {
	case result.Passed:
	case result.Skipped:
		tc.Skipped = &junitSkipped{Message: clean(cmp.Or(result.FirstLine(s.Error), "skipped"))}
	case result.Undefined, result.Pending, result.Ambiguous, result.Crashed, result.TimedOut:
		tc.Error = problem(s)
	default:
		tc.Failure = problem(s)
	}
	tc.SystemOut = systemOut(s)
	reruns := &tc.Reruns
	if s.Status == result.Passed {
		reruns = &tc.Flaky
	}
	for _, t := range s.Retries {
		try := s
		try.Status, try.Error, try.FailedStep, try.FailedLine = t.Status, t.Error, t.FailedStep, t.FailedLine
		try.Steps, try.Snippet = nil, ""
		p := problem(try)
		r := junitRerun{Message: p.Message, Type: p.Type}
		if p.Body != "" {
			r.StackTrace = &junitText{Text: p.Body}
		}
		*reruns = append(*reruns, r)
	}
	return tc
}

func problem(s result.Scenario) *junitProblem {
	return &junitProblem{
		Message: clean(cmp.Or(result.FirstLine(s.Error), string(s.Status), "failed")),
		Type:    clean(cmp.Or(string(s.Status), "unknown")),
		Body:    clean(problemBody(s)),
	}
}

// problemBody is the failed step and where it is, the full error and the
// snippet, as paragraphs.
func problemBody(s result.Scenario) string {
	step, line := s.FailedStep, s.FailedLine
	if step == "" {
		for _, st := range s.Steps {
			if st.Status.IsFailure() {
				step, line = stepText(st), st.Line
				break
			}
		}
	}
	var where []string
	if step != "" {
		where = append(where, step)
	}
	if line > 0 {
		where = append(where, "at "+result.Loc{File: s.File, Line: line}.String())
	}
	var parts []string
	for _, p := range []string{strings.Join(where, "\n"), s.Error, s.Snippet, view.AloneNote(s)} {
		if p = trimBlank(p); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "\n\n") + "\n"
}

// trimBlank removes trailing white space and leading blank lines, keeping
// the indentation of the first line that has text.
func trimBlank(s string) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	text := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsSpace(r) })
	return s[strings.LastIndexByte(s[:max(text, 0)], '\n')+1:]
}

// systemOut is, for a failed scenario, one "Keyword text - status" line
// per step, then what the scenario logged (godog.Log) after a line
// "logs:"; nil when that is nothing.
func systemOut(s result.Scenario) *junitText {
	var b strings.Builder
	if s.Status.IsFailure() {
		for _, st := range s.Steps {
			b.WriteString(stepText(st) + " - " + string(st.Status) + "\n")
		}
	}
	if len(s.Logs) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("logs:\n" + result.LogLines(s.Logs))
	}
	if b.Len() == 0 {
		return nil
	}
	return &junitText{Text: clean(b.String())}
}

func stepText(st result.Step) string {
	return strings.TrimSpace(strings.TrimSpace(st.Keyword) + " " + st.Text)
}

func formatSeconds(d time.Duration) string {
	return strconv.FormatFloat(max(d, 0).Seconds(), 'f', 3, 64)
}

func formatTimestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// suiteFailure is the testsuite that reports a failure outside any scenario.
func suiteFailure(run *result.Run) junitSuite {
	msg := "suite failed"
	if len(run.Notes) > 0 {
		msg = cmp.Or(result.FirstLine(run.Notes[0]), msg)
	}
	body := strings.Join(run.Notes, "\n")
	if body != "" {
		body += "\n"
	}
	return junitSuite{
		junitTotals: junitTotals{Name: "mush", Tests: 1, Errors: 1, Time: formatSeconds(0)},
		Timestamp:   formatTimestamp(run.Started),
		Cases: []junitCase{{
			Name:      "suite",
			Classname: "mush",
			Time:      formatSeconds(0),
			Error:     &junitProblem{Message: clean(msg), Type: "suite", Body: clean(body)},
		}},
	}
}

// ansiEscape matches terminal colour and cursor sequences, which step errors
// sometimes carry; removing only their ESC byte would leave "[31m" behind.
var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;?]*[ -/]*[@-~]")

// clean removes from s what XML 1.0 cannot carry: invalid UTF-8 and the
// characters outside its Char production (control characters other than
// tab, newline and carriage return, surrogates, U+FFFE and U+FFFF). Terminal
// escape sequences go as a whole.
func clean(s string) string {
	if strings.IndexByte(s, 0x1b) >= 0 {
		s = ansiEscape.ReplaceAllString(s, "")
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r != utf8.RuneError || size > 1) && isXMLChar(r) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isXMLChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	}
	return r >= 0x10000 && r <= utf8.MaxRune
}
