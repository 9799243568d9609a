package report

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/mushbdd/mush/internal/config"
)

func TestCommands(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	var out bytes.Buffer
	none := StopCommands(getenv, &out)
	if none != nil || out.Len() > 0 || none.Env() != nil {
		t.Fatalf("outside GitHub Actions: %v, %q", none, out.String())
	}
	none.Annotate(func() { out.WriteString("::error::x\n") }) // nil: just writes
	none.Resume(nil)
	none.Resumed()
	if out.String() != "::error::x\n" {
		t.Fatalf("a nil Commands printed %q", out.String())
	}

	env["GITHUB_ACTIONS"] = "true"
	out.Reset()
	c := StopCommands(getenv, &out)
	m := regexp.MustCompile(`^::stop-commands::([A-Z2-7]{26})\n$`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no stop line with a random token: %q", out.String())
	}
	token := m[1]
	if other := StopCommands(getenv, &bytes.Buffer{}); other.token == token {
		t.Errorf("two runs share the token %s", token)
	}
	c.Annotate(func() { out.WriteString("::error::x\n") })
	var errOut bytes.Buffer
	c.Resume(&errOut)
	c.Resume(&errOut) // once
	want := "::stop-commands::" + token + "\n::" + token + "::\n::error::x\n::stop-commands::" + token + "\n"
	if out.String() != want || errOut.String() != "::"+token+"::\n" {
		t.Errorf("stdout %q, want %q; stderr %q", out.String(), want, errOut.String())
	}

	// A supervised runner takes over its supervisor's token; without
	// MUSH_ATTEMPT a stray variable is ignored.
	env[config.StopCommandsVar] = c.Env()[0][len(config.StopCommandsVar)+1:]
	out.Reset()
	if stray := StopCommands(getenv, &out); stray.token == token {
		t.Errorf("an unsupervised run took the token of the variable")
	}
	env[config.AttemptVar] = "1"
	out.Reset()
	child := StopCommands(getenv, &out)
	child.Resume(nil)
	child.Resumed()
	child.Resume(nil)
	if child.token != token || out.String() != "::"+token+"::\n" {
		t.Errorf("a supervised runner: token %s, printed %q", child.token, out.String())
	}
}
