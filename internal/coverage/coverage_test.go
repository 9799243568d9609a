package coverage

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mushbdd/mush/internal/exitcode"
)

// scratch is a directory shared by the tests for the outputs of the real
// coverage run; TestMain removes it.
var scratch string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "coverage-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	scratch = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// modDir is the throwaway module the real coverage run measures: package
// tested (partly tested), untested (no tests, linked by nothing), types (no
// statements), internal/fixtures (excluded), cmd/app (the instrumented
// binary, standing in for the feature runner), and a generated file.
const modDir = "testdata/mod"

// realRun holds the outputs of one real coverage run over modDir, the way
// `mage coverageReport` makes them: go test with a -coverpkg of every
// measured package, then an instrumented build of cmd/app, run with
// GOCOVERDIR, converted by go tool covdata.
type realRun struct {
	dir         string // absolute modDir
	module      string
	pkgs        []Package
	goTestOut   string // profile from go test
	featuresOut string // profile from the app's covdata
	covdir      string
	err         error
}

var (
	runOnce sync.Once
	run     realRun
)

// coverageRun returns the real run, made on first use; it skips the test
// in -short mode.
func coverageRun(t *testing.T) *realRun {
	t.Helper()
	if testing.Short() {
		t.Skip("runs go test, go build and go tool covdata")
	}
	runOnce.Do(func() { run.err = run.make(context.Background()) })
	if run.err != nil {
		t.Fatal(run.err)
	}
	return &run
}

func (r *realRun) make(ctx context.Context) error {
	var err error
	if r.dir, err = filepath.Abs(modDir); err != nil {
		return err
	}
	if r.module, r.pkgs, err = modulePackages(ctx, r.dir); err != nil {
		return err
	}
	var log bytes.Buffer
	r.goTestOut = filepath.Join(scratch, "gotest.out")
	if err := GoTest(ctx, os.Environ(), r.dir, r.goTestOut, r.module, r.pkgs, &log, &log); err != nil {
		return fmt.Errorf("%w\n%s", err, log.String())
	}
	app := filepath.Join(scratch, "app")
	build := exec.CommandContext(ctx, "go", append(append([]string{"build"}, BuildFlags(r.module, r.pkgs)...), "-o", app, "./cmd/app")...)
	build.Dir = r.dir
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, out)
	}
	if r.covdir, err = ResetCovdir(filepath.Join(scratch, "covdata")); err != nil {
		return err
	}
	runApp := exec.CommandContext(ctx, app)
	runApp.Env = append(os.Environ(), "GOCOVERDIR="+r.covdir)
	if out, err := runApp.CombinedOutput(); err != nil {
		return fmt.Errorf("app: %w\n%s", err, out)
	}
	r.featuresOut = filepath.Join(scratch, "features.out")
	return TextFromCovdata(ctx, r.covdir, r.featuresOut)
}

// checkErr fails t unless err matches want: "" means no error, otherwise
// err's message must contain want.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != "" && err == nil:
		t.Fatalf("no error, want one containing %q", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Fatalf("error %q does not contain %q", err, want)
	}
}

// checkCode fails t unless err carries the exit code want.
func checkCode(t *testing.T, err error, want int) {
	t.Helper()
	if got := exitcode.Code(err); got != want {
		t.Fatalf("exit code of %v = %d, want %d", err, got, want)
	}
}

// failingWriter fails every write after the first n bytes.
type failingWriter struct{ n int }

var errWrite = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errWrite
	}
	w.n -= len(p)
	return len(p), nil
}

// writeFiles creates files (path relative to dir: content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
