package console

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

func TestNeutral(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text: 3 > 2, \"quoted\" \\ back", "plain text: 3 > 2, \"quoted\" \\ back"},
		{"Größe ∑ 日本語 🍎 café", "Größe ∑ 日本語 🍎 café"},
		{"tab\tand\nline", "tab\tand\\nline"},
		{"\x1b[8m6 passed, 0 failed", `\x1b[8m6 passed, 0 failed`},
		{"over\rwrite", `over\rwrite`},
		{"bell\a\b\f\v\x00\x7f", `bell\a\b\f\v\x00\x7f`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"bidi \u202egnp.exe \u2066x\u2069 \u202a\u202b\u202c\u202d \u2067\u2068", `bidi \u202egnp.exe \u2066x\u2069 \u202a\u202b\u202c\u202d \u2067\u2068`},
		{"raw \x9b byte \xff", `raw \x9b byte \xff`},
		{"::warning::x", "::warning::x"}, // GitHub's commands are stopped, not escaped (report.StopCommands)
	} {
		if got := Neutral(tc.in); got != tc.want {
			t.Errorf("Neutral(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// hostile is a piece of text a terminal would obey: hide the rest, go back
// to the line's start, ring, reverse the text after it.
const hostile = "\x1b[8m\r\a\u202e\u2066\x9b"

// hostileShown is hostile as Neutral shows it.
const hostileShown = `\x1b[8m\r\a\u202e\u2066\x9b`

func hostileRun() result.Run {
	h := hostile
	return result.Run{Workers: 1, Rerun: result.Start{Command: "go tool mage unitTests"}, Notes: []string{"note " + h},
		Scenarios: []result.Scenario{
			{Feature: "F" + h, Name: "S" + h, File: "d" + h + "/a.feature", Line: 3, Status: result.Failed, Duration: 1,
				Error: "e" + h + "\nsecond" + h, FailedStep: "Given s" + h, FailedLine: 4, Snippet: "func x" + h + "() {}",
				Retries: []result.Try{{Status: result.Failed, Error: "try" + h, FailedStep: "Given s" + h, FailedLine: 4}},
				Steps:   []result.Step{{Keyword: "Given", Text: "s" + h, Line: 4, Status: result.Failed, Error: "step" + h}}},
			{Feature: "F" + h, Name: "Flaky" + h, File: "d" + h + "/a.feature", Line: 9, Status: result.Passed, Duration: 1,
				Retries: []result.Try{{Status: result.Failed, Error: "once" + h, FailedStep: "Given s" + h, FailedLine: 10}}},
			{Feature: "F" + h, Name: "Other" + h, File: "d" + h + "/a.feature", Line: 12, Status: result.Undefined, Duration: 1},
		}}
}

// TestNothingRawReachesTheConsole: every printer of the console shows
// every field of a scenario escaped, with and without colour.
func TestNothingRawReachesTheConsole(t *testing.T) {
	run := hostileRun()
	for _, color := range []bool{false, true} {
		var out bytes.Buffer
		WriteSummary(&out, view.New(run, view.Options{}), SummaryOptions{Color: color, Order: "o" + hostile, Shard: "s" + hostile,
			Reports: []string{"r" + hostile + "/rerun.txt"}, Notes: run.Notes})
		for _, s := range run.Scenarios {
			out.WriteString(Block(s, color))
			out.WriteString(Failure(s, "rerun"+hostile))
		}
		p := NewProgress(&out, 3, ProgressOptions{Color: color})
		for _, s := range run.Scenarios {
			p.ScenarioFinished(s)
		}
		p.Close()
		got := out.String()
		if color { // mush's own colours are the only escapes left
			got = sgr.ReplaceAllString(got, "")
		}
		if i := strings.IndexFunc(got, raw); i >= 0 {
			t.Errorf("colour %v: a raw control character at %d: %q", color, i, got[max(i-40, 0):min(i+40, len(got))])
		}
		for _, field := range []string{"F" + hostileShown + " › S" + hostileShown, "d" + hostileShown + "/a.feature:3", "Given s" + hostileShown,
			"e" + hostileShown, "second" + hostileShown, "step" + hostileShown, "func x" + hostileShown, "once" + hostileShown,
			"note " + hostileShown, "o" + hostileShown, "s" + hostileShown, "r" + hostileShown, "rerun" + hostileShown} {
			if !strings.Contains(got, field) {
				t.Errorf("colour %v: the output lacks %q:\n%s", color, field, got)
			}
		}
	}
}

// raw reports whether r is a character a terminal may obey, or a byte
// that is not UTF-8 (decoded as RuneError).
func raw(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || 0x7f <= r && r <= 0x9f || 0x202a <= r && r <= 0x202e ||
		0x2066 <= r && r <= 0x2069 || r == utf8.RuneError
}

// sgr is a colour escape sequence.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func TestErrorln(t *testing.T) {
	var b bytes.Buffer
	Errorln(&b, "a.feature:3: bad \x1b[2J\n::warning::x\n")
	if want := "mush: a.feature:3: bad \\x1b[2J\nmush: ::warning::x\n"; b.String() != want {
		t.Errorf("Errorln = %q, want %q", b.String(), want)
	}
}
