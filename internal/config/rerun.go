package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
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
// is ErrNothingToRerun, never a full run. A relative FILE is read from dir
// (the working directory when dir is empty).
func expandRerun(dir string, paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		name, ok := strings.CutPrefix(p, "@")
		if !ok {
			out = append(out, p)
			continue
		}
		b, err := atomicfile.ReadFile(Under(dir, name), MaxRerunSize)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, exitcode.Misusef("BDD_PATHS=%q: the rerun file %s does not exist (accepted: @FILE naming a rerun file a run wrote, e.g. @build/reports/rerun.txt)", p, name)
		case atomicfile.IsRefused(err):
			return nil, exitcode.Misusef("BDD_PATHS=%q: the rerun file %v", p, err)
		case err != nil:
			return nil, exitcode.Misusef("BDD_PATHS=%q: cannot read the rerun file: %v", p, err)
		}
		locs, problem := rerunLocations(b)
		if problem != "" {
			return nil, exitcode.Misusef("BDD_PATHS=%q: %s is not a rerun file: %s (accepted: file.feature:LINE entries, one a line, as a run writes build/reports/rerun.txt)", p, name, problem)
		}
		if len(locs) == 0 {
			return nil, fmt.Errorf("%w: %s is empty (the run that wrote it had no failed scenario)", ErrNothingToRerun, name)
		}
		out = append(out, locs...)
	}
	return out, nil
}

// MaxRerunSize bounds a rerun file: about 20,000 failed scenarios'
// locations, far more than a rerun is for.
const MaxRerunSize = 1 << 20

// rerunLocation is one entry of a rerun file once split: file.feature:LINE.
var rerunLocation = regexp.MustCompile(`\.feature:[0-9]+$`)

// rerunLocations reads a rerun file's entries, or says why the text is
// not a rerun file: binary data, or an entry that is not a location (so
// that no stray word of a wrong file is taken for a path to walk).
func rerunLocations(b []byte) (locs []string, problem string) {
	switch {
	case bytes.IndexByte(b, 0) >= 0:
		return nil, "it holds NUL bytes"
	case !utf8.Valid(b):
		return nil, "it is not UTF-8 text"
	}
	entries, err := view.SplitPaths(string(b))
	if err != nil {
		return nil, err.Error()
	}
	for _, l := range entries {
		for _, loc := range splitLines(l) {
			if !rerunLocation.MatchString(loc) {
				return nil, fmt.Sprintf("%.80q is not file.feature:LINE", loc)
			}
			locs = append(locs, loc)
		}
	}
	return locs, ""
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
