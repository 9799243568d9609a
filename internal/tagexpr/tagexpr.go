// Package tagexpr parses and evaluates the tag expressions BDD_TAGS
// accepts: Cucumber's standard syntax and godog's older one.
//
// Which syntax an expression is in is decided by its characters alone: an
// expression holding "&&", "," or "~" is godog's; any other is Cucumber's.
// Neither reading is ever tried as a fallback for the other, so every
// expression has one meaning, and one that mixes the two (godog's &&, ","
// or ~ beside a Cucumber and, or, not, parenthesis or backslash) is refused.
//
// Cucumber's syntax (github.com/cucumber/tag-expressions) is tags joined by
// the words "and" and "or", "not" before a tag or a parenthesised group, and
// parentheses; "not" binds tighter than "and", which binds tighter than "or",
// and "and" and "or" group from the left. A backslash escapes "(", ")", "\"
// and whitespace inside a tag ("@a\ b" is the tag "@a b"). So
// "@a and not (@b or @c)" means a and neither b nor c.
//
// godog's syntax (v0.16.0) is alternatives separated by "," (or), each a
// list of terms separated by "&&" (and), each term a tag with an optional
// leading "~" (not). "," binds looser than "&&", so "@a,@b&&@c" means a or
// (b and c). Unlike godog, which panics on some malformed input, Parse
// refuses empty alternatives and terms and whitespace inside a term.
//
// In both syntaxes "@" is removed from the expression's tags and from the
// scenario's before they are compared, as godog does: "wip" and "@wip" name
// the same tag. A blank expression matches every scenario.
package tagexpr

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// accepted describes both syntaxes in error messages.
const accepted = "accepted: Cucumber's tag expressions, e.g. @fast and not (@slow or @wip), " +
	"or godog's, e.g. @fast&&~@slow,@smoke"

// Expr is a parsed tag expression. The zero Expr matches every scenario.
type Expr struct {
	root *node
}

// node is one tag, or an operator over one (not) or two (and, or) nodes.
type node struct {
	op   string // "tag", "and", "or" or "not"
	tag  string // the tag as written, escapes removed (op "tag")
	l, r *node  // operands; "not" has only l
}

// Parse parses expr in whichever syntax its characters select (see the
// package documentation). An empty or blank expr matches every scenario.
func Parse(expr string) (Expr, error) {
	if strings.TrimSpace(expr) == "" {
		return Expr{}, nil
	}
	tokenize := cucumberTokens
	if strings.Contains(expr, "&&") || strings.ContainsAny(expr, ",~") { // godog's operators, none of them Cucumber's
		tokenize = godogTokens
	}
	tokens, err := tokenize(expr)
	var root *node
	if err == nil {
		root, err = build(tokens)
	}
	if err != nil {
		return Expr{}, fmt.Errorf("invalid tag expression %q: %v; %s", expr, err, accepted)
	}
	return Expr{root: root}, nil
}

