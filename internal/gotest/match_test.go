package gotest

import (
	"reflect"
	"testing"

	"github.com/mushbdd/mush/internal/discover"
)

func TestSplitRegexp(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]string
	}{
		{"A", [][]string{{"A"}}},
		{"A/B/C", [][]string{{"A", "B", "C"}}},
		{"A/B|C/D", [][]string{{"A", "B"}, {"C", "D"}}},
		{"A/[/|]x/(a|b)/c", [][]string{{"A", "[/|]x", "(a|b)", "c"}}},
		{`A/a\/b/]c`, [][]string{{"A", `a\/b`, "]c"}}},
		{"[]]/x", [][]string{{"[]]", "x"}}},
	} {
		if got := splitRegexp(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitRegexp(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRewrite(t *testing.T) {
	for in, want := range map[string]string{
		"a b\tc":             "a_b_c",
		"x\u00a0y\u2003z":    "x_y_z",
		"bell\a":             `bell\a`,
		"é ok\u3000done":     "é_ok_done",
		"nothing to do":      "nothing_to_do",
		"line\u2028break":    "line_break",
		"\u1680\u205f\u00e9": "__é",
	} {
		if got := rewrite(in); got != want {
			t.Errorf("rewrite(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNames(t *testing.T) {
	all := []discover.Scenario{
		{Feature: "Login", Name: "Works", File: "a/login.feature", Line: 3},
		{Feature: "Login", Name: "Works", File: "a/login.feature", Line: 7},
		{Feature: "Login", Name: "Fails", File: "a/login.feature", Line: 9},
		{Feature: "Login", Name: "Other file", File: "b/login.feature", Line: 3},
		{Feature: "", Name: "", File: "c/bare.feature", Line: 4},
		{Feature: "Up/down", Name: "a/b", File: "c/slash.feature", Line: 2},
	}
	n := nameScenarios(all)
	for loc, want := range map[string]string{
		"a/login.feature:3": "Login (a_login.feature)/Works (line 3)",
		"a/login.feature:7": "Login (a_login.feature)/Works (line 7)",
		"a/login.feature:9": "Login (a_login.feature)/Fails",
		"b/login.feature:3": "Login (b_login.feature)/Other file",
		"c/bare.feature:4":  "bare/line 4",
		"c/slash.feature:2": "Up_down/a_b",
		"gone.feature:1":    "unnamed/gone.feature:1",
	} {
		if got := n.subtest(loc); got != want {
			t.Errorf("subtest(%s) = %q, want %q", loc, got, want)
		}
	}
}
