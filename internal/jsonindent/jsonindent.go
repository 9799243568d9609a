// Package jsonindent writes JSON as encoding/json writes it, without its
// costs. It indents the JSON that json.Marshal writes, as json.Indent
// does, in a third of the time: json.Indent's scanner validates its input
// a byte at a time, which cost the report writers as much as encoding
// their records. results.json, cucumber.json and trace.json use it, and
// write their records as the elements of a List. Plain tells the strings
// json.Marshal writes as they are, which the journal's and the timing
// history's writers then write without it.
package jsonindent

import (
	"io"
	"strings"
)

// Append appends src, JSON as json.Marshal writes it (compact and
// valid), laid out as json.Indent lays it out with prefix and indent: the
// same bytes (the tests compare them) without json.Indent's scanner, which
// validates src a byte at a time and cost as much as encoding it. Anything
// else in src (spaces between tokens, invalid JSON) is not its concern.
func Append(dst, src []byte, prefix, indent string) []byte {
	depth := 0
	open := false // after { or [: the newline waits for a first element
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			dst = appendNewline(dst, prefix, indent, depth)
		}
		switch c {
		case '"': // a string, copied whole: its punctuation is not structure
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(src))
			dst = append(dst, src[i:j]...)
			i = j - 1
		case '{', '[':
			dst = append(dst, c)
			open = true
		case ',':
			dst = append(dst, c)
			dst = appendNewline(dst, prefix, indent, depth)
		case ':':
			dst = append(dst, ':', ' ')
		case '}', ']':
			if open {
				open = false // empty: {} or []
			} else {
				depth--
				dst = appendNewline(dst, prefix, indent, depth)
			}
			dst = append(dst, c)
		default: // numbers, true, false, null
			dst = append(dst, c)
		}
	}
	return dst
}

func appendNewline(dst []byte, prefix, indent string, depth int) []byte {
	dst = append(dst, '\n')
	dst = append(dst, prefix...)
	for range depth {
		dst = append(dst, indent...)
	}
	return dst
}

// List writes a JSON list an element at a time, laid out as json.Indent
// lays it out (no prefix, indent) where the list opens at depth: the
// reports write their records this way, never the whole document in
// memory. The zero List is not usable; make one with NewList.
type List struct {
	w             io.Writer
	inner, indent string // an element's line start, and one level
	outer         string // the closing bracket's line start
	n             int
	buf           []byte
	err           error
}

// NewList starts a list on w; the caller has written what precedes its
// opening bracket.
func NewList(w io.Writer, indent string, depth int) *List {
	return &List{w: w, indent: indent, inner: "\n" + strings.Repeat(indent, depth+1), outer: "\n" + strings.Repeat(indent, depth)}
}

// Add writes the next element, src as json.Marshal writes it. After an
// error it writes nothing more, and Close returns that error.
func (l *List) Add(src []byte) error {
	if l.err != nil {
		return l.err
	}
	l.buf = append(l.buf[:0], ',')
	if l.n == 0 {
		l.buf[0] = '['
	}
	l.buf = append(l.buf, l.inner...)
	l.buf = Append(l.buf, src, l.inner[1:], l.indent)
	l.n++
	_, l.err = l.w.Write(l.buf)
	return l.err
}

// Close writes the closing bracket ("[]" for a list without elements) and
// returns the first error of any write.
func (l *List) Close() error {
	if l.err != nil {
		return l.err
	}
	end := l.outer + "]"
	if l.n == 0 {
		end = "[]"
	}
	_, l.err = io.WriteString(l.w, end)
	return l.err
}

// Plain reports that json.Marshal writes s as it is between quotes: s is
// printable ASCII but for the quote, the backslash and the characters it
// escapes for HTML. It is false for any other s, some of which json.Marshal
// writes as they are too.
func Plain(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c > 0x7e, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	return true
}
