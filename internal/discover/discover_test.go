package discover

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	gherkin "github.com/cucumber/gherkin/go/v42"
	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/golden"
)

const acceptedSuffix = " (accepted: .feature files, directories holding them, file.feature:LINE)"

// Scenarios of testdata/basic/a.feature, as summary prints them.
const (
	aFirst = `testdata/basic/a.feature:10 "first" @feature-tag @fast`
	aEat1  = `testdata/basic/a.feature:27 "eat 1" @feature-tag @small`
	aEat2  = `testdata/basic/a.feature:28 "eat 2" @feature-tag @small`
	aEat10 = `testdata/basic/a.feature:33 "eat 10" @feature-tag @large`
	aLast  = `testdata/basic/a.feature:36 "last" @feature-tag @slow`
	bOnly  = `testdata/basic/sub/b.feature:2 "only"`
)

// Find and find are findAll's selection alone, on the real file system
// and on sys.
func Find(opts Options) ([]Scenario, []string, error) { return find(osSystem, opts) }

func find(sys system, opts Options) ([]Scenario, []string, error) {
	found, _, warnings, err := findAll(sys, opts)
	return found, warnings, err
}

func TestFind(t *testing.T) {
	tests := []struct {
		name     string
		opts     Options
		sys      func(system) system // nil: the real file system
		want     []string            // summary of each scenario found, in order
		warnings []string
		problems []string // nil: no error
	}{
		{
			name: "directory walked lexically, other files ignored",
			opts: Options{Paths: []string{"testdata/basic"}},
			want: []string{aFirst, aEat1, aEat2, aEat10, aLast, bOnly},
		},
		{
			name: "paths in the order given",
			opts: Options{Paths: []string{"testdata/basic/sub/b.feature", "testdata/basic/a.feature"}},
			want: []string{bOnly, aFirst, aEat1, aEat2, aEat10, aLast},
		},
		{
			name: "overlapping paths keep the first position",
			opts: Options{Paths: []string{"testdata/basic/sub", "./testdata/basic/", "testdata/basic/a.feature"}},
			want: []string{bOnly, aFirst, aEat1, aEat2, aEat10, aLast},
		},
		{
			name: "overlap between a line and its file",
			opts: Options{Paths: []string{"testdata/basic/a.feature:28", "testdata/basic/a.feature"}},
			want: []string{aEat2, aFirst, aEat1, aEat10, aLast},
		},
		{
			name: "same file reached relative and absolute",
			opts: Options{Paths: []string{"testdata/basic/sub/b.feature", mustAbs(t, "testdata/basic/sub/b.feature")}},
			want: []string{bOnly},
		},
		{
			name: "scenario line",
			opts: Options{Paths: []string{"testdata/basic/a.feature:36"}},
			want: []string{aLast},
		},
		{
			name: "outline line selects every row",
			opts: Options{Paths: []string{"testdata/basic/a.feature:21"}},
			want: []string{aEat1, aEat2, aEat10},
		},
		{
			name: "examples row line selects that row",
			opts: Options{Paths: []string{"testdata/basic/a.feature:33"}},
			want: []string{aEat10},
		},
		{
			name: "same file with several lines",
			opts: Options{Paths: []string{"testdata/basic/a.feature:36", "testdata/basic/a.feature:27", "testdata/basic/a.feature:36"}},
			want: []string{aLast, aEat1},
		},
		{
			name: "lines then tags",
			opts: Options{Paths: []string{"testdata/basic/a.feature:21"}, Tags: "@large"},
			want: []string{aEat10},
		},
		{
			name: "tag on scenario",
			opts: Options{Paths: []string{"testdata/basic"}, Tags: "@fast"},
			want: []string{aFirst},
		},
		{
			name: "negated tag and tagged examples",
			opts: Options{Paths: []string{"testdata/basic"}, Tags: "~@slow&&~@small"},
			want: []string{aFirst, aEat10, bOnly},
		},
		{
			name: "feature tag is inherited",
			opts: Options{Paths: []string{"testdata/basic"}, Tags: "@feature-tag"},
			want: []string{aFirst, aEat1, aEat2, aEat10, aLast},
		},
		{
			name: "tags matching nothing",
			opts: Options{Paths: []string{"testdata/basic"}, Tags: "@nothing"},
			want: []string{},
		},
		{
			name: "rules, their backgrounds and tags",
			opts: Options{Paths: []string{"testdata/rules.feature"}},
			want: []string{
				`testdata/rules.feature:6 "before rules"`,
				`testdata/rules.feature:17 "in rule one" @rule-one @r1`,
				`testdata/rules.feature:25 "outline in rule one p" @rule-one`,
				`testdata/rules.feature:26 "outline in rule one q" @rule-one`,
				`testdata/rules.feature:30 "in rule two"`,
			},
		},
		{
			name: "rule tag",
			opts: Options{Paths: []string{"testdata/rules.feature"}, Tags: "rule-one&&~r1"},
			want: []string{
				`testdata/rules.feature:25 "outline in rule one p" @rule-one`,
				`testdata/rules.feature:26 "outline in rule one q" @rule-one`,
			},
		},
		{
			name: "language header",
			opts: Options{Paths: []string{"testdata/fr.feature"}},
			want: []string{
				`testdata/fr.feature:8 "premier" @fr`,
				`testdata/fr.feature:16 "plan a" @fr`,
				`testdata/fr.feature:17 "plan b" @fr`,
			},
		},
		{
			name: "crlf line endings and no final newline",
			opts: Options{Paths: []string{"testdata/crlf.feature:6"}},
			want: []string{`testdata/crlf.feature:6 "two"`},
		},
		{
			name: "warnings",
			opts: Options{Paths: []string{"testdata/warn"}},
			want: []string{
				`testdata/warn/dup.feature:3 "same"`,
				`testdata/warn/dup.feature:11 "rows"`,
				`testdata/warn/dup.feature:12 "rows"`,
				`testdata/warn/dup.feature:14 "same"`,
			},
			warnings: []string{
				`testdata/warn/dup.feature:14: scenario name "same" also used at line 3`,
				`testdata/warn/empty.feature: feature "Nothing here" has no scenarios`,
			},
		},
		{
			name:     "warnings once per file",
			opts:     Options{Paths: []string{"testdata/warn/empty.feature", "testdata/warn"}},
			want:     []string{`testdata/warn/dup.feature:3 "same"`, `testdata/warn/dup.feature:11 "rows"`, `testdata/warn/dup.feature:12 "rows"`, `testdata/warn/dup.feature:14 "same"`},
			warnings: []string{`testdata/warn/empty.feature: feature "Nothing here" has no scenarios`, `testdata/warn/dup.feature:14: scenario name "same" also used at line 3`},
		},
		{
			name:     "default path",
			opts:     Options{},
			problems: []string{`path "features" does not exist` + acceptedSuffix},
		},
		{
			name: "every malformed file reported",
			opts: Options{Paths: []string{"testdata/bad", "testdata/basic"}},
			problems: []string{
				`testdata/bad/a_multi.feature:4: expected: #EOF, #TableRow, #DocStringSeparator, #StepLine, #TagLine, #ExamplesLine, #ScenarioLine, #RuleLine, #Comment, #Empty, got '  stray text'`,
				`testdata/bad/a_multi.feature:7: expected: #EOF, #TableRow, #DocStringSeparator, #StepLine, #TagLine, #ExamplesLine, #ScenarioLine, #RuleLine, #Comment, #Empty, got '  more stray'`,
				`testdata/bad/b_cells.feature:5: inconsistent cell count within the table`,
				`testdata/bad/c_latin1.feature:3: not valid UTF-8`,
				`testdata/bad/d_comments.feature: no Feature in this file`,
				`testdata/bad/e_empty.feature: no Feature in this file`,
				`testdata/bad/f_language.feature:1: language not supported: xx`,
			},
		},
		{
			name: "malformed file reported once",
			opts: Options{Paths: []string{"testdata/bad/b_cells.feature", "testdata/bad/b_cells.feature:3"}},
			problems: []string{
				`testdata/bad/b_cells.feature:5: inconsistent cell count within the table`,
			},
		},
		{
			name: "path problems and tag expression together",
			opts: Options{
				Paths: []string{"testdata/missing.feature", "", "testdata/nofeatures", "testdata/nofeatures/readme.txt", "testdata/basic", "testdata/missing"},
				Tags:  "@a&&",
			},
			problems: []string{
				`invalid tag expression "@a&&": "@a&&" has an empty term around &&; accepted: Cucumber's tag expressions, e.g. @fast and not (@slow or @wip), or godog's, e.g. @fast&&~@slow,@smoke`,
				`path "testdata/missing.feature" does not exist` + acceptedSuffix,
				`path "" is empty` + acceptedSuffix,
				`path "testdata/nofeatures" holds no .feature files`,
				`path "testdata/nofeatures/readme.txt" is not a .feature file` + acceptedSuffix,
				`path "testdata/missing" does not exist` + acceptedSuffix,
			},
		},
		{
			name:     "path through a file",
			opts:     Options{Paths: []string{"testdata/basic/sub/b.feature/x.feature"}},
			problems: []string{`path "testdata/basic/sub/b.feature/x.feature": cannot read: not a directory`},
		},
		{
			name:     "line on a directory",
			opts:     Options{Paths: []string{"testdata/basic:3"}},
			problems: []string{`path "testdata/basic:3" is a directory; a :LINE suffix needs a .feature file`},
		},
		{
			name: "bad lines",
			opts: Options{Paths: []string{"testdata/basic/a.feature:7", "testdata/basic/a.feature:0", "testdata/basic/sub/b.feature:1", "testdata/basic/a.feature:26", "testdata/warn/empty.feature:1"}},
			problems: []string{
				`testdata/basic/a.feature:7: line 7 is not a Scenario, Scenario Outline or Examples row (scenarios start at lines 10, 21, 36)`,
				`testdata/basic/a.feature:0: line 0 is not a Scenario, Scenario Outline or Examples row (scenarios start at lines 10, 21, 36)`,
				`testdata/basic/sub/b.feature:1: line 1 is not a Scenario, Scenario Outline or Examples row (the scenario starts at line 2)`,
				`testdata/basic/a.feature:26: line 26 is not a Scenario, Scenario Outline or Examples row (scenarios start at lines 10, 21, 36)`,
				`testdata/warn/empty.feature:1: line 1 is not a Scenario, Scenario Outline or Examples row (this file has no scenarios)`,
			},
			warnings: []string{`testdata/warn/empty.feature: feature "Nothing here" has no scenarios`},
		},
		{
			name: "line suffix that is not a number belongs to the name",
			opts: Options{Paths: []string{"testdata/basic/a.feature:abc", "testdata/basic/a.feature:99999999999999999999"}},
			problems: []string{
				`path "testdata/basic/a.feature:abc" does not exist` + acceptedSuffix,
				`path "testdata/basic/a.feature:99999999999999999999" does not exist` + acceptedSuffix,
			},
		},
		{
			name:     "unreadable file",
			opts:     Options{Paths: []string{"testdata/basic"}},
			sys:      failRead("testdata/basic/sub/b.feature"),
			problems: []string{`testdata/basic/sub/b.feature: cannot read: permission denied`},
		},
		{
			name:     "unreadable directory",
			opts:     Options{Paths: []string{"testdata/basic"}},
			sys:      failWalk("testdata/basic/sub"),
			problems: []string{`testdata/basic/sub: cannot read: permission denied`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sys := osSystem
			if tc.sys != nil {
				sys = tc.sys(sys)
			}
			found, warnings, err := find(sys, tc.opts)
			if got := problems(t, err); !slices.Equal(got, tc.problems) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.problems, "\n"))
			}
			if !slices.Equal(warnings, tc.warnings) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(tc.warnings, "\n"))
			}
			if got := summaries(found); !slices.Equal(got, tc.want) {
				t.Errorf("found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for i, s := range found {
				if s.Order != i {
					t.Errorf("%s:%d has Order %d, want %d", s.File, s.Line, s.Order, i)
				}
				checkContent(t, s)
				checkRerun(t, s)
			}
		})
	}
}

