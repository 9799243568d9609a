package targets

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// coverpkgList matches the tail of a `go test -coverpkg` result line, which
// names every instrumented package: "... of statements in a, b, c".
var coverpkgList = regexp.MustCompile(`of statements in (\S+(?:, \S+)+)$`)

// shortLines passes go test's output through, line by line, with the
// package list of each coverage line replaced by its length.
type shortLines struct {
	w       io.Writer
	pending []byte
}

func (s *shortLines) Write(p []byte) (int, error) {
	s.pending = append(s.pending, p...)
	for {
		i := bytes.IndexByte(s.pending, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := shorten(string(s.pending[:i]))
		s.pending = s.pending[i+1:]
		if _, err := io.WriteString(s.w, line+"\n"); err != nil {
			return len(p), err
		}
	}
}

// Flush writes a last line that had no newline.
func (s *shortLines) Flush() error {
	if len(s.pending) == 0 {
		return nil
	}
	_, err := io.WriteString(s.w, shorten(string(s.pending)))
	s.pending = nil
	return err
}

func shorten(line string) string {
	m := coverpkgList.FindStringSubmatchIndex(line)
	if m == nil {
		return line
	}
	n := strings.Count(line[m[2]:m[3]], ", ") + 1
	return line[:m[2]] + strconv.Itoa(n) + " packages"
}