// godogTokens are the tokens of an expression in godog's syntax: its
// alternatives and terms become Cucumber's or, and and not, which bind
// alike. godog removes every "@" before it looks for the "~", so "@~a" is
// "not a".
func godogTokens(expr string) ([]token, error) {
	if strings.ContainsAny(expr, `()\`) || slices.ContainsFunc(strings.Fields(expr), func(w string) bool { return w == "and" || w == "or" || w == "not" }) {
		return nil, fmt.Errorf("godog's &&, , and ~ cannot be mixed with Cucumber's and, or, not, parentheses and backslashes")
	}
	var tokens []token
	for i, alt := range strings.Split(expr, ",") {
		if strings.TrimSpace(alt) == "" {
			return nil, fmt.Errorf("alternative %d (between commas) is empty", i+1)
		}
		if i > 0 {
			tokens = append(tokens, token{text: "or"})
		}
		for j, raw := range strings.Split(alt, "&&") {
			s := strings.TrimSpace(raw)
			name, neg := strings.CutPrefix(strip(s), "~")
			switch {
			case s == "":
				return nil, fmt.Errorf("%q has an empty term around &&", strings.TrimSpace(alt))
			case strings.ContainsFunc(s, unicode.IsSpace):
				return nil, fmt.Errorf("term %q contains a space", s)
			case name == "":
				return nil, fmt.Errorf("term %q names no tag", s)
			case j > 0:
				tokens = append(tokens, token{text: "and"})
			}
			if neg {
				tokens = append(tokens, token{text: "not"})
			}
			tokens = append(tokens, token{text: "@" + name, escaped: true})
		}
	}
	return tokens, nil
}

// precedence of Cucumber's operators; "(" is lowest so that it stays on
// the operator stack until its ")".
var precedence = map[string]int{"(": -1, "or": 0, "and": 1, "not": 2}

// build makes the tree of a Cucumber expression's tokens with the
// shunting-yard algorithm of Cucumber's own implementations, and refuses
// what they refuse, for the same reasons.
func build(tokens []token) (*node, error) {
	var operands []*node
	var operators []string
	// reduce pops the top operator and applies it to its operands, which
	// the checks of each token's place guarantee are there.
	reduce := func() {
		op := operators[len(operators)-1]
		operators = operators[:len(operators)-1]
		arity := 2
		if op == "not" {
			arity = 1
		}
		n := &node{op: op, l: operands[len(operands)-arity]}
		if arity == 2 {
			n.r = operands[len(operands)-1]
		}
		operands = append(operands[:len(operands)-arity], n)
	}
	wantOperand := true
	for _, tok := range tokens {
		kind := tok.kind()
		if wantOperand != (kind != "binary" && kind != ")") {
			if wantOperand {
				return nil, fmt.Errorf("syntax error: expected operand (a tag, not or a parenthesis) before %q", tok.text)
			}
			return nil, fmt.Errorf("syntax error: expected operator (and, or) before %q", tok.text)
		}
		switch kind {
		case "not", "(":
			operators = append(operators, tok.text)
		case "binary":
			// and, or group from the left: apply every waiting operator
			// that binds at least as tightly.
			for len(operators) > 0 && precedence[tok.text] <= precedence[operators[len(operators)-1]] {
				reduce()
			}
			operators = append(operators, tok.text)
		case ")":
			for len(operators) > 0 && operators[len(operators)-1] != "(" {
				reduce()
			}
			if len(operators) == 0 {
				return nil, fmt.Errorf("syntax error: unmatched )")
			}
			operators = operators[:len(operators)-1]
		default:
			if strip(tok.text) == "" {
				return nil, fmt.Errorf("%q names no tag", tok.text)
			}
			operands = append(operands, &node{op: "tag", tag: tok.text})
		}
		wantOperand = kind != "tag" && kind != ")"
	}
	if wantOperand {
		return nil, fmt.Errorf("syntax error: expected operand at the end")
	}
	for len(operators) > 0 {
		if operators[len(operators)-1] == "(" {
			return nil, fmt.Errorf("syntax error: unmatched (")
		}
		reduce()
	}
	return operands[0], nil
}

// token is one word of a Cucumber expression. A tag's text has its escapes
// removed; escaped says a backslash was seen, so that "\and" is a tag.
type token struct {
	text    string
	escaped bool
}

// kind is "tag", "not", "binary" (and, or), "(" or ")".
func (t token) kind() string {
	switch {
	case t.escaped:
		return "tag"
	case t.text == "not", t.text == "(", t.text == ")":
		return t.text
	case t.text == "and", t.text == "or":
		return "binary"
	}
	return "tag"
}

// cucumberTokens splits a Cucumber expression at whitespace and parentheses; a
// backslash makes the next "(", ")", "\" or whitespace part of a tag.
func cucumberTokens(expr string) ([]token, error) {
	var tokens []token
	var cur strings.Builder
	escaped, inToken, escape := false, false, false
	flush := func() {
		if inToken {
			tokens = append(tokens, token{text: cur.String(), escaped: escaped})
			cur.Reset()
			escaped, inToken = false, false
		}
	}
	for _, c := range expr {
		switch {
		case escape:
			if c != '(' && c != ')' && c != '\\' && !unicode.IsSpace(c) {
				return nil, fmt.Errorf(`syntax error: illegal escape before %q (a backslash escapes only (, ), \ and whitespace)`, string(c))
			}
			cur.WriteRune(c)
			escape, escaped, inToken = false, true, true
		case c == '\\':
			escape = true
		case c == '(' || c == ')':
			flush()
			tokens = append(tokens, token{text: string(c)})
		case unicode.IsSpace(c):
			flush()
		default:
			cur.WriteRune(c)
			inToken = true
		}
	}
	if escape {
		return nil, fmt.Errorf(`syntax error: a backslash ends the expression (it escapes only (, ), \ and whitespace)`)
	}
	flush()
	return tokens, nil
}

// strip removes every "@", as godog does on both sides of a comparison.
func strip(s string) string {
	return strings.ReplaceAll(s, "@", "")
}

// Match reports whether a scenario with the given tags (as pickles give
// them, e.g. "@wip") is selected by e.
func (e Expr) Match(tags []string) bool {
	if e.root == nil {
		return true
	}
	have := make(map[string]bool, len(tags))
	for _, t := range tags {
		have[strip(t)] = true
	}
	return e.root.eval(have)
}

// eval evaluates n on the scenario's tags, "@" removed.
func (n *node) eval(have map[string]bool) bool {
	switch n.op {
	case "and":
		return n.l.eval(have) && n.r.eval(have)
	case "or":
		return n.l.eval(have) || n.r.eval(have)
	case "not":
		return !n.l.eval(have)
	}
	return have[strip(n.tag)]
}

// String returns e in the canonical form of Cucumber's implementations,
// whichever syntax it was parsed from: every operation parenthesised, e.g.
// "( @fast and not ( @slow ) )", and "" for the expression that matches
// everything. Parsing it gives back an equivalent Expr.
func (e Expr) String() string {
	if e.root == nil {
		return ""
	}
	return e.root.String()
}

// String formats n as Cucumber's implementations do.
func (n *node) String() string {
	switch n.op {
	case "and", "or":
		return "( " + n.l.String() + " " + n.op + " " + n.r.String() + " )"
	case "not":
		if n.l.op == "and" || n.l.op == "or" {
			return "not " + n.l.String()
		}
		return "not ( " + n.l.String() + " )"
	}
	var b strings.Builder
	for _, c := range n.tag {
		if c == '(' || c == ')' || c == '\\' || unicode.IsSpace(c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}
