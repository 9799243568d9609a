// Package tagexpr parses and evaluates godog tag expressions.
//
// The grammar is the one godog v0.16.0 applies: alternatives separated by
// "," (or), each a list of terms separated by "&&" (and), each term a tag
// name with an optional leading "~" (not) and an optional "@". Whitespace
// around terms is ignored and "@" is removed from the expression and from
// the scenario tags before they are compared, so "@fast&&~@slow,@smoke"
// means (fast and not slow) or smoke.
//
// Unlike godog, which panics on some malformed input, Parse refuses empty
// alternatives and terms, whitespace inside a term and parentheses.
package tagexpr

import (
	"fmt"
	"strings"
	"unicode"
)

// accepted describes the grammar in error messages.
const accepted = "accepted: tags joined by && (and) and , (or), ~ to negate, e.g. @fast&&~@slow"

// Expr is a parsed tag expression. The zero Expr matches every scenario.
type Expr struct {
	alts [][]term
}

// term is one tag, possibly negated, without its "@".
type term struct {
	name string
	neg  bool
}

// Parse parses expr. An empty or blank expr matches every scenario.
func Parse(expr string) (Expr, error) {
	if strings.TrimSpace(expr) == "" {
		return Expr{}, nil
	}
	if strings.ContainsAny(expr, "()") {
		return Expr{}, invalid(expr, "parentheses are not supported")
	}
	var e Expr
	for i, alt := range strings.Split(expr, ",") {
		terms, err := parseAlt(expr, i, alt)
		if err != nil {
			return Expr{}, err
		}
		e.alts = append(e.alts, terms)
	}
	return e, nil
}

// parseAlt parses the i-th (0-based) alternative alt of expr.
func parseAlt(expr string, i int, alt string) ([]term, error) {
	if strings.TrimSpace(alt) == "" {
		return nil, invalid(expr, fmt.Sprintf("alternative %d (between commas) is empty", i+1))
	}
	var terms []term
	for _, raw := range strings.Split(alt, "&&") {
		t, err := parseTerm(expr, alt, raw)
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
	}
	return terms, nil
}

// parseTerm parses one term of the alternative alt of expr.
func parseTerm(expr, alt, raw string) (term, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return term{}, invalid(expr, fmt.Sprintf("%q has an empty term around &&", strings.TrimSpace(alt)))
	}
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return term{}, invalid(expr, fmt.Sprintf("term %q contains a space", s))
	}
	name, neg := strings.CutPrefix(strip(s), "~")
	if name == "" {
		return term{}, invalid(expr, fmt.Sprintf("term %q names no tag", s))
	}
	return term{name: name, neg: neg}, nil
}

// invalid builds the error for expr with the given problem.
func invalid(expr, problem string) error {
	return fmt.Errorf("invalid tag expression %q: %s; %s", expr, problem, accepted)
}

// strip removes every "@", as godog does on both sides of a comparison.
func strip(s string) string {
	return strings.ReplaceAll(s, "@", "")
}

// Match reports whether a scenario with the given tags (as pickles give
// them, e.g. "@wip") is selected by e.
func (e Expr) Match(tags []string) bool {
	if len(e.alts) == 0 {
		return true
	}
	have := make(map[string]bool, len(tags))
	for _, t := range tags {
		have[strip(t)] = true
	}
	for _, alt := range e.alts {
		if matchAll(alt, have) {
			return true
		}
	}
	return false
}

// matchAll reports whether every term of an alternative holds.
func matchAll(terms []term, have map[string]bool) bool {
	for _, t := range terms {
		if have[t.name] == t.neg {
			return false
		}
	}
	return true
}

// String returns e in canonical form, e.g. "@fast&&~@slow,@smoke"; it is
// "" for the expression that matches everything. Parsing it gives back an
// equivalent Expr.
func (e Expr) String() string {
	alts := make([]string, len(e.alts))
	for i, alt := range e.alts {
		terms := make([]string, len(alt))
		for j, t := range alt {
			terms[j] = t.String()
		}
		alts[i] = strings.Join(terms, "&&")
	}
	return strings.Join(alts, ",")
}

// String returns the term as "@name" or "~@name".
func (t term) String() string {
	if t.neg {
		return "~@" + t.name
	}
	return "@" + t.name
}
