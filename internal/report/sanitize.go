package report

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

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
