package supervise

import (
	"strings"
)

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
