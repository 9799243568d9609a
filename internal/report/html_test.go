package report

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/coverage"
	"github.com/mushbdd/mush/internal/golden"
	"github.com/mushbdd/mush/internal/report/htmltest"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/sample"
	"github.com/mushbdd/mush/internal/view"
	"golang.org/x/net/html"
)

func render(t *testing.T, run result.Run, c *view.Coverage) []byte {
	t.Helper()
	return renderView(t, view.New(run, view.Options{Coverage: c}))
}

func renderView(t *testing.T, v *view.View) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func parse(t *testing.T, run result.Run, o *view.Coverage) htmltest.Page {
	t.Helper()
	p, err := htmltest.Parse(render(t, run, o))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func withCoverage() *view.Coverage {
	return &view.Coverage{
		Report: coverage.Report{
			Total:     coverage.Stats{Statements: 200, Covered: 190},
			Threshold: 97,
			Packages: []coverage.PackageStats{
				{Package: "example.com/m/a", Stats: coverage.Stats{Statements: 150, Covered: 149}},
				{Package: "example.com/m/b", Stats: coverage.Stats{Statements: 50, Covered: 41}},
			},
		},
		HTML: "../coverage/coverage.html",
	}
}

// TestGolden checks the markup; the inline style and script are their own
// source files, so the golden file names them instead of repeating them.
func TestHTMLGolden(t *testing.T) {
	page := render(t, sample.Run(), withCoverage())
	page = bytes.Replace(page, []byte(styleText), []byte("/* style.css */"), 1)
	page = bytes.Replace(page, []byte(scriptText), []byte("/* script.js */"), 1)
	golden.Check(t, "testdata/index.golden.html", page)
}

func TestSelfContained(t *testing.T) {
	for name, o := range map[string]*view.Coverage{"plain": nil, "coverage": withCoverage()} {
		t.Run(name, func(t *testing.T) {
			page := render(t, sample.Run(), o)
			p, err := htmltest.Parse(page)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.External) > 0 {
				t.Errorf("the page reaches outside the file: %q", p.External)
			}
			for _, bad := range []string{"http://", "https://", "@import", "url("} {
				if bytes.Contains(page, []byte(bad)) {
					t.Errorf("page contains %q", bad)
				}
			}
		})
	}
}

func TestEscapes(t *testing.T) {
	p := parse(t, sample.Run(), nil)
	if p.Scripts != 1 {
		t.Errorf("%d <script> elements, want 1 (the page's own): a name was not escaped", p.Scripts)
	}
	if rows := p.TextOf("rows"); !strings.Contains(rows, "<script>alert(1)</script>") {
		t.Errorf("the scenario name is not shown as text; table text:\n%s", rows)
	}
	if !strings.Contains(p.TextOf("failures"), "expected 2 apples, got 3 & <none>") {
		t.Error("the error is not shown as text")
	}
}

// TestContent checks what a reader looks for, on the parsed page: the
// counts, the failures first with their rerun command, a row per scenario,
// a lane per worker and a bar per scenario that ran.
func TestContent(t *testing.T) {
	p := parse(t, sample.Run(), withCoverage())
	for id, want := range map[string]string{
		"count-passed": "2passed", "count-failed": "1failed", "count-timed_out": "1timed out",
		"count-skipped": "1skipped", "closing": "2 passed, 2 failed, 1 skipped",
	} {
		if got := p.TextOf(id); got != want {
			t.Errorf("#%s = %q, want %q", id, got, want)
		}
	}
	if len(p.Sections) < 2 || p.Sections[0] != "notes" || p.Sections[1] != "failures" {
		t.Errorf("sections %v: the failures come first, after the run's notes", p.Sections)
	}
	if len(p.Failures) != 2 || !strings.Contains(p.Failures[0], "Basket › weigh fruit") {
		t.Errorf("failures %q", p.Failures)
	}
	for key, want := range map[string]int{
		"article.failure": 2, "tr.row": 5, "div.lane": 2, "div.bar": 4, "div.span": 4, "button.copy": 2, "tr.below": 1,
	} {
		if p.Classes[key] != want {
			t.Errorf("%d %s, want %d", p.Classes[key], key, want)
		}
	}
	failures := p.TextOf("failures")
	for _, want := range []string{
		"features/basket.feature:12", "Then the basket holds 2 apples", "features/basket.feature:15",
		"BDD_PATHS=features/basket.feature:12 go tool mage unitTests", "goroutine 7 [select]",
	} {
		if !strings.Contains(failures, want) {
			t.Errorf("failures section lacks %q", want)
		}
	}
	if cov := p.TextOf("coverage"); !strings.Contains(cov, "coverage: 95.0% of statements (threshold 97.0%)") {
		t.Errorf("coverage section lacks the gate line:\n%s", cov)
	}
}

