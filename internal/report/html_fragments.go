package report

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// The parts of the page that repeat per scenario (the failures, the flaky
// scenarios, the timeline's bars and the table's rows) are written here by
// hand rather than by ranges in page.html.tmpl: html/template pays
// reflection and a call per escaped field, which made index.html cost more
// than the run of a 20,000-scenario suite of trivial scenarios. The markup
// below is what the template wrote, byte for byte (TestSameAsTemplate
// compares the page with testdata/reference.html.tmpl, the page as one
// template), and every value goes through escape, which escapes as
// html/template does in text and quoted attributes.

// fragment builds a piece of markup: raw text from this file, values
// escaped.
type fragment struct{ strings.Builder }

func (f *fragment) html() template.HTML { return template.HTML(f.String()) }

func (f *fragment) raw(s string) { f.WriteString(s) }

// text writes s escaped for HTML text or a quoted attribute value.
func (f *fragment) text(s string) { escape(&f.Builder, s) }

// wrap writes before, value escaped, then after.
func (f *fragment) wrap(before, value, after string) {
	f.raw(before)
	f.text(value)
	f.raw(after)
}

// loc writes a scenario's "file:LINE", escaped, without building the
// string: the page writes two per scenario.
func (f *fragment) loc(file string, line int) {
	f.text(file)
	f.raw(":")
	f.int(line)
}

func (f *fragment) int(n int) {
	var b [20]byte
	f.Write(strconv.AppendInt(b[:0], int64(n), 10))
}

// seconds writes d in seconds, exactly: the whole seconds, then up to nine
// decimals without trailing zeros (1.5, 0.0004, 90). Digits, '.' and '-'
// only, the same under any locale: what the script sorts durations by.
func (f *fragment) seconds(d time.Duration) {
	var b [32]byte
	f.Write(appendSeconds(b[:0], d))
}

func appendSeconds(b []byte, d time.Duration) []byte {
	u := uint64(d)
	if d < 0 {
		b = append(b, '-')
		u = -u // two's complement: right for math.MinInt64 too
	}
	b = strconv.AppendUint(b, u/1e9, 10)
	if frac := u % 1e9; frac != 0 {
		var digits [10]byte
		nine := strconv.AppendUint(digits[:0], 1e9+frac, 10)[1:] // zero-padded to nine digits
		n := len(nine)
		for nine[n-1] == '0' { // stops: frac is not 0
			n--
		}
		b = append(b, '.')
		b = append(b, nine[:n]...)
	}
	return b
}

// pct writes a percentage of the timeline as the template's pct does.
func (f *fragment) pct(p float64) {
	var b [32]byte
	f.text(string(strconv.AppendFloat(b[:0], p, 'f', 3, 64)))
}

// escapes are html/template's replacements in HTML text and quoted
// attribute values (htmlReplacementTable in its html.go): the five
// characters that can end a text or a value or start markup, '+' (against
// UTF-7 sniffing) and NUL, which HTML parsers replace with U+FFFD. Every
// other byte, non-ASCII and invalid UTF-8 included, is copied.
var escapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escape writes s to b escaped as html/template escapes a value in text or
// in a quoted attribute.
func escape(b *strings.Builder, s string) {
	done := 0
	for i := 0; i < len(s); i++ {
		if r := escapes[s[i]]; r != "" {
			b.WriteString(s[done:i])
			b.WriteString(r)
			done = i + 1
		}
	}
	b.WriteString(s[done:])
}

// failures writes an <article> per failed scenario.
func failures(fs []view.Failure) template.HTML {
	var f fragment
	for _, r := range fs {
		f.wrap("\n<article class=\"failure s-", string(r.Status), "\">\n<h3><span class=\"badge s-")
		f.text(string(r.Status))
		f.wrap("\">", view.Label(r.Status), "</span> <span class=\"name\">")
		f.text(r.Feature)
		f.wrap(" › ", r.Name, "</span></h3>\n<p class=\"where\"><code>")
		f.loc(r.File, r.Line)
		f.raw("</code>")
		if r.Duration != 0 {
			f.wrap(" · ", secs(r.Duration), ", worker ")
			f.int(r.Worker)
			if r.Attempt > 1 {
				f.raw(", attempt ")
				f.int(r.Attempt)
			}
		}
		f.raw("</p>")
		if r.FailedStep != "" {
			f.wrap("\n<p class=\"step\">step <code>", r.FailedStep, "</code> at <code>")
			f.loc(r.File, r.FailedLine)
			f.raw("</code></p>")
		}
		head, rest, stacks := foldStacks(*r.Scenario)
		if head != "" {
			f.wrap("\n<pre class=\"error\">", head, "</pre>")
		}
		if stacks {
			f.wrap("\n<details><summary>stacks and output</summary><pre class=\"stacks\">", rest, "</pre></details>")
		}
		f.logs(r.Logs)
		if r.Snippet != "" {
			f.wrap("\n<details><summary>implement the missing step(s) with</summary><pre>", r.Snippet, "</pre></details>")
		}
		if note := view.AloneNote(*r.Scenario); note != "" {
			f.wrap("\n<p class=\"step alone\">", note, "</p>")
		}
		if r.Rerun != "" {
			f.wrap("\n<div class=\"rerun\"><code>", r.Rerun, "</code><button type=\"button\" class=\"copy\" data-copy=\"")
			f.text(r.Rerun)
			f.raw("\">copy</button></div>")
		}
		f.raw("\n</article>")
	}
	return f.html()
}

