package tagexpr

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cucumber/godog"
	"gopkg.in/yaml.v3"
)

// tagSets are the scenario tag sets every valid expression is checked on.
var tagSets = [][]string{
	nil,
	{"@a"},
	{"@b"},
	{"@c"},
	{"@a", "@b"},
	{"@a", "@c"},
	{"@b", "@c"},
	{"@a", "@b", "@c"},
}

// godogCases are in godog's syntax (or a lone tag, which reads the same
// in both), hold the tagSets indexes each selects, and are checked against
// godog itself.
var godogCases = []struct {
	expr    string
	want    []int
	wantStr string
}{
	{expr: "", want: []int{0, 1, 2, 3, 4, 5, 6, 7}, wantStr: ""},
	{expr: "   ", want: []int{0, 1, 2, 3, 4, 5, 6, 7}, wantStr: ""},
	{expr: "@a", want: []int{1, 4, 5, 7}, wantStr: "@a"},
	{expr: "a", want: []int{1, 4, 5, 7}, wantStr: "a"},
	{expr: "@@a", want: []int{1, 4, 5, 7}, wantStr: "@@a"},
	{expr: "~@a", want: []int{0, 2, 3, 6}, wantStr: "not ( @a )"},
	{expr: "~a", want: []int{0, 2, 3, 6}, wantStr: "not ( @a )"},
	{expr: "@~a", want: []int{0, 2, 3, 6}, wantStr: "not ( @a )"},
	{expr: "~~a", want: []int{0, 1, 2, 3, 4, 5, 6, 7}, wantStr: "not ( @~a )"},
	{expr: "@a&&@b", want: []int{4, 7}, wantStr: "( @a and @b )"},
	{expr: " @a && @b ", want: []int{4, 7}, wantStr: "( @a and @b )"},
	{expr: "@a,@b", want: []int{1, 2, 4, 5, 6, 7}, wantStr: "( @a or @b )"},
	{expr: " @a , @b ", want: []int{1, 2, 4, 5, 6, 7}, wantStr: "( @a or @b )"},
	{expr: "@a,@a", want: []int{1, 4, 5, 7}, wantStr: "( @a or @a )"},
	{expr: "@a&&~@b", want: []int{1, 5}, wantStr: "( @a and not ( @b ) )"},
	{expr: "~@a&&~@b", want: []int{0, 3}, wantStr: "( not ( @a ) and not ( @b ) )"},
	{expr: "@a&&~@b,@c", want: []int{1, 3, 5, 6, 7}, wantStr: "( ( @a and not ( @b ) ) or @c )"},
	{expr: "@c,@a&&~@b", want: []int{1, 3, 5, 6, 7}, wantStr: "( @c or ( @a and not ( @b ) ) )"},
	{expr: "@a,@b&&@c", want: []int{1, 4, 5, 6, 7}, wantStr: "( @a or ( @b and @c ) )"},
	{expr: "@a&&@b&&@c,~@a&&~@b&&~@c", want: []int{0, 7}, wantStr: "( ( ( @a and @b ) and @c ) or ( ( not ( @a ) and not ( @b ) ) and not ( @c ) ) )"},
	{expr: "@d", want: nil, wantStr: "@d"},
	{expr: "~@d", want: []int{0, 1, 2, 3, 4, 5, 6, 7}, wantStr: "not ( @d )"},
}

// cucumberCases are in Cucumber's syntax, each beside the godog
// expression that means the same where godog can say it.
var cucumberCases = []struct {
	expr  string
	godog string
	want  []int
}{
	{expr: "@a and @b", godog: "@a&&@b", want: []int{4, 7}},
	{expr: "a and b", godog: "a&&b", want: []int{4, 7}},
	{expr: "@a or @b", godog: "@a,@b", want: []int{1, 2, 4, 5, 6, 7}},
	{expr: "not @a", godog: "~@a", want: []int{0, 2, 3, 6}},
	{expr: "(@a)", godog: "@a", want: []int{1, 4, 5, 7}},
	{expr: "@a and not @b or @c", godog: "@a&&~@b,@c", want: []int{1, 3, 5, 6, 7}},
	{expr: "@a or @b and @c", godog: "@a,@b&&@c", want: []int{1, 4, 5, 6, 7}},
	{expr: "(@a or @b) and @c", godog: "@a&&@c,@b&&@c", want: []int{5, 6, 7}},
	{expr: "@a and not (@b or @c)", godog: "@a&&~@b&&~@c", want: []int{1}},
	{expr: "not (@a and @b)", godog: "~@a,~@b", want: []int{0, 1, 2, 3, 5, 6}},
	{expr: "not not @a", want: []int{1, 4, 5, 7}},
	{expr: "not(@a)or(@b)", godog: "~@a,@b", want: []int{0, 2, 3, 4, 6, 7}},
	{expr: "\t@a\nand\u00a0@b ", godog: "@a&&@b", want: []int{4, 7}},
}

