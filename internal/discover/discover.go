// Package discover finds the scenarios a run will execute: it walks the
// given paths, parses every feature file (reporting all malformed ones),
// selects scenarios by line and tag, and gives each one a self-contained
// feature text that godog can run on its own. Select is the whole
// selection step of a run, the same for the feature runner, mush.Test and
// shardPlan: discovery once, the caller's filter, the shard, the order.
package discover

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/tagexpr"
)

// DefaultPath is searched when Options.Paths is empty.
const DefaultPath = "features"

// Options selects the scenarios of a run (see findAll).
type Options struct {
	Paths []string // files, directories, or file.feature:LINE; empty means []string{"features"}
	Tags  string   // tagexpr expression; "" selects all
	Every bool     // findAll also lists every scenario of the files reached
}

// Step is one step of a scenario, Background steps included.
type Step struct {
	Keyword string                       // e.g. "Given", "And", "*"
	Text    string                       // with outline placeholders substituted
	Line    int                          // line of the step in its file
	Type    messages.PickleStepType      // context, action or outcome, in any language, as gherkin compiles it
	Arg     *messages.PickleStepArgument // its doc string or table, nil for none
}

// Scenario is one unit of work: a scenario, or one Examples row of a
// scenario outline.
type Scenario struct {
	Feature string   // feature name
	Name    string   // pickle name (outline placeholders substituted by gherkin)
	File    string   // path as reached from the given path: clean, slash separated, relative if the input was
	Line    int      // Scenario/Scenario Outline keyword line; for an outline row, the Examples row line
	Tags    []string // pickle tags, e.g. "@wip"
	Serial  bool     // tagged BDD_SERIAL_TAG: runs with no other scenario running (set by Select)
	Order   int      // index in the selection
	Steps   []Step   // pickle steps in order, Background steps included
	Content []byte   // feature text that holds this scenario only (content.go)
}

// Location is the scenario's "file:LINE" (result.Loc): the path that
// selects it alone, and its key in the timing history.
func (s Scenario) Location() string { return result.Loc{File: s.File, Line: s.Line}.String() }

// Error lists every problem the selection met: missing paths, malformed feature
// files, bad line numbers, an invalid tag expression.
type Error struct {
	Problems []string // one line each
}

// Error joins the problems, one a line.
func (e *Error) Error() string {
	return strings.Join(e.Problems, "\n")
}

// system is the file system access findAll needs; tests replace parts of it.
type system struct {
	stat     func(name string) (fs.FileInfo, error)
	readFile func(name string) ([]byte, error)
	walkDir  func(root string, fn fs.WalkDirFunc) error
}

// osSystem is the real file system.
var osSystem = system{stat: os.Stat, readFile: readFeature, walkDir: filepath.WalkDir}

// readFeature reads a feature file: a regular file of at most MaxFeatureSize.
func readFeature(name string) ([]byte, error) {
	return atomicfile.ReadFile(name, MaxFeatureSize)
}

// finder holds the state of one findAll call.
type finder struct {
	sys      system
	expr     tagexpr.Expr
	files    map[string]*featureFile // by absolute path; nil when the file is broken
	seen     map[string]bool         // absolute path and line of every scenario found
	found    []Scenario
	reached  []*featureFile // every file parsed, in the order reached
	problems []string
	warnings []string
}

// findAll returns the scenarios opts.Paths (directories walked lexically)
// select by line, then tag, in path order, then file order, each once.
// Every file is parsed first: anything wrong is one *Error listing every
// problem; warnings come either way. With opts.Every, every is each
// scenario of the files reached, without Steps or Content (mush.Test's
// subtest names).
func findAll(sys system, opts Options) (found, every []Scenario, warnings []string, err error) {
	f := &finder{sys: sys, files: map[string]*featureFile{}, seen: map[string]bool{}, found: []Scenario{}}
	expr, err := tagexpr.Parse(opts.Tags)
	if err != nil {
		f.problems = append(f.problems, err.Error())
	}
	f.expr = expr
	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{DefaultPath}
	}
	for _, input := range paths {
		f.add(input)
	}
	f.problems, f.warnings = summariseEmpty(f.problems, f.warnings)
	if len(f.problems) > 0 {
		return nil, nil, f.warnings, &Error{Problems: f.problems}
	}
	for i := range f.found {
		f.found[i].Order = i
	}
	if opts.Every {
		for _, ff := range f.reached {
			for _, p := range ff.pickles {
				every = append(every, ff.scenario(ff.path, p))
			}
		}
	}
	return f.found, every, f.warnings, nil
}
