package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/report/htmltest"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/sample"
	"github.com/mushbdd/mush/internal/view"
	"golang.org/x/net/html"
)

// testdata/reference.html.tmpl is the whole page as one html/template, as
// it was before fragments.go wrote the per-scenario parts by hand: the
// reference those parts must match byte for byte. A change to the page
// changes both.
var reference = template.Must(template.New("reference.html.tmpl").Funcs(funcs).Funcs(template.FuncMap{
	"inc": func(i int) int { return i + 1 },
	// seconds is data-duration, written here another way: as the float
	// time.Duration.Seconds gives, shortest decimal (exact below 10^6 s).
	"seconds": func(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) },
}).ParseFiles("testdata/reference.html.tmpl"))

// referenceView is what the reference template ranges over: the page's
// view with rows for the failures, the flaky scenarios, the table and the
// timeline's bars instead of their markup.
type referenceView struct {
	pageView
	Failures, Flaky, Rows []referenceRow
	Lanes                 []referenceLane
}

// referenceRow is a scenario with what the reference template shows of it
// beyond its fields.
type referenceRow struct {
	result.Scenario
	Label     string // status as shown
	Flaky     bool   // passed on a retry
	Tries     []result.Try
	TagsText  string // space separated, for the filter
	Rerun     string
	Stacks    bool // the error holds goroutine stacks or a stderr tail
	ErrorHead string
	ErrorRest string
}

func makeRow(s *result.Scenario, rerun string) referenceRow {
	r := referenceRow{Scenario: *s, Label: view.Label(s.Status), TagsText: strings.Join(s.Tags, " "), Flaky: s.Flaky(), Tries: s.Retries, Rerun: rerun}
	r.ErrorHead, r.ErrorRest, r.Stacks = foldStacks(*s)
	return r
}

type referenceLane struct {
	Label string
	Bars  []referenceBar
}

type referenceBar struct {
	referenceRow
	Left, Width float64
}

// writeReference writes the page of v with the reference template.
func writeReference(w io.Writer, v *view.View) error {
	rv := referenceView{pageView: build(v)}
	for i := range v.Run.Scenarios {
		rv.Rows = append(rv.Rows, makeRow(&v.Run.Scenarios[i], ""))
	}
	for _, f := range v.Failures {
		rv.Failures = append(rv.Failures, makeRow(f.Scenario, f.Rerun))
	}
	for _, s := range v.Flaky {
		rv.Flaky = append(rv.Flaky, makeRow(s, ""))
	}
	t := v.Timeline
	for _, l := range t.Lanes {
		lane := referenceLane{Label: t.Label(l)}
		for _, b := range l.Bars {
			lane.Bars = append(lane.Bars, referenceBar{referenceRow: makeRow(b.Scenario, ""),
				Left: pctOf(b.Offset, t.Length), Width: pctOf(b.Scenario.Duration, t.Length)})
		}
		rv.Lanes = append(rv.Lanes, lane)
	}
	return reference.Execute(w, rv)
}

// nasty is a run whose every field that reaches the page holds what must
// be escaped: markup, both quotes, '&', '+', NUL, non-ASCII and a byte that
// is not UTF-8; with a crash, a timeout, an undefined step, a flaky
// scenario, a retried failure, a scenario never started and merged shards.
func nasty() result.Run {
	const bad = "<script>alert(1)</script> \"'& a+b \x00 café \xff"
	run := sample.Run()
	run.Rerun = result.Start{Command: "go tool mage unitTests " + bad}
	run.Notes = append(run.Notes, bad)
	for i := range run.Scenarios {
		s := &run.Scenarios[i]
		s.Feature += " " + bad
		s.Name += " " + bad
		s.File = "features/" + bad + ".feature"
		s.Tags = append(s.Tags, "@"+bad)
		if s.Error != "" {
			s.Error = bad + "\n\n" + bad
		}
		if s.FailedStep != "" {
			s.FailedStep += " " + bad
		}
	}
	more := []result.Scenario{
		{Feature: bad, Name: "crash " + bad, File: "c.feature", Line: 1, Order: 5, Status: result.Crashed,
			Error: "crashed: " + bad + "\npanic: " + bad, Start: sample.T0, Duration: 1, Worker: 1, Attempt: 2},
		{Feature: bad, Name: "undefined " + bad, File: "c.feature", Line: 5, Order: 6, Status: result.Undefined,
			FailedStep: bad, FailedLine: 6, Snippet: "func " + bad + "() {}", Start: sample.T0, Duration: 3e9, Worker: 2, Attempt: 1},
		{Feature: bad, Name: "flaky " + bad, File: "c.feature", Line: 9, Order: 7, Status: result.Passed, Tags: []string{bad, bad},
			Retries: []result.Try{{Status: result.Failed, Error: bad, FailedStep: bad}, {Status: result.TimedOut}},
			Start:   sample.T0, Duration: 2e6, Worker: 2, Attempt: 1},
		{Feature: bad, Name: "retried " + bad, File: "c.feature", Line: 12, Order: 8, Status: result.Failed, Error: bad,
			Retries: []result.Try{{Status: result.Failed, Error: bad}}, Start: sample.T0, Duration: 700e3, Worker: 3, Attempt: 1},
	}
	run.Scenarios = append(run.Scenarios, more...)
	return run
}

