package runner

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/console"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/result"
)

// dryRun is a run with BDD_DRY_RUN: it matches every step of the selected
// scenarios to the suite's step definitions as godog would, runs nothing,
// writes nothing but the plan, and fails (exit 1) on an undefined or
// ambiguous step, with snippets for the undefined.
func dryRun(s Suite, env Env, set config.Settings, sel discover.Plan, dir string) (result.Outcome, error) {
	defs, err := stepDefs(s, dir)
	if err != nil {
		return result.Outcome{}, exitcode.New(exitcode.Failed, "dry run: %w", err)
	}
	p := console.Plan{Shard: shardLine(set, len(sel.Scenarios), sel.Selected), History: set.Timings}
	var undefined []discover.Step
	for i, sc := range sel.Scenarios {
		p.Scenarios = append(p.Scenarios, console.Planned{Scenario: skeleton(sc),
			Expected: time.Duration(sel.History[sel.Keys[i]] * float64(time.Second))})
		for _, st := range sc.Steps {
			p.Steps++
			ms := matches(defs, st.Text, st.Type)
			at := console.PlanStep{File: sc.File, Line: st.Line, Text: strings.TrimSpace(st.Keyword) + " " + st.Text}
			switch {
			case len(ms) == 0:
				p.Undefined = append(p.Undefined, at)
				undefined = append(undefined, st)
			case len(ms) > 1:
				for _, m := range ms {
					at.Matches = append(at.Matches, m.Pattern+" ("+m.Match()+")")
				}
				p.Ambiguous = append(p.Ambiguous, at)
			}
		}
	}
	p.Snippets = snippets(undefined)
	out := result.Outcome{Code: exitcode.OK, Closing: p.Closing()}
	if p.Bad() {
		out.Code = exitcode.Failed
	}
	if err := console.WritePlan(env.Stdout, p); err != nil {
		return out, exitcode.New(exitcode.Reports, "dry run: writing the plan: %w", err)
	}
	return out, nil
}

// The snippets are godog's (internal/formatters in v0.16), which a dry run
// cannot ask godog for without running the scenario.
var (
	snippetCleanup = regexp.MustCompile(`([\/\[\]\(\)\\^\$\.\|\?\*\+\'])`)
	snippetQuoted  = regexp.MustCompile(`(\W|^)"(?:[^"]*)"(\W|$)`)
	snippetName    = regexp.MustCompile(`[^a-zA-Z\_\ ]`)
	snippetNumbers = regexp.MustCompile(`(\d+)`)
	snippetGroups  = regexp.MustCompile(regexp.QuoteMeta(`(\d+)`) + "|" + regexp.QuoteMeta(`"([^"]*)"`))
)

// snippets is the Go code godog suggests for steps no definition matches:
// a function per distinct expression (sorted by name) and their
// registration; "" for none.
func snippets(steps []discover.Step) string {
	type snippet struct{ method, expr, args string }
	var snips []snippet
	seen := map[string]bool{}
	index := 0
	for _, st := range steps {
		expr := snippetCleanup.ReplaceAllString(st.Text, "\\$1")
		expr = snippetNumbers.ReplaceAllString(expr, "(\\d+)")
		expr = snippetQuoted.ReplaceAllString(expr, "$1\"([^\"]*)\"$2")
		expr = "^" + strings.TrimSpace(expr) + "$"
		if seen[expr] {
			continue
		}
		seen[expr] = true
		name := snippetNumbers.ReplaceAllString(st.Text, " ")
		name = snippetQuoted.ReplaceAllString(name, " ")
		name = strings.TrimSpace(snippetName.ReplaceAllString(name, ""))
		var words []string
		for i, w := range strings.Split(name, " ") {
			switch {
			case i != 0:
				w = asciiTitle(w)
			case len(w) > 0:
				w = strings.ToLower(w[:1]) + w[1:]
			}
			words = append(words, w)
		}
		name = strings.Join(words, "")
		if name == "" {
			index++
			name = fmt.Sprintf("stepDefinition%d", index)
		}
		snips = append(snips, snippet{name, expr, snippetArgs(expr, st.Arg)})
	}
	if len(snips) == 0 {
		return ""
	}
	sort.SliceStable(snips, func(i, j int) bool { return snips[i].method < snips[j].method })
	var b strings.Builder
	for _, s := range snips {
		fmt.Fprintf(&b, "func %s(%s) error {\n\treturn godog.ErrPending\n}\n\n", s.method, s.args)
	}
	b.WriteString("func InitializeScenario(ctx *godog.ScenarioContext) {\n")
	for _, s := range snips {
		fmt.Fprintf(&b, "\tctx.Step(`%s`, %s)\n", s.expr, s.method)
	}
	b.WriteString("}\n")
	return b.String()
}

// snippetArgs is the parameter list of a snippet for expr: an int per
// (\d+), a string per quoted group, in order, then the step's doc string
// or table; consecutive parameters of one type share it.
func snippetArgs(expr string, arg *messages.PickleStepArgument) string {
	var types []string
	for _, group := range snippetGroups.FindAllString(expr, -1) {
		if group == `(\d+)` {
			types = append(types, "int")
		} else {
			types = append(types, "string")
		}
	}
	if arg != nil && arg.DocString != nil {
		types = append(types, "*godog.DocString")
	}
	if arg != nil && arg.DataTable != nil {
		types = append(types, "*godog.Table")
	}
	var b strings.Builder
	for i, t := range types {
		fmt.Fprintf(&b, "arg%d", i+1)
		if i == len(types)-1 || types[i+1] != t {
			b.WriteString(" " + t)
		}
		if i < len(types)-1 {
			b.WriteString(", ")
		}
	}
	return b.String()
}

// asciiTitle upper-cases the first ASCII letter of each word, as godog's
// snippet names do.
func asciiTitle(s string) string {
	b := []byte(s)
	word := true
	for i, c := range b {
		if 'a' <= c && c <= 'z' && word {
			b[i] = c - 'a' + 'A'
		}
		c = b[i]
		word = !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z')
	}
	return string(b)
}
