package targets

import (
	"bytes"
	"io"
	"regexp"
	"sync"

	"github.com/mushbdd/mush/internal/exitcode"
)

// closing passes a run's output through and keeps its closing lines, colour
// removed: the last counts line ("3 passed, 1 failed") and the last
// coverage gate line ("coverage: 96.1% of statements (threshold 97.0%)").
type closing struct {
	w       io.Writer
	mu      sync.Mutex
	partial []byte
	counts  string
	gate    string
}

var (
	countsLine = regexp.MustCompile(`^\d+ passed, \d+ failed(, \d+ skipped)?$`)
	gateLine   = regexp.MustCompile(`^coverage: .*\(threshold .*\)$`)
	ansiColour = regexp.MustCompile("\x1b\\[[0-9;]*m")
)

func (c *closing) Write(b []byte) (int, error) {
	c.mu.Lock()
	c.partial = append(c.partial, b...)
	for {
		i := bytes.IndexByte(c.partial, '\n')
		if i < 0 {
			break
		}
		line := ansiColour.ReplaceAllString(string(bytes.TrimRight(c.partial[:i], "\r")), "")
		switch {
		case countsLine.MatchString(line):
			c.counts = line
		case gateLine.MatchString(line):
			c.gate = line
		}
		c.partial = c.partial[i+1:]
	}
	c.mu.Unlock()
	return c.w.Write(b)
}

// last is the closing line that explains exit code code: the gate line
// for a coverage shortfall, the counts line otherwise; "" if none was seen.
func (c *closing) last(code int) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if code == exitcode.Coverage {
		return c.gate
	}
	return c.counts
}
