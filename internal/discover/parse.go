package discover

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
	"github.com/mushbdd/mush/internal/atomicfile"
)

// noFeature is the problem of a file without a Feature.
const noFeature = "no Feature in this file"

// maxLine is the longest line gherkin's scanner reads; it panics on
// longer ones.
const maxLine = 64*1024 - 1

// featureFile is a parsed feature file.
type featureFile struct {
	path    string   // as first reached
	lines   []string // text split on "\n"; lines[0] is line 1
	doc     *messages.GherkinDocument
	pickles []*messages.Pickle
	layout  *layout
}

// located matches one gherkin parse error, "(LINE:COLUMN): message".
var located = regexp.MustCompile(`^\((\d+):\d+\): (.*)$`)

// load reads and parses the feature file at path.
func (f *finder) load(path string) (*featureFile, []string) {
	data, err := f.sys.readFile(path)
	switch {
	case atomicfile.IsRefused(err):
		return nil, []string{err.Error()}
	case err != nil:
		return nil, []string{fmt.Sprintf("%s: cannot read: %v", path, cause(err))}
	}
	return parse(path, data)
}

// parse parses the text of the feature file at path.
func parse(path string, data []byte) (*featureFile, []string) {
	lines := strings.Split(string(data), "\n")
	if problem := checkLines(path, lines); problem != "" {
		return nil, []string{problem}
	}
	newID := (&messages.Incrementing{}).NewId
	doc, err := ParseDocument(bytes.NewReader(data), newID)
	if err != nil {
		return nil, parseProblems(path, err)
	}
	if doc.Feature == nil {
		return nil, []string{path + ": " + noFeature}
	}
	l := newLayout(doc.Feature, len(lines))
	if len(l.long) > 0 {
		return nil, docStringProblems(path, l.long)
	}
	return &featureFile{
		path:    path,
		lines:   lines,
		doc:     doc,
		pickles: gherkin.Pickles(*doc, path, newID),
		layout:  l,
	}, nil
}

// checkLines reports the first line gherkin cannot read.
func checkLines(path string, lines []string) string {
	for i, line := range lines {
		switch {
		case !utf8.ValidString(line):
			return fmt.Sprintf("%s:%d: not valid UTF-8", path, i+1)
		case len(line) > maxLine:
			return fmt.Sprintf("%s:%d: line is longer than %d bytes", path, i+1, maxLine)
		}
	}
	return ""
}

// parseProblems splits gherkin's composite error into one problem per
// underlying error, each prefixed with path and line.
func parseProblems(path string, err error) []string {
	var problems []string
	for _, msg := range strings.Split(strings.TrimPrefix(err.Error(), "Parser errors:\n"), "\n") {
		if m := located.FindStringSubmatch(msg); m != nil {
			problems = append(problems, fmt.Sprintf("%s:%s: %s", path, m[1], lowerFirst(m[2])))
			continue
		}
		problems = append(problems, fmt.Sprintf("%s: %s", path, lowerFirst(msg)))
	}
	return problems
}

// lowerFirst lowercases a leading capital that starts a word, such as
// gherkin's "Language not supported", but leaves "EOF" alone.
func lowerFirst(s string) string {
	first, n := utf8.DecodeRuneInString(s)
	second, _ := utf8.DecodeRuneInString(s[n:])
	if unicode.IsUpper(first) && unicode.IsLower(second) {
		return string(unicode.ToLower(first)) + s[n:]
	}
	return s
}
