package targets

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/supervise"
	"github.com/mushbdd/mush/internal/view"
)

// featureRunner is the package the targets build and run as the feature
// runner (BDD_RUNNER_PKG): a package main calling mush.Main, built as a
// program and run in the module root; or a package whose steps live in
// _test.go files and whose test calls mush.Test, built as its test binary
// (go test -c) and run in its package directory, as go test runs it, with
// config.MainVar set so that its mush.Test is the feature runner.
type featureRunner struct {
	pkg  string // ./path
	dir  string // its directory
	test string // the test calling mush.Test; "" for a package main
}

// mushPath is the import path of package mush.
const mushPath = "github.com/mushbdd/mush"

// findRunner tells which kind of feature runner pkg is, from go list (with
// the build settings of the environment: GOFLAGS=-tags=... counts) and, for
// a test binary, the test function that calls mush.Test.
func (p Project) findRunner(ctx context.Context, pkg string) (featureRunner, error) {
	// Fields and file names end with a NUL, which no path holds.
	const format = `{{.Dir}}{{"\x00"}}{{.Name}}{{"\x00"}}{{len .GoFiles}}{{"\x00"}}` +
		`{{range .TestGoFiles}}{{.}}{{"\x00"}}{{end}}{{range .XTestGoFiles}}{{.}}{{"\x00"}}{{end}}`
	cmd := exec.CommandContext(ctx, "go", "list", "-f", format, pkg)
	cmd.Dir, cmd.Env = p.Root, p.Env.Environ()
	out, err := cmd.Output()
	f := strings.Split(strings.TrimSuffix(strings.TrimSuffix(string(out), "\n"), "\x00"), "\x00")
	r := featureRunner{pkg: pkg}
	if n, _ := strconv.Atoi(f[min(2, len(f)-1)]); err != nil || len(f) < 3 || f[1] == "main" && n > 0 {
		return r, nil // a program; one that go list cannot load fails to build, saying why
	}
	r.dir = f[0]
	tests, err := mushTests(r.dir, slices.DeleteFunc(f[3:], func(name string) bool { return name == "" }))
	switch {
	case err != nil:
		return r, exitcode.New(exitcode.Misuse, "%s=%s: %w", config.RunnerPkgVar, pkg, err)
	case len(tests) == 0:
		return r, exitcode.Misusef("%s=%s: not a feature runner (accepted: a package main calling mush.Main, or a package whose test calls mush.Test)", config.RunnerPkgVar, pkg)
	case len(tests) > 1:
		return r, exitcode.Misusef("%s=%s: %d tests call mush.Test (%s): the targets run one suite, keep one", config.RunnerPkgVar, pkg, len(tests), strings.Join(tests, ", "))
	}
	r.test = tests[0]
	return r, nil
}

// mushTests are the test functions of files (in dir) that call mush.Test.
func mushTests(dir string, files []string) ([]string, error) {
	var tests []string
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		local := ""
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == mushPath {
				local = "mush"
				if imp.Name != nil {
					local = imp.Name.Name
				}
			}
		}
		if local == "" {
			continue
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || fn.Body == nil || !strings.HasPrefix(fn.Name.Name, "Test") || !callsTest(fn.Body, local) {
				continue
			}
			tests = append(tests, fn.Name.Name)
		}
	}
	return tests, nil
}

// callsTest tells whether body calls local.Test, local naming package mush.
func callsTest(body *ast.BlockStmt, local string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Test" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == local {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// runFeatures builds the feature runner of pkg, instrumented with the
// cover flags when they are given, and runs it with env under supervision
// (package supervise: restarts, one merged summary), the module root as the
// run's directory; a SIGTERM is forwarded to it, as Mage's cancelled
// context on SIGINT is. The outcome is an already reported exitcode error
// whose text is the run's closing line (nil when it passed).
func (p Project) runFeatures(ctx context.Context, pkg string, cover []string, env config.Env) error {
	r, err := p.findRunner(ctx, pkg)
	if err != nil {
		return err
	}
	what, bin := "feature runner", filepath.Join(p.Root, "build", "bin", "mush-features")
	if cover != nil {
		what, bin = "instrumented feature runner", bin+"-cover"
	}
	args := append([]string{"build"}, cover...)
	if r.test != "" {
		args = append([]string{"test", "-c"}, cover...)
	}
	cmd := exec.CommandContext(ctx, "go", append(args, "-o", bin, r.pkg)...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = p.Root, p.Stderr, p.Stderr
	if err := cmd.Run(); err != nil {
		return exitcode.New(exitcode.Misuse, "building the %s failed: %w", what, err)
	}
	if cover != nil {
		fmt.Fprintln(p.Stdout, "\nfeatures (instrumented):")
	}
	o := supervise.Options{Bin: bin, Dir: p.Root, Base: p.Root, Stdout: p.Stdout, Stderr: p.Stderr}
	if r.test != "" {
		o.Args = []string{"-test.run=" + view.RunPattern(r.test)}
		o.Dir = r.dir
		env = env.Set(config.MainVar, "1", "")
	}
	o.Env = env.Environ()
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	defer signal.Stop(term)
	o.Signals = term
	out, err := supervise.Run(ctx, o)
	if err != nil {
		return err
	}
	return out.Err()
}