// flaky writes an <article> per scenario that passed on a retry, with its
// failed tries.
func flaky(scs []*result.Scenario) template.HTML {
	var f fragment
	for _, r := range scs {
		f.wrap("\n<article class=\"failure s-flaky\">\n<h3><span class=\"badge s-flaky\">flaky</span> <span class=\"name\">", r.Feature, " › ")
		f.text(r.Name)
		f.raw("</span></h3>\n<p class=\"where\"><code>")
		f.loc(r.File, r.Line)
		f.raw("</code> · passed on try ")
		f.int(len(r.Retries) + 1)
		f.raw("</p>")
		for i, t := range r.Retries {
			f.raw("\n<p class=\"step\">try ")
			f.int(i + 1)
			f.raw(": ")
			f.text(string(t.Status))
			if t.FailedStep != "" {
				f.wrap(" at <code>", t.FailedStep, "</code>")
			}
			f.raw("</p>")
			if t.Error != "" {
				f.wrap("<pre class=\"error\">", t.Error, "</pre>")
			}
			f.logs(t.Logs)
		}
		f.raw("\n</article>")
	}
	return f.html()
}

// logs writes what a scenario (or one try of it) logged, open.
func (f *fragment) logs(logs []result.Log) {
	if len(logs) == 0 {
		return
	}
	f.raw("\n<details open><summary>logs (")
	f.int(len(logs))
	f.wrap(")</summary><pre class=\"logs\">", result.LogLines(logs), "</pre></details>")
}

// bar writes one scenario's bar in its lane, left and width in percent of
// the timeline.
func (f *fragment) bar(s *result.Scenario, left, width float64) {
	f.wrap("<div class=\"bar s-", string(s.Status), "\" style=\"left:")
	f.pct(left)
	f.raw("%;width:")
	f.pct(width)
	f.wrap("%\" title=\"", s.Feature, " › ")
	f.text(s.Name)
	f.wrap(" (", view.Label(s.Status), ") ")
	f.text(secs(s.Duration))
	f.raw(" · ")
	f.loc(s.File, s.Line)
	f.raw("\"></div>")
}

// tableRows writes a <tr> per scenario for the filtered, sortable table.
// What the script filters and sorts by is in data attributes, exact values
// rather than the text shown: the file and line apart, the duration in
// seconds (data-duration="0.0004", not "<1ms"), the worker (0 for a
// scenario that never started, as the duration).
func tableRows(scs []result.Scenario) template.HTML {
	var f fragment
	size := 0
	for i := range scs {
		r := &scs[i]
		size += 440 + 2*(len(r.Feature)+len(r.Name)+len(r.File)+len(r.Tags))
		for _, t := range r.Tags {
			size += 2 * len(t)
		}
	}
	f.Grow(size) // enough unless much is escaped
	for i := range scs {
		r := &scs[i]
		tags, isFlaky := strings.Join(r.Tags, " "), r.Flaky()
		f.wrap("\n<tr class=\"row s-", string(r.Status), "\" data-status=\"")
		f.text(string(r.Status))
		f.raw("\"")
		if isFlaky {
			f.raw(" data-flaky=\"1\"")
		}
		f.wrap(" data-feature=\"", r.Feature, "\" data-tags=\"")
		f.text(tags)
		f.wrap("\" data-name=\"", r.Name, "\" data-file=\"")
		f.text(r.File)
		f.raw("\" data-line=\"")
		f.int(r.Line)
		f.raw("\" data-duration=\"")
		f.seconds(r.Duration)
		f.raw("\" data-worker=\"")
		f.int(r.Worker)
		f.raw("\"><td><span class=\"badge s-")
		f.text(string(r.Status))
		f.wrap("\">", view.Label(r.Status), "</span>")
		if isFlaky {
			f.raw(" <span class=\"badge s-flaky\">flaky</span>")
		}
		f.wrap("</td><td><span class=\"feature\">", r.Feature, " ›</span> ")
		f.text(r.Name)
		f.raw("</td><td><code>")
		f.loc(r.File, r.Line)
		f.raw("</code></td><td class=\"num\">")
		if r.Duration != 0 {
			f.text(secs(r.Duration))
		}
		f.raw("</td><td class=\"num\">")
		if r.Worker != 0 {
			f.int(r.Worker)
		}
		f.wrap("</td><td class=\"tags\">", tags, "</td></tr>")
	}
	return f.html()
}

// pctOf is the share of length that d is, in percent (0 for an empty
// timeline).
func pctOf(d, length time.Duration) float64 {
	if length <= 0 {
		return 0
	}
	return 100 * float64(d) / float64(length)
}