func TestParseGodog(t *testing.T) {
	for _, tc := range godogCases {
		t.Run(tc.expr, func(t *testing.T) {
			e, err := Parse(tc.expr)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.expr, err)
			}
			if got := selected(e); !slices.Equal(got, tc.want) {
				t.Errorf("Parse(%q) selects %v, want %v", tc.expr, got, tc.want)
			}
			if got := e.String(); got != tc.wantStr {
				t.Errorf("Parse(%q).String() = %q, want %q", tc.expr, got, tc.wantStr)
			}
			if strings.Contains(e.String(), "~") {
				return // godog's "~~a" is the tag "~a", negated: not a Cucumber expression
			}
			again, err := Parse(e.String())
			if err != nil {
				t.Fatalf("Parse(String()) of %q: %v", tc.expr, err)
			}
			if got := selected(again); !slices.Equal(got, tc.want) {
				t.Errorf("Parse(%q) selects %v, want %v", e.String(), got, tc.want)
			}
		})
	}
}

func TestParseCucumber(t *testing.T) {
	for _, tc := range cucumberCases {
		t.Run(tc.expr, func(t *testing.T) {
			e, err := Parse(tc.expr)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.expr, err)
			}
			if got := selected(e); !slices.Equal(got, tc.want) {
				t.Errorf("Parse(%q) selects %v, want %v", tc.expr, got, tc.want)
			}
			if tc.godog == "" {
				return
			}
			g, err := Parse(tc.godog)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.godog, err)
			}
			if got := selected(g); !slices.Equal(got, tc.want) {
				t.Errorf("godog's %q selects %v, Cucumber's %q %v", tc.godog, got, tc.expr, tc.want)
			}
		})
	}
}

// TestMatchesGodog runs godog itself with each expression in its syntax
// over one scenario per tag set and checks it runs the scenarios Match
// selects.
func TestMatchesGodog(t *testing.T) {
	feature := godogFeature()
	exprs := []string{}
	for _, tc := range godogCases {
		if strings.TrimSpace(tc.expr) != "" || tc.expr == "" { // godog panics on a blank expression
			exprs = append(exprs, tc.expr)
		}
	}
	for _, tc := range cucumberCases {
		if tc.godog != "" {
			exprs = append(exprs, tc.godog)
		}
	}
	for _, expr := range exprs {
		t.Run(expr, func(t *testing.T) {
			e, err := Parse(expr)
			if err != nil {
				t.Fatalf("Parse(%q): %v", expr, err)
			}
			if got, want := runGodog(t, expr, feature), selected(e); !slices.Equal(got, want) {
				t.Errorf("godog with tags %q runs %v, Match selects %v", expr, got, want)
			}
		})
	}
}

// Cucumber's own test data for tag expressions, testdata/cucumber/*.yml,
// copied with its licence from github.com/cucumber/tag-expressions
// (testdata/, commit 3f215a498d3176168bb660a2c5c3707a7c8ceb16): every
// implementation runs these cases. Its variables carry no "@", so mush's
// comparison without "@" changes nothing there.

func TestCucumberParsing(t *testing.T) {
	var cases []struct{ Expression, Formatted string }
	readYAML(t, "parsing.yml", &cases)
	for _, tc := range cases {
		t.Run(tc.Expression, func(t *testing.T) {
			e, err := Parse(tc.Expression)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.Expression, err)
			}
			if got := e.String(); got != tc.Formatted {
				t.Errorf("Parse(%q).String() = %q, want %q", tc.Expression, got, tc.Formatted)
			}
			again, err := Parse(tc.Formatted)
			if err != nil || again.String() != tc.Formatted {
				t.Errorf("Parse(%q) = %q, %v; want it unchanged", tc.Formatted, again, err)
			}
		})
	}
}

func TestCucumberEvaluations(t *testing.T) {
	var cases []struct {
		Expression string
		Tests      []struct {
			Variables []string
			Result    bool
		}
	}
	readYAML(t, "evaluations.yml", &cases)
	for _, tc := range cases {
		t.Run(tc.Expression, func(t *testing.T) {
			e, err := Parse(tc.Expression)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.Expression, err)
			}
			for _, v := range tc.Tests {
				if got := e.Match(v.Variables); got != v.Result {
					t.Errorf("Parse(%q).Match(%q) = %v, want %v", tc.Expression, v.Variables, got, v.Result)
				}
			}
		})
	}
}

func TestCucumberErrors(t *testing.T) {
	var cases []struct{ Expression, Error string }
	readYAML(t, "errors.yml", &cases)
	for _, tc := range cases {
		t.Run(tc.Expression, func(t *testing.T) {
			_, err := Parse(tc.Expression)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want %s", tc.Expression, tc.Error)
			}
			// Cucumber's error ends "syntax error: <reason>."; mush gives
			// the same reason, then where and what is accepted.
			_, reason, _ := strings.Cut(tc.Error, "could not be parsed because of ")
			reason = strings.ToLower(strings.TrimSuffix(reason, "."))
			if !strings.Contains(strings.ToLower(err.Error()), reason) {
				t.Errorf("Parse(%q) error\n got: %s\nwant it to say: %s", tc.Expression, err, reason)
			}
		})
	}
}

