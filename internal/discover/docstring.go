package discover

import (
	"fmt"
	"io"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
	"github.com/mushbdd/mush/internal/atomicfile"
)

// Limits of a feature file (docs/limits.md).
const (
	// MaxFeatureSize bounds a feature file, checked before it is read:
	// real ones are kilobytes; gherkin's scanner takes about a microsecond
	// a line, so the worst 4 MiB (two million one-byte lines) parses in
	// about two seconds on a loaded 2-core machine, and memory stays small.
	MaxFeatureSize = 4 << 20
	// MaxDocStringSize and MaxDocStringLines bound one doc string. godog
	// parses every scenario's text again with gherkin's own AST builder,
	// which joins a doc string's lines with += (time grows with lines x
	// bytes: a 1 MiB doc string of 79-byte lines took 10 s, 256 KiB of
	// 1-byte lines 27 s); within both limits it takes well under a second.
	MaxDocStringSize  = 256 << 10
	MaxDocStringLines = 4096
)

// ParseDocument parses a feature file's text as gherkin.ParseGherkinDocument
// does, in time linear in its size: doc string lines are joined once, not
// one += at a time.
func ParseDocument(in io.Reader, newID func() string) (*messages.GherkinDocument, error) {
	b := &docStringBuilder{AstBuilder: gherkin.NewAstBuilder(newID)}
	p := gherkin.NewParser(b)
	p.StopAtFirstError(false)
	err := p.Parse(gherkin.NewScanner(in), gherkin.NewLanguageMatcher(gherkin.DialectsBuiltin(), gherkin.DefaultDialect))
	return b.GetGherkinDocument(), err
}

// docStringBuilder is gherkin's AST builder, except that it collects the
// lines of a doc string itself and hands them on as one token.
type docStringBuilder struct {
	gherkin.AstBuilder
	in    bool // inside a doc string
	lines []*gherkin.Token
	text  strings.Builder
}

func (b *docStringBuilder) StartRule(r gherkin.RuleType) (bool, error) {
	if r == gherkin.RuleTypeDocString {
		b.in, b.lines = true, b.lines[:0]
	}
	return b.AstBuilder.StartRule(r)
}

func (b *docStringBuilder) Build(tok *gherkin.Token) (bool, error) {
	if b.in && tok.Type == gherkin.TokenTypeOther {
		b.lines = append(b.lines, tok)
		return true, nil
	}
	return b.AstBuilder.Build(tok)
}

func (b *docStringBuilder) EndRule(r gherkin.RuleType) (bool, error) {
	if r == gherkin.RuleTypeDocString && b.in {
		b.in = false
		if len(b.lines) > 0 {
			b.text.Reset()
			for i, tok := range b.lines {
				if i > 0 {
					b.text.WriteByte('\n')
				}
				b.text.WriteString(tok.Text)
			}
			joined := *b.lines[0]
			joined.Text = b.text.String()
			b.AstBuilder.Build(&joined) // never fails: it adds the token to the doc string's node

		}
	}
	return b.AstBuilder.EndRule(r)
}

func (b *docStringBuilder) Reset() {
	b.in, b.lines = false, b.lines[:0]
	b.AstBuilder.Reset()
}

// docStringProblems names the doc strings beyond the limits.
func docStringProblems(path string, long []*messages.DocString) []string {
	problems := make([]string, len(long))
	for i, ds := range long {
		problems[i] = fmt.Sprintf("%s:%d: doc string of %d lines and %d bytes (accepted: at most %d lines and %s; godog's Gherkin parser slows with the square of a doc string's size)",
			path, ds.Location.Line, strings.Count(ds.Content, "\n")+1, len(ds.Content), MaxDocStringLines, atomicfile.FormatSize(MaxDocStringSize))
	}
	return problems
}
