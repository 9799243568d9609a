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

// resolve turns one input path into the feature files it names.
func (f *finder) resolve(input string) ([]target, []string) {
	if input == "" {
		return nil, []string{fmt.Sprintf("path %q is empty (%s)", input, accepted)}
	}
	loc, hasLine := result.ParseLoc(input)
	name, line := filepath.Clean(loc.File), loc.Line
	info, err := f.sys.stat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, []string{fmt.Sprintf("path %q does not exist (%s)", input, accepted)}
	case err != nil:
		return nil, []string{fmt.Sprintf("path %q: cannot read: %v", input, cause(err))}
	case info.IsDir() && hasLine:
		return nil, []string{fmt.Sprintf("path %q is a directory; a :LINE suffix needs a .feature file", input)}
	case info.IsDir():
		return f.walk(input, name)
	case !strings.HasSuffix(name, ".feature"):
		return nil, []string{fmt.Sprintf("path %q is not a .feature file (%s)", input, accepted)}
	}
	return []target{{file: filepath.ToSlash(name), line: line, hasLine: hasLine}}, nil
}

// walk returns the .feature files under root in lexical order.
func (f *finder) walk(input, root string) ([]target, []string) {
	var targets []target
	var problems []string
	// The walk function never fails: it records problems and goes on.
	_ = f.sys.walkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: cannot read: %v", filepath.ToSlash(p), cause(err)))
		case !d.IsDir() && strings.HasSuffix(p, ".feature"):
			targets = append(targets, target{file: filepath.ToSlash(p)})
		}
		return nil
	})
	if len(targets) == 0 && len(problems) == 0 {
		problems = append(problems, fmt.Sprintf("path %q holds no .feature files", input))
	}
	return targets, problems
}

// cause drops the operation and path an *fs.PathError repeats.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