// TestFlaky: a scenario that passed only on a retry is counted, badged in
// the table, and listed with the errors of its failed tries.
func TestFlaky(t *testing.T) {
	run := sample.Run()
	run.Scenarios[0].Retries = []result.Try{{Status: result.Failed, Error: "connection reset", FailedStep: "When I add 2 apples"}}
	p := parse(t, run, nil)
	if got := p.TextOf("count-flaky"); got != "1flaky" {
		t.Errorf("#count-flaky = %q", got)
	}
	flaky := p.TextOf("flaky")
	for _, want := range []string{"Basket › add apples", "passed on try 2", "try 1: failed at When I add 2 apples", "connection reset"} {
		if !strings.Contains(flaky, want) {
			t.Errorf("flaky section lacks %q:\n%s", want, flaky)
		}
	}
	if p.Classes["span.s-flaky"] != 2 || p.Sections[2] != "flaky" {
		t.Errorf("%d flaky badges, sections %v", p.Classes["span.s-flaky"], p.Sections)
	}
}

func TestFoldStacks(t *testing.T) {
	for _, tc := range []struct {
		status     result.Status
		err        string
		head, rest string
	}{
		{result.Failed, "expected 2\n\ngot 3", "expected 2\n\ngot 3", ""},
		{result.Failed, "panic in a hook after the steps: boom\n\ngoroutine 1", "panic in a hook after the steps: boom", "goroutine 1"},
		{result.TimedOut, "timed out\n\ngoroutine 7", "timed out", "goroutine 7"},
		{result.Crashed, "crashed: exit 2; its last stderr lines:\npanic: boom\ngoroutine 1", "crashed: exit 2; its last stderr lines:", "panic: boom\ngoroutine 1"},
		{result.Crashed, "crashed", "crashed", ""},
	} {
		head, rest, folded := foldStacks(result.Scenario{Status: tc.status, Error: tc.err})
		if head != tc.head || rest != tc.rest || folded != (tc.rest != "") {
			t.Errorf("foldStacks(%s, %q) = %q, %q, %v", tc.status, tc.err, head, rest, folded)
		}
	}
}

func TestEmptyRun(t *testing.T) {
	if p := parse(t, result.Run{}, nil); p.TextOf("closing") != "0 passed, 0 failed" {
		t.Error("an empty run still shows its counts")
	}
}

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		length string
		step   string
	}{{"3ms", "1ms"}, {"95ms", "10ms"}, {"1.5s", "200ms"}, {"42s", "5s"}, {"9m", "1m0s"}, {"20h", "1h0m0s"}} {
		d, _ := time.ParseDuration(tc.length)
		if got := tickStep(d).String(); got != tc.step {
			t.Errorf("tickStep(%s) = %s, want %s", tc.length, got, tc.step)
		}
	}
	if got := tickLabel(90e9, 30e9) + " " + tickLabel(120e9, time.Minute); got != "90s 2m0s" {
		t.Errorf("tickLabel = %q", got)
	}
	if got := secs(1500e6) + " " + secs(400e3); got != "1.50s <1ms" {
		t.Errorf("secs = %q", got)
	}
}

