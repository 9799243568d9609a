package targets

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/result"
)

func TestReport(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		code int
		out  string
	}{
		{"nil", nil, 0, ""},
		{"misuse", exitcode.Misusef("BDD_X=%q: bad", "y"), 2, "mush: BDD_X=\"y\": bad\n"},
		{"already reported", exitcode.Silent(4), 4, ""},
		{"plain", errors.New("boom"), 1, "mush: boom\n"},
	} {
		var b bytes.Buffer
		if code := Report(tc.err, &b); code != tc.code || b.String() != tc.out {
			t.Errorf("%s: Report = %d, %q; want %d, %q", tc.name, code, b.String(), tc.code, tc.out)
		}
	}
	if p := DefaultProject(); p.Root == "" || p.Features != "./features" {
		t.Errorf("DefaultProject = %+v", p)
	}
}

// Mage prints "Error: " and the returned error's text, and exits with its
// ExitStatus only when the error itself has that method: Result must
// return an unwrapped *exitcode.Error whose text reads well there.
func TestResult(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		code int
		text string
	}{
		{"passed", nil, 0, ""},
		{"scenario failed", result.Outcome{Code: 1, Closing: "3 passed, 1 failed"}.Err(), 1, "3 passed, 1 failed"},
		{"coverage short", &exitcode.Error{Code: 3, Err: errors.New("coverage: 96.1% of statements (threshold 97.0%)"), Reported: true}, 3, "coverage: 96.1% of statements (threshold 97.0%)"},
		{"wrapped outcome", fmt.Errorf("x: %w", result.Outcome{Code: 4, Closing: "1 passed, 1 failed"}.Err()), 4, "1 passed, 1 failed"},
		{"no closing line", exitcode.Silent(4), 4, "exit status 4"},
		{"not yet shown", fmt.Errorf("wrapped: %w", exitcode.Misusef("BDD_X=%q: bad", "y")), 2, `wrapped: BDD_X="y": bad`},
		{"plain", errors.New("boom"), 1, "boom"},
	} {
		err := Project{}.Result(tc.err)
		if tc.err == nil {
			if err != nil {
				t.Errorf("%s: Result = %v, want nil", tc.name, err)
			}
			continue
		}
		mage, ok := err.(interface{ ExitStatus() int }) // what Mage's main does
		if !ok || mage.ExitStatus() != tc.code || err.Error() != tc.text {
			t.Errorf("%s: Result = %T %q; want exit status %d, text %q", tc.name, err, err, tc.code, tc.text)
		}
	}
}

func TestWorst(t *testing.T) {
	for _, tc := range []struct {
		errs []error
		want int
	}{
		{[]error{exitcode.Silent(1), nil}, 1},
		{[]error{exitcode.Silent(1), exitcode.Silent(4)}, 4},
		{[]error{nil, nil}, 1},
	} {
		if got := worst(tc.errs...); got != tc.want {
			t.Errorf("worst(%v) = %d, want %d", tc.errs, got, tc.want)
		}
	}
}

