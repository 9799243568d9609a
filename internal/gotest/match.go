package gotest

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// The -run and -skip matching below follows the Go tree's testing/match.go
// (BSD-style licence, The Go Authors), so that mush plans exactly the
// scenarios whose subtests `go test` would run.

// filter is a -run or -skip pattern split the way testing splits it:
// alternatives at the top level ("|"), each a sequence of per-level
// regular expressions ("/").
type filter [][]string

// newFilter splits pattern; "" gives nil (matches everything for -run,
// nothing for -skip). A bad regular expression is an error, as in testing.
func newFilter(pattern string) (filter, error) {
	if pattern == "" {
		return nil, nil
	}
	var f filter
	for _, alt := range splitRegexp(pattern) {
		for i, s := range alt {
			alt[i] = rewrite(s)
			if _, err := regexp.Compile(alt[i]); err != nil {
				return nil, err
			}
		}
		f = append(f, alt)
	}
	return f, nil
}

// matches reports whether name (its elements, already rewritten) matches
// one alternative, and whether only partly (the pattern is deeper).
func (f filter) matches(name []string) (ok, partial bool) {
	for _, alt := range f {
		if ok, partial = matchSeq(alt, name); ok {
			return ok, partial
		}
	}
	return false, false
}

func matchSeq(pattern, name []string) (ok, partial bool) {
	for i, s := range name {
		if i >= len(pattern) {
			break
		}
		if ok, _ := regexp.MatchString(pattern[i], s); !ok {
			return false, false
		}
	}
	return true, len(name) < len(pattern)
}

// selects reports whether testing runs the test named name under -run
// pattern run and -skip pattern skip: run matches (partly is enough) and
// skip does not match completely.
func selects(run, skip filter, name []string) bool {
	if run != nil {
		if ok, _ := run.matches(name); !ok {
			return false
		}
	}
	if skip != nil {
		if ok, partial := skip.matches(name); ok && !partial {
			return false
		}
	}
	return true
}

// splitRegexp is testing's: "/" and "|" split only outside brackets and
// parentheses, and a backslash escapes the next byte.
func splitRegexp(s string) [][]string {
	var alts [][]string
	var a []string
	cs, cp := 0, 0
	for i := 0; i < len(s); {
		switch s[i] {
		case '[':
			cs++
		case ']':
			if cs--; cs < 0 {
				cs = 0
			}
		case '(':
			if cs == 0 {
				cp++
			}
		case ')':
			if cs == 0 {
				cp--
			}
		case '\\':
			i++
		case '/', '|':
			if cs == 0 && cp == 0 {
				a = append(a, s[:i])
				if s[i] == '|' {
					alts, a = append(alts, a), nil
				}
				s, i = s[i+1:], 0
				continue
			}
		}
		i++
	}
	return append(alts, append(a, s))
}

// rewrite is testing's rewrite of a subtest name: white space becomes "_",
// characters that are not printable are quoted.
func rewrite(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r): // the same set as testing's isSpace
			b.WriteByte('_')
		case !strconv.IsPrint(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
