package console

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Neutral is one line of text that came from a feature file, a step, an
// error or a path as the terminal may show it: every character a terminal
// or a log viewer could take for an instruction is written escaped, as
// Go's %q writes it: ESC (\x1b), CR (\r), LF (\n), BEL (\a) and the
// other C0 and C1 controls, DEL, Unicode's format characters such as the
// bidi overrides and isolates (\u202e, \u2066) and bytes that are not
// UTF-8 (\xff). Tabs and every printable character (accented letters,
// CJK, emoji) stay as they are. Text of several lines (an error, a doc
// string) is split first and each line made neutral (Lines), so that it
// still reads as lines. Every printer of user content goes through it;
// the reports keep the text exact. GitHub's workflow commands are not its
// business: report.Commands stops them.
func Neutral(s string) string {
	i := 0 // plain ASCII without controls, the fast path, is copied as it is
	for i < len(s) && (s[i] >= 0x20 && s[i] < 0x7f || s[i] == '\t') {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t' || strconv.IsGraphic(r):
			b.WriteString(s[i : i+n])
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += n
	}
	return b.String()
}

// Lines is text of several lines, each neutral, without its trailing line
// breaks.
func Lines(text string) []string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		lines[i] = Neutral(l)
	}
	return lines
}

// Errorln writes text as lines prefixed "mush: ", each neutral: the one
// way an error or a warning that may quote user content is printed.
func Errorln(w io.Writer, text string) {
	var b strings.Builder
	for _, line := range Lines(text) {
		b.WriteString("mush: " + line + "\n")
	}
	io.WriteString(w, b.String())
}