func TestShortLines(t *testing.T) {
	var b bytes.Buffer
	s := &shortLines{w: &b}
	s.Write([]byte("ok  \tm/a\t0.1s\tcoverage: 10.0% of statements in m/a, m/b, m/c\nok  m/d  cov"))
	s.Write([]byte("erage: 5.0% of statements in m/a\n?   m/e [no test files]"))
	s.Flush()
	s.Flush()
	want := "ok  \tm/a\t0.1s\tcoverage: 10.0% of statements in 3 packages\n" +
		"ok  m/d  coverage: 5.0% of statements in m/a\n?   m/e [no test files]"
	if b.String() != want {
		t.Fatalf("got\n%q\nwant\n%q", b.String(), want)
	}
	if _, err := (&shortLines{w: failWriter{}}).Write([]byte("x\n")); err == nil {
		t.Fatal("write error lost")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("closed") }

// -isolation chooses worker processes as BDD_ISOLATION does, and a value
// it does not accept is refused by its flag's name.
func TestIsolationFlag(t *testing.T) {
	process, bad := "process", "fork"
	p := Project{Root: t.TempDir(), Features: "./nowhere", Env: config.NewEnv([]string{"BDD_ISOLATION=goroutine"})}
	if got := p.WithFlags("unitTests", nil, &process, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil).Env.Getenv("BDD_ISOLATION"); got != process {
		t.Fatalf("-isolation=process over BDD_ISOLATION=goroutine: %q", got)
	}
	err := UnitTests(context.Background(), p.WithFlags("unitTests", nil, &bad, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil))
	if exitcode.Code(err) != exitcode.Misuse || !strings.HasPrefix(err.Error(), `-isolation / BDD_ISOLATION="fork": not accepted (accepted: goroutine or process)`) {
		t.Fatalf("a bad -isolation: %v", err)
	}
}

// A flag's value goes over its variable, and a refused one is named by
// its flag; an empty rerun file ends the target with success and one line,
// before anything is built.
func TestFlags(t *testing.T) {
	retry, paths, bad := "2", "@"+filepath.Join(t.TempDir(), "rerun.txt"), "abc"
	p := Project{Root: t.TempDir(), Features: "./nowhere", Env: config.NewEnv([]string{"BDD_RETRY=1", "BDD_WORKERS=abc"})}
	p = p.WithFlags("unitTests", nil, nil, nil, &paths, nil, nil, nil, nil, nil, nil, nil, &retry, nil)
	if got := p.Env.Getenv("BDD_RETRY") + " " + p.Env.Getenv("BDD_PATHS"); got != "2 "+paths {
		t.Fatalf("flags over variables: %q", got)
	}
	err := UnitTests(context.Background(), p)
	if exitcode.Code(err) != exitcode.Misuse || !strings.HasPrefix(err.Error(), `BDD_WORKERS="abc": not accepted`) {
		t.Fatalf("a variable's bad value: %v", err)
	}
	p = p.WithFlags("shardPlan", &bad, nil, nil, nil, nil)
	err = UnitTests(context.Background(), p)
	if exitcode.Code(err) != exitcode.Misuse || !strings.HasPrefix(err.Error(), `-workers / BDD_WORKERS="abc": not accepted`) {
		t.Fatalf("a flag's bad value: %v", err)
	}
	p.Env = p.Env.Set("BDD_WORKERS", "2", "")
	err = UnitTests(context.Background(), p)
	if exitcode.Code(err) != exitcode.Misuse || !strings.HasPrefix(err.Error(), `-paths / BDD_PATHS="`+paths+`": the rerun file`) {
		t.Fatalf("missing rerun file: %v", err)
	}
	if err := os.WriteFile(paths[1:], nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	p.Stdout, p.Stderr = &out, &out
	for name, run := range map[string]func(context.Context, Project) error{"unitTests": UnitTests, "coverageReport": CoverageReport} {
		out.Reset()
		if err := run(context.Background(), p); err != nil || out.String() != "mush: nothing to rerun: "+paths[1:]+" is empty (the run that wrote it had no failed scenario)\n" {
			t.Errorf("%s with an empty rerun file: %v, output %q", name, err, out.String())
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("WithFlags took too few flags")
		}
	}()
	p.WithFlags("mergeReports", nil)
}

// The adopter examples' go.mod replaces mush by this checkout: the
// relative path must lead from the example to the module root.
func TestAdopterReplacesMushByThisCheckout(t *testing.T) {
	for _, dir := range []string{filepath.Join("testdata", "adopter"), filepath.Join("..", "fixtures", "adopter-layouts")} {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			t.Fatal(err)
		}
		_, rel, ok := strings.Cut(string(b), "replace github.com/mushbdd/mush => ")
		if !ok {
			t.Fatalf("%s: no replace directive for mush", dir)
		}
		rel, _, _ = strings.Cut(rel, "\n")
		mod, err := os.ReadFile(filepath.Join(dir, rel, "go.mod"))
		if err != nil || !strings.HasPrefix(string(mod), "module github.com/mushbdd/mush\n") {
			t.Errorf("%s: %s does not lead to mush's go.mod (%v)", dir, rel, err)
		}
	}
}

// docs/adoption.md shows the files of the adopter example, and of the
// layouts example under "layouts/", as they are.
func TestAdoptionDocShowsTheAdopterExample(t *testing.T) {
	const doc = "../../docs/adoption.md"
	b, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]string{}
	for _, m := range regexp.MustCompile("(?s)`([^`\n]+)`[^`\n]*:\n\n```[a-z]*\n(.*?)```\n").FindAllStringSubmatch(string(b), -1) {
		shown[m[1]] = m[2]
	}
	for prefix, dir := range map[string]string{"": filepath.Join("testdata", "adopter"), "layouts/": filepath.Join("..", "fixtures", "adopter-layouts")} {
		err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() == "go.sum" {
				return err
			}
			rel, _ := filepath.Rel(dir, path)
			rel = prefix + filepath.ToSlash(rel)
			want, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if got, ok := shown[rel]; !ok {
				t.Errorf("%s does not show %s", doc, rel)
			} else if got != string(want) {
				t.Errorf("%s shows %s differently:\n%s\nwant:\n%s", doc, rel, got, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