// TestSeconds: data-duration is the duration in seconds, exactly, in
// digits and a decimal point whatever the locale: no exponent, no digit
// grouping, no rounding.
func TestSeconds(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0"},
		{1, "0.000000001"},
		{400 * time.Microsecond, "0.0004"},
		{60 * time.Millisecond, "0.06"},
		{1500 * time.Millisecond, "1.5"},
		{90 * time.Second, "90"},
		{1234*time.Second + 500*time.Millisecond, "1234.5"},
		{1234567*time.Second + 1, "1234567.000000001"},
		{math.MaxInt64, "9223372036.854775807"},
		{-1500 * time.Millisecond, "-1.5"},
		{math.MinInt64, "-9223372036.854775808"},
	} {
		if got := string(appendSeconds(nil, tc.d)); got != tc.want {
			t.Errorf("appendSeconds(%d) = %q, want %q", int64(tc.d), got, tc.want)
		}
	}
}

// TestSortData: each row carries what the script sorts by, exact: the
// file and the line apart, the duration in seconds (data-duration), the
// worker; and the status heading the statuses in the order they sort, the
// failures first and passed last.
func TestSortData(t *testing.T) {
	run := sample.Run()
	for i, d := range []time.Duration{400 * time.Microsecond, 1, 1234*time.Second + 5e8} {
		run.Scenarios[i].Duration = d
	}
	p := parse(t, run, nil)
	var got []string
	htmltest.Walk(p.Doc, func(n *html.Node) {
		if n.Data != "tr" || !strings.Contains(attr(n, "class"), "row") {
			return
		}
		got = append(got, attr(n, "data-file")+":"+attr(n, "data-line")+" "+attr(n, "data-duration")+"s worker "+attr(n, "data-worker"))
	})
	want := []string{
		"features/basket.feature:7 0.0004s worker 1",
		"features/basket.feature:12 0.000000001s worker 2",
		"features/escaping.feature:3 1234.5s worker 2",
		"features/escaping.feature:7 1.1s worker 1",
		"features/escaping.feature:11 0s worker 0",
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows' sort data:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range run.Scenarios {
		d, err := time.ParseDuration(string(appendSeconds(nil, s.Duration)) + "s")
		if err != nil || d != s.Duration {
			t.Errorf("data-duration of %v reads back as %v (%v)", s.Duration, d, err)
		}
	}
	const order = "failed undefined pending ambiguous crashed timed_out skipped passed"
	var heading string
	htmltest.Walk(p.IDs["rows"], func(n *html.Node) {
		if n.Data == "th" && attr(n, "data-order") != "" {
			heading = htmltest.Text(n) + ": " + attr(n, "data-order")
		}
	})
	if heading != "status: "+order {
		t.Errorf("status heading %q, want %q", heading, "status: "+order)
	}
	if n := len(strings.Fields(order)); n != len(view.Statuses) {
		t.Errorf("the sort order has %d statuses, the counts %d", n, len(view.Statuses))
	}
}

// attr is n's attribute key, "" when it has none.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// Under mush.Test a failed scenario reruns with go test, not BDD_PATHS:
// the page shows the command view.Options.RerunFor gives, the same the console
// summary prints.
func TestRerunFor(t *testing.T) {
	run := sample.Run()
	goTest := func(s result.Scenario) string { return "go test -run '^TestX$/" + s.Name + "$' ./features" }
	page := string(renderView(t, view.New(run, view.Options{RerunFor: goTest})))
	if got := strings.Count(page, "<code>go test -run &#39;^TestX$/"); got == 0 || strings.Contains(page, "BDD_PATHS=") {
		t.Fatalf("the page shows %d go test rerun commands (want one per failure) or a BDD_PATHS one", got)
	}
	if def := string(render(t, run, nil)); !strings.Contains(def, "<code>BDD_PATHS=") {
		t.Fatalf("without RerunFor the page lacks the BDD_PATHS rerun command")
	}
}

// The page names the workers as the console summary does: "1 worker", and
// under auto its range and average, not the largest count alone.
func TestWorkers(t *testing.T) {
	run := sample.Run()
	run.Workers = 1
	if page := string(render(t, run, nil)); !strings.Contains(page, " · 1 worker · ") {
		t.Errorf("one worker is not named so")
	}
	run.Auto, run.Workers, run.WorkersMin, run.WorkersMax = true, 16, 8, 16
	if page, want := string(render(t, run, nil)), " · "+view.New(run, view.Options{}).Workers()+" · "; !strings.Contains(page, want) || !strings.Contains(want, "8-16 workers (auto, average ") {
		t.Errorf("the page does not say %q", want)
	}
}
