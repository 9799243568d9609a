package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/result"
)

// ErrNothingToRerun is what Load says of a run asked to rerun the failures
// of an empty rerun file: the run it came from had no failure, so there is
// nothing to do. It is not a failure: whoever starts the run turns it into
// an outcome with exit code 0 and this line as its reason.
var ErrNothingToRerun = errors.New("nothing to rerun")

// expandRerun replaces every "@FILE" entry of a path list by the locations
// listed in FILE, a rerun file (build/reports/rerun.txt: one file:LINE per
// line, cucumber's rerun format, which also allows several on a line). A
// missing or unreadable file is misuse (exit 2); a file that lists nothing
// is ErrNothingToRerun, never a full run.
func expandRerun(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		name, ok := strings.CutPrefix(p, "@")
		if !ok {
			out = append(out, p)
			continue
		}
		b, err := os.ReadFile(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, exitcode.Misusef("BDD_PATHS=%q: the rerun file %s does not exist (accepted: @FILE naming a rerun file a run wrote, e.g. @build/reports/rerun.txt)", p, name)
		case err != nil:
			return nil, exitcode.Misusef("BDD_PATHS=%q: cannot read the rerun file: %v", p, err)
		}
		var locs []string
		for _, l := range splitPaths(string(b)) {
			locs = append(locs, splitLines(l)...)
		}
		if len(locs) == 0 {
			return nil, fmt.Errorf("%w: %s is empty (the run that wrote it had no failed scenario)", ErrNothingToRerun, name)
		}
		out = append(out, locs...)
	}
	return out, nil
}

// splitLines turns cucumber's "file.feature:3:7" (two scenarios of one
// file) into "file.feature:3" and "file.feature:7".
func splitLines(loc string) []string {
	file, lines := loc, []int(nil)
	for l, ok := result.ParseLoc(file); ok; l, ok = result.ParseLoc(file) {
		file, lines = l.File, append(lines, l.Line)
	}
	if len(lines) < 2 {
		return []string{loc}
	}
	out := make([]string, len(lines))
	for i, n := range lines {
		out[len(lines)-1-i] = result.Loc{File: file, Line: n}.String()
	}
	return out
}
