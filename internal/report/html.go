// WriteHTML writes index.html, a run's report for people: one
// self-contained file (styles and script inline, no network) with the
// counts, the failures first with their rerun command, every scenario in a
// table filtered by status, feature and tag, searched by name and sorted by
// any column, a timeline with one lane per worker, and, after a coverage
// run, the per-package coverage.
//
// WriteHTML takes an io.Writer and reads no clock: the same run gives the same
// bytes. Every name, step and error is escaped: by html/template, or in the
// parts written per scenario (html_fragments.go) by an escaper that does what
// html/template's does.

package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/coverage"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// HTMLFile is the report's file name in the reports directory.
const HTMLFile = "index.html"

//go:embed page.html.tmpl
var pageText string

//go:embed style.css
var styleText string

//go:embed script.js
var scriptText string

var pageTemplate = template.Must(template.New("page").Funcs(funcs).Parse(pageText))

// funcs are the page template's functions.
var funcs = template.FuncMap{
	"secs":     secs,
	"pct":      func(f float64) string { return fmt.Sprintf("%.3f", f) },
	"pctOf":    pctOf,
	"percent":  func(s coverage.Stats) string { return coverage.FormatPercent(s.Covered, s.Statements) + "%" },
	"gateLine": coverage.GateLine,
	"gateOK":   func(rep coverage.Report) bool { return coverage.Gate(rep) == nil },
}

// WriteHTML writes the page of v, with its coverage in a coverage run.
func WriteHTML(w io.Writer, v *view.View) error {
	return pageTemplate.Execute(w, build(v))
}

// pageView is what the page template shows: v's run, laid out. The view
// gives Run, Failures, Flaky, OK, CountsLine, Slowest, Usage, Unused,
// UnusedChecked and Workers as they are.
type pageView struct {
	*view.View
	Style    template.CSS
	Script   template.JS
	Counts   []count
	Started  string
	Util     string
	Features []string
	Tags     []string
	// SortOrder is the statuses in the order the table sorts them.
	SortOrder string
	// The timeline's lanes, with their bars' markup, ticks and bars.
	Lanes    []laneView
	Ticks    []tickView
	BarCount int

	// The per-scenario parts of the page, written by html_fragments.go.
	FailuresHTML, FlakyHTML, RowsHTML template.HTML
}

type count struct {
	Status string
	Label  string
	N      int
}

type laneView struct {
	Label string
	Bars  template.HTML // by fragment.bar
}

type tickView struct {
	Left  float64
	Label string
}

// sortOrder is the order in which the table sorts by status, for the
// status heading's data-order: the counts' order with passed moved last, so
// the failures come first.
var sortOrder = func() string {
	var order []string
	for _, st := range view.Statuses {
		if st != result.Passed {
			order = append(order, string(st))
		}
	}
	return strings.Join(append(order, string(result.Passed)), " ")
}()

// secs formats a duration for people: <1ms, 3ms, 1.42s, 12.3s, 1m5s.
func secs(d time.Duration) string {
	switch {
	case d > 0 && d < time.Millisecond:
		return "<1ms"
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Round(time.Millisecond).Milliseconds())
	}
	return view.Seconds(d)
}

func build(v *view.View) pageView {
	run := &v.Run
	pv := pageView{
		View:      v,
		Style:     template.CSS(styleText),
		Script:    template.JS(scriptText),
		Util:      fmt.Sprintf("%.0f%%", 100*run.Utilisation()),
		SortOrder: sortOrder,
	}
	if !run.Started.IsZero() {
		pv.Started = run.Started.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	for _, st := range view.Statuses {
		if n := v.Counts[st]; n > 0 || st == result.Passed || st == result.Failed {
			pv.Counts = append(pv.Counts, count{Status: string(st), Label: view.Label(st), N: n})
		}
	}
	features := map[string]bool{}
	for i := range run.Scenarios {
		s := &run.Scenarios[i]
		if !features[s.Feature] {
			features[s.Feature] = true
			pv.Features = append(pv.Features, s.Feature)
		}
		pv.Tags = append(pv.Tags, s.Tags...)
	}
	slices.Sort(pv.Tags)
	pv.Tags = slices.Compact(pv.Tags)
	if len(v.Flaky) > 0 {
		pv.Counts = append(pv.Counts, count{Status: "flaky", Label: "flaky", N: len(v.Flaky)})
	}
	pv.FailuresHTML, pv.FlakyHTML, pv.RowsHTML = failures(v.Failures), flaky(v.Flaky), tableRows(run.Scenarios)
	pv.layout(v.Timeline)
	return pv
}

// foldStacks splits the error of a crash, a timeout or a panic into the
// message shown and the stacks or stderr lines folded under it: after the
// first blank line, or for a crash without one after the first line.
func foldStacks(s result.Scenario) (head, rest string, folded bool) {
	if s.Status != result.Crashed && s.Status != result.TimedOut && !strings.Contains(s.Error, "panic") {
		return s.Error, "", false
	}
	if head, rest, ok := strings.Cut(s.Error, "\n\n"); ok {
		return head, rest, true
	}
	if head, rest, ok := strings.Cut(s.Error, "\n"); ok && s.Status == result.Crashed {
		return head, rest, true
	}
	return s.Error, "", false
}

func (pv *pageView) layout(t view.Timeline) {
	pct := func(d time.Duration) float64 { return pctOf(d, t.Length) }
	for _, l := range t.Lanes {
		var bars fragment
		size := 0
		for i := range l.Bars {
			s := l.Bars[i].Scenario
			size += 140 + len(s.Feature) + len(s.Name) + len(s.File)
		}
		bars.Grow(size) // enough unless much is escaped
		for i := range l.Bars {
			b := &l.Bars[i]
			bars.bar(b.Scenario, pct(b.Offset), pct(b.Scenario.Duration))
		}
		pv.BarCount += len(l.Bars)
		pv.Lanes = append(pv.Lanes, laneView{Label: t.Label(l), Bars: bars.html()})
	}
	if t.Length > 0 {
		step := tickStep(t.Length)
		for d := time.Duration(0); d <= t.Length; d += step {
			pv.Ticks = append(pv.Ticks, tickView{Left: pct(d), Label: tickLabel(d, step)})
		}
	}
}

// tickStep is a round interval giving about 5 to 10 ticks over length.
func tickStep(length time.Duration) time.Duration {
	for _, s := range []time.Duration{time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond,
		10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond,
		200 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 5 * time.Second,
		10 * time.Second, 15 * time.Second, 30 * time.Second, time.Minute, 2 * time.Minute,
		5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute} {
		if length/s <= 10 {
			return s
		}
	}
	return time.Hour
}

func tickLabel(d, step time.Duration) string {
	switch {
	case step < time.Second:
		return fmt.Sprintf("%gs", float64(d.Milliseconds())/1000)
	case step < time.Minute:
		return fmt.Sprintf("%.0fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}