func TestFindFields(t *testing.T) {
	tests := []struct {
		name string
		path string
		want Scenario // Content is not compared
	}{
		{
			name: "docstring, table and background",
			path: "testdata/basic/a.feature:10",
			want: Scenario{
				Feature: "Basic", Name: "first", File: "testdata/basic/a.feature", Line: 10,
				Tags: []string{"@feature-tag", "@fast"},
				Steps: []Step{
					{Keyword: "Given", Text: "a background step", Line: 7, Type: messages.PickleStepType_CONTEXT},
					{Keyword: "Given", Text: "a docstring:", Line: 11, Type: messages.PickleStepType_CONTEXT,
						Arg: &messages.PickleStepArgument{DocString: &messages.PickleDocString{Content: "Scenario: not a real one"}}},
					{Keyword: "When", Text: "a table:", Line: 15, Type: messages.PickleStepType_ACTION,
						Arg: &messages.PickleStepArgument{DataTable: &messages.PickleTable{Rows: []*messages.PickleTableRow{
							{Cells: []*messages.PickleTableCell{{Value: "a"}, {Value: "b"}}}, {Cells: []*messages.PickleTableCell{{Value: "1"}, {Value: "2"}}}}}}},
					{Keyword: "Then", Text: "done", Line: 18, Type: messages.PickleStepType_OUTCOME},
				},
			},
		},
		{
			name: "outline row in a rule",
			path: "testdata/rules.feature:26",
			want: Scenario{
				Feature: "Rules", Name: "outline in rule one q", File: "testdata/rules.feature", Line: 26,
				Tags: []string{"@rule-one"},
				Steps: []Step{
					{Keyword: "Given", Text: "feature background", Line: 4, Type: messages.PickleStepType_CONTEXT},
					{Keyword: "Given", Text: "rule one background", Line: 14, Type: messages.PickleStepType_CONTEXT},
					{Keyword: "Given", Text: "q", Line: 21, Type: messages.PickleStepType_CONTEXT},
				},
			},
		},
		{
			name: "star keyword, untagged",
			path: "testdata/basic/sub/b.feature",
			want: Scenario{
				Feature: "Sub", Name: "only", File: "testdata/basic/sub/b.feature", Line: 2,
				Tags:  []string{},
				Steps: []Step{{Keyword: "Given", Text: "a step", Line: 3, Type: messages.PickleStepType_CONTEXT}},
			},
		},
		{
			name: "language header",
			path: "testdata/fr.feature:17",
			want: Scenario{
				Feature: "Français", Name: "plan b", File: "testdata/fr.feature", Line: 17,
				Tags: []string{"@fr"},
				Steps: []Step{
					{Keyword: "Soit", Text: "un contexte", Line: 6, Type: messages.PickleStepType_CONTEXT},
					{Keyword: "Soit", Text: "b", Line: 12, Type: messages.PickleStepType_CONTEXT},
				},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			found, _, err := Find(Options{Paths: []string{tc.path}})
			if err != nil {
				t.Fatal(err)
			}
			if len(found) != 1 {
				t.Fatalf("found %d scenarios, want 1", len(found))
			}
			got := found[0]
			got.Content = nil
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestContentGolden(t *testing.T) {
	tests := []struct {
		path   string // file.feature:LINE selecting one scenario
		golden string // under testdata/golden
	}{
		{path: "testdata/basic/a.feature:10", golden: "a_first.golden"},
		{path: "testdata/basic/a.feature:28", golden: "a_eat2.golden"},
		{path: "testdata/basic/a.feature:33", golden: "a_eat10.golden"},
		{path: "testdata/basic/a.feature:36", golden: "a_last.golden"},
		{path: "testdata/rules.feature:6", golden: "rules_before.golden"},
		{path: "testdata/rules.feature:26", golden: "rules_outline_q.golden"},
		{path: "testdata/rules.feature:30", golden: "rules_two.golden"},
		{path: "testdata/fr.feature:16", golden: "fr_plan_a.golden"},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			found, _, err := Find(Options{Paths: []string{tc.path}})
			if err != nil {
				t.Fatal(err)
			}
			if len(found) != 1 {
				t.Fatalf("found %d scenarios, want 1", len(found))
			}
			golden.Check(t, filepath.Join("testdata", "golden", tc.golden), found[0].Content)
			if got := runGodog(found[0]); !slices.Equal(got, []string{found[0].Name}) {
				t.Errorf("godog runs %q from the content of %s, want only %q", got, tc.path, found[0].Name)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		problems []string
	}{
		{
			name:     "line too long for gherkin",
			data:     "Feature: long\n  Scenario: s\n    Given " + strings.Repeat("x", maxLine) + "\n",
			problems: []string{"long.feature:3: line is longer than 65535 bytes"},
		},
		{
			name: "longest line gherkin reads",
			data: "Feature: long\n  Scenario: s\n    Given " + strings.Repeat("x", maxLine-len("    Given ")) + "\n",
		},
		{
			name:     "invalid UTF-8 reported before gherkin errors",
			data:     "Feature: x\nstray\n\xff\n",
			problems: []string{"long.feature:3: not valid UTF-8"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ff, got := parse("long.feature", []byte(tc.data))
			if !slices.Equal(got, tc.problems) {
				t.Errorf("problems %q, want %q", got, tc.problems)
			}
			if (ff == nil) != (tc.problems != nil) {
				t.Errorf("parsed file is %v with problems %q", ff, got)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{
			name: "located errors",
			err:  fmt.Errorf("Parser errors:\n(3:1): Language not supported: xx\n(7:0): unexpected end of file"),
			want: []string{"f.feature:3: language not supported: xx", "f.feature:7: unexpected end of file"},
		},
		{
			name: "error without location",
			err:  fmt.Errorf("Parser errors:\nEOF reached early"),
			want: []string{"f.feature: EOF reached early"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseProblems("f.feature", tc.err); !slices.Equal(got, tc.want) {
				t.Errorf("parseProblems = %q, want %q", got, tc.want)
			}
		})
	}
}

// runGodog runs the content of s with godog and returns the names of the
// scenarios it starts; their steps may fail.
func runGodog(s Scenario) []string {
	var names []string
	suite := godog.TestSuite{
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			sc.Before(func(ctx context.Context, p *godog.Scenario) (context.Context, error) {
				names = append(names, p.Name)
				return ctx, nil
			})
		},
		Options: &godog.Options{
			Format:          "progress",
			Output:          io.Discard,
			FeatureContents: []godog.Feature{{Name: s.File, Contents: s.Content}},
		},
	}
	suite.Run()
	return names
}

// summary describes s on one line for comparisons.
func summary(s Scenario) string {
	line := fmt.Sprintf("%s:%d %q", s.File, s.Line, s.Name)
	if len(s.Tags) > 0 {
		line += " " + strings.Join(s.Tags, " ")
	}
	return line
}

// summaries describes each scenario found; nil when err stopped Find.
func summaries(found []Scenario) []string {
	if found == nil {
		return nil
	}
	got := []string{}
	for _, s := range found {
		got = append(got, summary(s))
	}
	return got
}

// problems returns the problems of err, which must be nil or an *Error.
func problems(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("error is %T, want *Error: %v", err, err)
	}
	if err.Error() != strings.Join(e.Problems, "\n") {
		t.Errorf("Error() = %q, want the problems one a line", err.Error())
	}
	return e.Problems
}

// checkContent parses s.Content on its own and checks that it yields s
// alone, from lines of s.File in their order.
func checkContent(t *testing.T, s Scenario) {
	t.Helper()
	newID := (&messages.Incrementing{}).NewId
	doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(s.Content), newID)
	if err != nil {
		t.Fatalf("%s:%d: content does not parse: %v\n%s", s.File, s.Line, err, s.Content)
	}
	pickles := gherkin.Pickles(*doc, s.File, newID)
	if len(pickles) != 1 {
		t.Fatalf("%s:%d: content holds %d scenarios, want 1:\n%s", s.File, s.Line, len(pickles), s.Content)
	}
	p := pickles[0]
	if p.Name != s.Name {
		t.Errorf("content holds %q, want %q", p.Name, s.Name)
	}
	var texts, want []string
	for _, st := range p.Steps {
		texts = append(texts, st.Text)
	}
	for _, st := range s.Steps {
		want = append(want, st.Text)
	}
	if !slices.Equal(texts, want) {
		t.Errorf("%s:%d: content steps %q, want %q", s.File, s.Line, texts, want)
	}
	if got := pickleTags(p); !slices.Equal(got, s.Tags) {
		t.Errorf("%s:%d: content tags %q, want %q", s.File, s.Line, got, s.Tags)
	}
	checkLinesKept(t, s)
}

// checkLinesKept checks that the lines of s.Content are lines of s.File,
// in the file's order, and that the scenario's own keyword line is one.
func checkLinesKept(t *testing.T, s Scenario) {
	t.Helper()
	data, err := os.ReadFile(s.File)
	if err != nil {
		t.Fatal(err)
	}
	orig := strings.Split(string(data), "\n")
	got := strings.Split(strings.TrimSuffix(string(s.Content), "\n"), "\n")
	i := 0
	for _, line := range got {
		for i < len(orig) && orig[i] != line {
			i++
		}
		if i == len(orig) {
			t.Fatalf("%s:%d: content line %q is not the next line of the file:\n%s", s.File, s.Line, line, s.Content)
		}
		i++
	}
	if !slices.Contains(got, orig[s.Line-1]) {
		t.Errorf("%s:%d: content lacks the scenario's line %d:\n%s", s.File, s.Line, s.Line, s.Content)
	}
}

// checkRerun checks that File:Line selects s alone.
func checkRerun(t *testing.T, s Scenario) {
	t.Helper()
	path := fmt.Sprintf("%s:%d", s.File, s.Line)
	found, _, err := Find(Options{Paths: []string{path}})
	if err != nil {
		t.Fatalf("rerun %s: %v", path, err)
	}
	if got := summaries(found); len(got) != 1 || got[0] != summary(s) {
		t.Errorf("rerun %s finds %q, want %q", path, got, summary(s))
	}
}

// failRead makes reading the file at path fail.
func failRead(path string) func(system) system {
	return func(sys system) system {
		read := sys.readFile
		sys.readFile = func(name string) ([]byte, error) {
			if name == path {
				return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
			}
			return read(name)
		}
		return sys
	}
}

// failWalk makes reading the directory at path fail during a walk.
func failWalk(path string) func(system) system {
	return func(sys system) system {
		walk := sys.walkDir
		sys.walkDir = func(root string, fn fs.WalkDirFunc) error {
			return walk(root, func(p string, d fs.DirEntry, err error) error {
				if p == path {
					fn(p, d, &fs.PathError{Op: "open", Path: p, Err: fs.ErrPermission})
					return fs.SkipDir
				}
				return fn(p, d, err)
			})
		}
		return sys
	}
}

// mustAbs returns the absolute form of path.
func mustAbs(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// TestContentDoesNotGrowWithTheFile guards against parsing cost that grows
// with the square of scenarios per file: each scenario's text holds the
// header and its own lines, whatever else the file holds.
func TestContentDoesNotGrowWithTheFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("Feature: Many\n\n  Background:\n    Given a start\n")
	for i := range 300 {
		fmt.Fprintf(&b, "\n  Scenario: number %d\n    Given step %d\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "many.feature")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	found, _, err := Find(Options{Paths: []string{path}})
	if err != nil || len(found) != 300 {
		t.Fatalf("found %d scenarios, %v", len(found), err)
	}
	for _, s := range []Scenario{found[0], found[299]} {
		if n := strings.Count(string(s.Content), "\n"); n > 8 {
			t.Errorf("%s has %d lines of content, want at most 8:\n%s", s.Name, n, s.Content)
		}
		checkContent(t, s)
	}
}