// TestSameAsTemplate: the page with its hand-written parts is, byte for
// byte, the page the reference template writes.
func TestSameAsTemplate(t *testing.T) {
	sharded := sample.Run()
	for i := range sharded.Scenarios {
		sharded.Scenarios[i].Shard = fmt.Sprintf("%d/2", 1+i%2)
	}
	scale, _ := sample.Scale(3, 7, 3)
	for name, tc := range map[string]struct {
		run result.Run
		vo  view.Options
		o   *view.Coverage
	}{
		"sample":          {sample.Run(), view.Options{}, nil},
		"sample coverage": {sample.Run(), view.Options{}, withCoverage()},
		"nasty":           {nasty(), view.Options{}, withCoverage()},
		"nasty slowest 2": {nasty(), view.Options{Slowest: 2}, nil},
		"sharded":         {sharded, view.Options{}, nil},
		"scale":           {scale, view.Options{}, nil},
		"empty":           {result.Run{}, view.Options{}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			tc.vo.Coverage = tc.o
			v := view.New(tc.run, tc.vo)
			var want bytes.Buffer
			if err := writeReference(&want, v); err != nil {
				t.Fatal(err)
			}
			got := renderView(t, v)
			if !bytes.Equal(got, want.Bytes()) {
				i := 0
				for i < min(len(got), want.Len()) && got[i] == want.Bytes()[i] {
					i++
				}
				t.Errorf("the page differs from the reference template's at byte %d:\n got %q\nwant %q",
					i, got[max(i-80, 0):min(i+80, len(got))], want.Bytes()[max(i-80, 0):min(i+80, want.Len())])
			}
		})
	}
}

// TestFragmentsEscape: a name, feature, file, tag, step, error, snippet
// and rerun command holding markup and quotes show as text in every part
// written per scenario, and open no element.
func TestFragmentsEscape(t *testing.T) {
	const bad = `<script>alert(1)</script>"'&`
	run := result.Run{Workers: 1, Started: sample.T0, Wall: 3e9, Rerun: result.Start{Command: bad}, Scenarios: []result.Scenario{
		{Feature: bad, Name: bad, File: bad, Line: 1, Tags: []string{bad}, Status: result.Undefined,
			FailedStep: bad, FailedLine: 2, Error: bad, Snippet: bad, Start: sample.T0, Duration: 1e9, Worker: 1, Attempt: 1},
		{Feature: bad, Name: bad, File: bad, Line: 3, Order: 1, Tags: []string{bad}, Status: result.Passed,
			Retries: []result.Try{{Status: result.Failed, Error: bad, FailedStep: bad}}, Start: sample.T0.Add(1e9), Duration: 1e9, Worker: 1, Attempt: 1},
		{Feature: bad, Name: bad, File: bad, Line: 5, Order: 2, Status: result.Crashed,
			Error: bad + "\n" + bad, Start: sample.T0.Add(2e9), Duration: 1e9, Worker: 1, Attempt: 1},
	}}
	page := render(t, run, nil)
	p, err := htmltest.Parse(page)
	if err != nil {
		t.Fatal(err)
	}
	if p.Scripts != 1 {
		t.Errorf("%d <script> elements, want 1 (the page's own): a value was not escaped", p.Scripts)
	}
	for _, id := range []string{"failures", "flaky", "rows"} {
		if text := p.TextOf(id); strings.Count(text, bad) < 2 {
			t.Errorf("#%s does not show the values as text:\n%s", id, text)
		}
	}
	if p.Classes["div.bar"] != 3 || p.Classes["tr.row"] != 3 || p.Classes["article.failure"] != 3 {
		t.Errorf("elements %v: want 3 bars, 3 rows, 3 articles", p.Classes)
	}
	htmltest.Walk(p.Doc, func(n *html.Node) {
		for _, a := range n.Attr {
			switch a.Key {
			case "data-name", "data-feature", "data-file", "data-copy":
				if a.Val != bad && a.Val != view.RerunCommand(run.Rerun, run.Scenarios[0].Location()) && a.Val != view.RerunCommand(run.Rerun, run.Scenarios[2].Location()) {
					t.Errorf("%s=%q: the attribute does not hold the value", a.Key, a.Val)
				}
			case "title":
				if !strings.HasPrefix(a.Val, bad+" › "+bad+" (") {
					t.Errorf("title=%q: the attribute does not hold the names", a.Val)
				}
			}
		}
	})
	if bytes.Contains(page, []byte(`alert(1)</script>"`)) {
		t.Error("the page holds the value unescaped")
	}
}

// FuzzEscape: escape writes what html/template writes for a value in text
// and in a quoted attribute.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "plain", `<script>alert(1)</script>`, `"'&+`, "\x00", "café ☕", "\xff\xfe", "a&amp;b", "\ufdd0\uffff"} {
		f.Add(s)
	}
	tmpl := template.Must(template.New("").Parse(`{{.}}|<p title="{{.}}" data-x='{{.}}'>`))
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		escape(&b, s)
		e := b.String()
		if got := e + `|<p title="` + e + `" data-x='` + e + `'>`; got != want.String() {
			t.Errorf("escape(%q) = %q; html/template writes %q", s, got, want.String())
		}
	})
}

// BenchmarkPage compares the page of a 20,000-scenario run written with
// the per-scenario parts by hand ("writer") and as the reference template
// wrote it ("template").
func BenchmarkPage(b *testing.B) {
	run, _ := sample.Scale(100, 200, 8)
	v := view.New(run, view.Options{})
	for _, w := range []struct {
		name  string
		write func(io.Writer, *view.View) error
	}{{"writer", WriteHTML}, {"template", writeReference}} {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := w.write(io.Discard, v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
