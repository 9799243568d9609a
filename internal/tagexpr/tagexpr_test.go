package tagexpr

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cucumber/godog"
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

// validCases hold, for each expression, the tagSets indexes it selects.
var validCases = []struct {
	expr    string
	want    []int
	wantStr string
}{
	{expr: "", want: []int{0, 1, 2, 3, 4, 5, 6, 7}, wantStr: ""},
	{expr: "   ", want: []int{0, 1, 2, 3, 4, 5, 6, 7}, wantStr: ""},
	{expr: "@a", want: []int{1, 4, 5, 7}, wantStr: "@a"},
	{expr: "a", want: []int{1, 4, 5, 7}, wantStr: "@a"},
	{expr: "@@a", want: []int{1, 4, 5, 7}, wantStr: "@a"},
	{expr: "~@a", want: []int{0, 2, 3, 6}, wantStr: "~@a"},
	{expr: "~a", want: []int{0, 2, 3, 6}, wantStr: "~@a"},
	{expr: "@~a", want: []int{0, 2, 3, 6}, wantStr: "~@a"},
	{expr: "~~a", want: []int{0, 1, 2, 3, 4, 5, 6, 7}, wantStr: "~@~a"},
	{expr: "@a&&@b", want: []int{4, 7}, wantStr: "@a&&@b"},
	{expr: " @a && @b ", want: []int{4, 7}, wantStr: "@a&&@b"},
	{expr: "@a,@b", want: []int{1, 2, 4, 5, 6, 7}, wantStr: "@a,@b"},
	{expr: " @a , @b ", want: []int{1, 2, 4, 5, 6, 7}, wantStr: "@a,@b"},
	{expr: "@a,@a", want: []int{1, 4, 5, 7}, wantStr: "@a,@a"},
	{expr: "@a&&~@b", want: []int{1, 5}, wantStr: "@a&&~@b"},
	{expr: "~@a&&~@b", want: []int{0, 3}, wantStr: "~@a&&~@b"},
	{expr: "@a&&~@b,@c", want: []int{1, 3, 5, 6, 7}, wantStr: "@a&&~@b,@c"},
	{expr: "@a&&@b&&@c,~@a&&~@b&&~@c", want: []int{0, 7}, wantStr: "@a&&@b&&@c,~@a&&~@b&&~@c"},
	{expr: "@d", want: nil, wantStr: "@d"},
	{expr: "~@d", want: []int{0, 1, 2, 3, 4, 5, 6, 7}, wantStr: "~@d"},
}

func TestParseValid(t *testing.T) {
	for _, tc := range validCases {
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

// TestMatchesGodog runs godog itself with each valid expression over one
// scenario per tag set and checks it runs the scenarios Match selects.
func TestMatchesGodog(t *testing.T) {
	feature := godogFeature()
	for _, tc := range validCases {
		if strings.TrimSpace(tc.expr) == "" && tc.expr != "" {
			continue // godog panics on a blank expression; Parse treats it as empty
		}
		t.Run(tc.expr, func(t *testing.T) {
			e, err := Parse(tc.expr)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.expr, err)
			}
			if got, want := runGodog(t, tc.expr, feature), selected(e); !slices.Equal(got, want) {
				t.Errorf("godog with tags %q runs %v, Match selects %v", tc.expr, got, want)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
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
		{expr: "@", want: `term "@" names no tag`},
		{expr: "@a and @b", want: `term "@a and @b" contains a space`},
		{expr: "not @a", want: `term "not @a" contains a space`},
		{expr: "@a&&@b\t@c", want: `term "@b\t@c" contains a space`},
		{expr: "(@a)", want: `parentheses are not supported`},
		{expr: "@a&&(@b,@c)", want: `parentheses are not supported`},
		{expr: "@a)", want: `parentheses are not supported`},
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