// readYAML decodes testdata/cucumber/name into v.
func readYAML(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "cucumber", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func TestParseInvalid(t *testing.T) {
	const mixed = "godog's &&, , and ~ cannot be mixed with Cucumber's and, or, not, parentheses and backslashes"
	tests := []struct {
		expr string
		want string
	}{
		{expr: "@a,", want: `alternative 2 (between commas) is empty`},
		{expr: ",@a", want: `alternative 1 (between commas) is empty`},
		{expr: "@a, ,@b", want: `alternative 2 (between commas) is empty`},
		{expr: "@a&&", want: `"@a&&" has an empty term around &&`},
		{expr: "&&@a", want: `"&&@a" has an empty term around &&`},
		{expr: "@a&& &&@b", want: `"@a&& &&@b" has an empty term around &&`},
		{expr: "@b,@a&&", want: `"@a&&" has an empty term around &&`},
		{expr: "~", want: `term "~" names no tag`},
		{expr: "~@", want: `term "~@" names no tag`},
		{expr: "@a&&@b\t@c", want: `term "@b\t@c" contains a space`},
		{expr: "@a&&(@b,@c)", want: mixed},
		{expr: "@a && not @b", want: mixed},
		{expr: "@a,@b or @c", want: mixed},
		{expr: "~@a and @b", want: mixed},
		{expr: `@a\ b,@c`, want: mixed},
		{expr: "@", want: `"@" names no tag`},
		{expr: "@a and @@", want: `"@@" names no tag`},
		{expr: "@a @b", want: `syntax error: expected operator (and, or) before "@b"`},
		{expr: "@a and (@b not)", want: `syntax error: expected operator (and, or) before "not"`},
		{expr: "@a or and @b", want: `syntax error: expected operand (a tag, not or a parenthesis) before "and"`},
		{expr: "()", want: `syntax error: expected operand (a tag, not or a parenthesis) before ")"`},
		{expr: "@a and not", want: `syntax error: expected operand at the end`},
		{expr: "@a)", want: `syntax error: unmatched )`},
		{expr: "(@a", want: `syntax error: unmatched (`},
		{expr: `@a\b`, want: `syntax error: illegal escape before "b" (a backslash escapes only (, ), \ and whitespace)`},
		{expr: `@a\`, want: `syntax error: a backslash ends the expression (it escapes only (, ), \ and whitespace)`},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			_, err := Parse(tc.expr)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want an error", tc.expr)
			}
			want := fmt.Sprintf("invalid tag expression %q: %s; %s", tc.expr, tc.want, accepted)
			if err.Error() != want {
				t.Errorf("Parse(%q) error\n got: %s\nwant: %s", tc.expr, err, want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("Parse(%q) error spans several lines", tc.expr)
			}
		})
	}
}

// TestEscapedTags: a backslash keeps "(", ")", "\" and whitespace in a tag,
// and an escaped word is a tag, not an operator.
func TestEscapedTags(t *testing.T) {
	tests := []struct {
		expr string
		tags []string
		want bool
	}{
		{expr: `@a\ b`, tags: []string{"@a b"}, want: true},
		{expr: `@a\ b`, tags: []string{"@a", "@b"}, want: false},
		{expr: `@a\(b\)`, tags: []string{"@a(b)"}, want: true},
		{expr: `not @a\(b\)`, tags: []string{"@a"}, want: true},
		{expr: `\(`, tags: []string{"("}, want: true},
		{expr: `@x and \(`, tags: []string{"@x", "@("}, want: true},
		{expr: `@a\\`, tags: []string{`@a\`}, want: true},
	}
	for _, tc := range tests {
		e, err := Parse(tc.expr)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.expr, err)
		}
		if got := e.Match(tc.tags); got != tc.want {
			t.Errorf("Parse(%q).Match(%q) = %v, want %v", tc.expr, tc.tags, got, tc.want)
		}
	}
}

// selected returns the indexes of the tagSets e matches.
func selected(e Expr) []int {
	var got []int
	for i, tags := range tagSets {
		if e.Match(tags) {
			got = append(got, i)
		}
	}
	return got
}

// godogFeature returns a feature with one scenario per tag set, named
// after its index.
func godogFeature() []byte {
	var b bytes.Buffer
	b.WriteString("Feature: tags\n")
	for i, tags := range tagSets {
		fmt.Fprintf(&b, "\n  %s\n  Scenario: %d\n    Given noop\n", strings.Join(tags, " "), i)
	}
	return b.Bytes()
}

// runGodog runs feature with godog filtered by tags and returns the
// indexes of the scenarios it ran.
func runGodog(t *testing.T, tags string, feature []byte) []int {
	t.Helper()
	var ran []int
	suite := godog.TestSuite{
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			sc.Step(`^noop$`, func() {})
			sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
				i, err := strconv.Atoi(s.Name)
				ran = append(ran, i)
				return ctx, err
			})
		},
		Options: &godog.Options{
			Format:          "progress",
			Output:          io.Discard,
			Tags:            tags,
			FeatureContents: []godog.Feature{{Name: "tags.feature", Contents: feature}},
		},
	}
	if status := suite.Run(); status != 0 {
		t.Fatalf("godog run with tags %q exited %d", tags, status)
	}
	slices.Sort(ran)
	return ran
}
