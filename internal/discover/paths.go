package discover

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/mushbdd/mush/internal/result"
)

// accepted lists what a path may be, for error messages.
const accepted = "accepted: .feature files, directories holding them, file.feature:LINE"

// target is one feature file to select scenarios from.
type target struct {
	file    string // clean, slash separated
	line    int    // the LINE of file.feature:LINE
	hasLine bool   // whether a LINE was given
}

// add selects the scenarios of the feature files one input path names.
func (f *finder) add(input string) {
	problem := func(format string, args ...any) { f.problems = append(f.problems, fmt.Sprintf(format, args...)) }
	if input == "" {
		problem("path %q is empty (%s)", input, accepted)
		return
	}
	loc, hasLine := result.ParseLoc(input)
	name := filepath.Clean(loc.File)
	info, err := f.sys.stat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		problem("path %q does not exist (%s)", input, accepted)
	case err != nil:
		problem("path %q: cannot read: %v", input, cause(err))
	case info.IsDir() && hasLine:
		problem("path %q is a directory; a :LINE suffix needs a .feature file", input)
	case info.IsDir():
		f.walk(input, name)
	case !strings.HasSuffix(name, ".feature"):
		problem("path %q is not a .feature file (%s)", input, accepted)
	default:
		f.addTarget(target{file: filepath.ToSlash(name), line: loc.Line, hasLine: hasLine})
	}
}

// walk selects the scenarios of the .feature files under root, in lexical
// order: every file is found before any is parsed.
func (f *finder) walk(input, root string) {
	var targets []target
	problems := len(f.problems)
	// The walk function never fails: it records problems and goes on.
	_ = f.sys.walkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			f.problems = append(f.problems, fmt.Sprintf("%s: cannot read: %v", filepath.ToSlash(p), cause(err)))
		case !d.IsDir() && strings.HasSuffix(p, ".feature"):
			targets = append(targets, target{file: filepath.ToSlash(p)})
		}
		return nil
	})
	if len(targets) == 0 && len(f.problems) == problems {
		f.problems = append(f.problems, fmt.Sprintf("path %q holds no .feature files", input))
	}
	for _, t := range targets {
		f.addTarget(t)
	}
}

// cause drops the operation and path an *fs.PathError repeats.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
