package supervise

import (
	"strings"
	"sync"
)

// ring keeps the last max bytes written to it (up to twice that between
// trims).
type ring struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (r *ring) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.buf = append(r.buf, p...)
	if len(r.buf) > 2*r.max {
		r.buf = append([]byte(nil), r.buf[len(r.buf)-r.max:]...)
	}
	return len(p), nil
}

// String returns the last max bytes, from the first complete line.
func (r *ring) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	b := r.buf
	if len(b) > r.max {
		b = b[len(b)-r.max:]
		if i := strings.IndexByte(string(b), '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	return string(b)
}

// Bounds of the stderr excerpt in a crash report.
const (
	panicLines = 80 // from the last "panic:" or "fatal error:" line on
	plainLines = 20 // otherwise, the last lines
)

// lastLines picks what explains a crash from a child's stderr: the last
// panic or fatal error with its stack, else the last lines.
func lastLines(stderr string) string {
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], "panic: ") || strings.HasPrefix(lines[i], "fatal error: ") {
			lines = lines[i:min(len(lines), i+panicLines)]
			return strings.Join(lines, "\n")
		}
	}
	if strings.TrimSpace(stderr) == "" {
		return "(nothing on stderr)"
	}
	return strings.Join(lines[max(0, len(lines)-plainLines):], "\n")
}
