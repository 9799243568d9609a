package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/fixtures"
)

// payload is hostile text for every field of a feature file: line for the
// one-line fields (names, step text, file name, tag), lines for a doc
// string and the error made of it.
type payload struct{ line, lines string }

// tag is the payload as a tag, which holds no white space.
func (p payload) tag() string {
	return "@t" + strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return '_'
		}
		return r
	}, p.line)
}

// payloads are made here, never committed: a feature file cannot spell
// control characters.
var payloads = map[string]payload{
	"terminal escape sequences": {
		line:  "\x1b[8m\x1b]0;title\a\r\u009b2J\x7f",
		lines: "\x1b[2J\x1b[H6 passed, 0 failed\x1b[8m\nsecond \x1b[31m\r line",
	},
	"bidi overrides": {
		line:  "\u202egnp.exe\u202c \u2066x\u2069",
		lines: "\u202dleft\u202c\n\u2067right\u2069",
	},
	"workflow commands": {
		line:  "::warning::w1 ##[error]e1 ##[add-mask]m1",
		lines: "::add-mask::m2\n   ::warning::w2\n##[error]e2\n::stop-commands::x\n::error::e3\n::x::\n::notice::n4",
	},
}

func neutralSteps(sc *godog.ScenarioContext, w *world) {
	sc.Step(`^a failing feature file with (.+) in its file name, tag, feature, scenario, step, doc string and error$`, w.hostileFeature)
	sc.Step(`^I run mush on every feature file$`, func() error { return w.runOn(filepath.Join(w.dir, "features")) })
	sc.Step(`^the output and the error output hold no character a terminal would obey$`, w.noRawCharacter)
	sc.Step(`^results\.json keeps the (.+) exact$`, w.resultsKeep)
	sc.Step(`^rerun\.txt holds the one line (.+)$`, func(want string) error {
		b, err := os.ReadFile(filepath.Join(w.dir, "reports", "rerun.txt"))
		if got := w.rel(string(b)); err != nil || got != want+"\n" {
			return fmt.Errorf("rerun.txt holds %q, want the line %s (%v)", got, want, err)
		}
		return nil
	})
	sc.Step(`^I run the failure's printed rerun hint through sh -c$`, w.runHint)
	sc.Step(`^I run mush on "([^"]*)" as an open Go string$`, func(path string) error {
		return w.runOn(`"` + filepath.Join(w.dir, "features", path))
	})
	sc.Step(`^GitHub obeys no workflow command but mush's (\d+) annotations, and the run leaves commands on$`, w.onlyAnnotations)
}

// hostileFeature writes, under a directory named with the payload, a
// feature whose every field holds it: one scenario fails with it, one has
// an undefined step spelling it.
func (w *world) hostileFeature(name string) error {
	p, ok := payloads[name]
	if !ok {
		return fmt.Errorf("no payload %q", name)
	}
	if err := w.tempDir(); err != nil {
		return err
	}
	dir := filepath.Join(w.dir, "features", "d "+p.line)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var doc strings.Builder
	for l := range strings.SplitSeq(p.lines, "\n") {
		doc.WriteString("      " + l + "\n")
	}
	text := p.tag() + "\n" +
		"Feature: F " + p.line + "\n\n" +
		"  Scenario: S " + p.line + "\n" +
		"    Given a step that passes\n" +
		"    Then a step that fails with the doc string:\n" +
		"      \"\"\"\n" + doc.String() + "      \"\"\"\n\n" +
		"  Scenario: U " + p.line + "\n" +
		"    Given a step " + p.line + "\n"
	return os.WriteFile(filepath.Join(dir, "f "+p.line+".feature"), []byte(text), 0o644)
}

// obeyed reports whether a terminal may act on r (C0 but tab and line
// feed, DEL, C1, bidi embeddings, overrides and isolates) or r stands for
// a byte that is not UTF-8.
func obeyed(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || 0x7f <= r && r <= 0x9f || 0x202a <= r && r <= 0x202e ||
		0x2066 <= r && r <= 0x2069 || r == utf8.RuneError
}

func (w *world) noRawCharacter() error {
	for name, out := range map[string]string{"output": w.stdout, "error output": w.stderr} {
		if i := strings.IndexFunc(out, obeyed); i >= 0 {
			return fmt.Errorf("the %s holds %q at %d:\n%q", name, []rune(out[i:])[0], i, out)
		}
	}
	return nil
}

func (w *world) resultsKeep(name string) error {
	p := payloads[name]
	if len(w.run.Scenarios) != 2 {
		return fmt.Errorf("results.json has %d scenarios, want 2", len(w.run.Scenarios))
	}
	s, u := w.run.Scenarios[0], w.run.Scenarios[1]
	for _, c := range []struct{ what, got, want string }{
		{"feature", s.Feature, "F " + p.line}, {"scenario", s.Name, "S " + p.line},
		{"file", s.File, "d " + p.line + "/f " + p.line + ".feature"},
		{"error", s.Error, p.lines}, {"step", u.Steps[0].Text, "a step " + p.line},
		{"tag", strings.Join(s.Tags, " "), p.tag()},
	} {
		if c.got != c.want {
			return fmt.Errorf("results.json's %s is %q, want %q", c.what, c.got, c.want)
		}
	}
	return nil
}

// onlyAnnotations reads the run's stdout and stderr, in the order written,
// as GitHub's runner would (fixtures.WorkflowCommands).
func (w *world) onlyAnnotations(n int) error {
	cmds, stopped := fixtures.WorkflowCommands(w.combined)
	annotations := slices.DeleteFunc(slices.Clone(cmds), func(c string) bool { return !strings.HasPrefix(c, "::error file=") })
	switch {
	case len(annotations) != n || len(cmds) != n:
		return fmt.Errorf("GitHub obeys %d commands, want %d annotations:\n%s\noutput:\n%s", len(cmds), n, strings.Join(cmds, "\n"), w.combined)
	case stopped:
		return fmt.Errorf("workflow commands are still stopped after the run:\n%s", w.combined)
	}
	return nil
}

// hint is a rerun hint as the run printed it (absolute paths).
var hint = regexp.MustCompile(`(?m)^\s*rerun: (BDD_PATHS=.*)$`)

// runHint runs the one rerun hint the last run printed through sh -c: its
// command (MUSH_RERUN) prints BDD_PATHS as the shell gives it, and mush
// runs on exactly that.
func (w *world) runHint() error {
	m := hint.FindAllStringSubmatch(w.combined, -1)
	if len(m) != 1 {
		return fmt.Errorf("%d rerun hints, want 1:\n%s", len(m), w.combined)
	}
	out, err := exec.Command("sh", "-c", m[0][1]).Output()
	if err != nil {
		return fmt.Errorf("sh -c %s: %w", m[0][1], err)
	}
	return w.runOn(strings.TrimSuffix(string(out), "\n"))
}
