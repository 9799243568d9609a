package coverage

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/exitcode"
	"golang.org/x/tools/cover"
)

// A failing go test run is an exitcode.Failed error around the
// *exec.ExitError, and still leaves its profile.
func TestGoTestFailureKeepsTheProfile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	dir, err := filepath.Abs(modDir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	module, pkgs, err := modulePackages(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("MOD_FAIL", "1")
	profile := filepath.Join(t.TempDir(), "new", "gotest.out")
	var out bytes.Buffer
	err = GoTest(ctx, os.Environ(), dir, profile, module, pkgs, &out, &out)
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("error %v is not an *exec.ExitError", err)
	}
	checkCode(t, err, exitcode.Failed)
	if !strings.Contains(out.String(), "failing on request") {
		t.Errorf("go test output does not show the failure:\n%s", out.String())
	}
	ps, err := cover.ParseProfiles(profile)
	if err != nil {
		t.Fatalf("no profile after a failing run: %v", err)
	}
	if len(ps) == 0 {
		t.Error("empty profile after a failing run")
	}
}

func TestGoTestErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"afile": "x", "full/x": "x"})
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		profile string
		wantErr string
	}{
		{"canceled before it starts", canceled, filepath.Join(dir, "p.out"), "go test: context canceled"},
		{"profile under a file", context.Background(), filepath.Join(dir, "afile", "p.out"), "not a directory"},
		{"profile is a directory", context.Background(), filepath.Join(dir, "full"), "directory not empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := GoTest(tc.ctx, nil, dir, tc.profile, "", nil, nil, nil)
			checkErr(t, err, tc.wantErr)
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				t.Errorf("error %v claims the tests ran and failed", err)
			}
		})
	}
}

func TestTextFromCovdataWithoutData(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"afile":                 "x",
		"empty/.keep":           "",
		"metaonly/covmeta.0123": "x",
		"both/covmeta.0123":     "x",
		"both/covcounters.0123": "x",
	})
	tests := []struct {
		name    string
		covdir  string
		out     string
		wantErr string
	}{
		{"missing directory", "missing", "out", "no coverage data in " + filepath.Join(dir, "missing") + ": open"},
		{"empty directory", "empty", "out", "no coverage data in " + filepath.Join(dir, "empty")},
		{"meta data without counters", "metaonly", "out", "no counter files (the instrumented program died of a panic or a signal)"},
		{"output under a file", "both", "afile/out", "not a directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := TextFromCovdata(context.Background(), filepath.Join(dir, tc.covdir), filepath.Join(dir, tc.out))
			checkErr(t, err, tc.wantErr)
			if strings.HasPrefix(tc.wantErr, "no ") {
				checkCode(t, err, exitcode.Coverage)
			}
		})
	}
}

func TestTextFromCovdataCorruptData(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go tool covdata")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"covmeta.0123": "x", "covcounters.0123.1.2": "x"})
	err := TextFromCovdata(context.Background(), dir, filepath.Join(dir, "out"))
	checkErr(t, err, "go tool covdata textfmt -i="+dir)
}

func TestResetCovdir(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"covdata/covmeta.stale": "x", "afile": "x"})
	t.Chdir(dir)
	got, err := ResetCovdir("covdata")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "covdata"); got != want {
		t.Errorf("ResetCovdir = %q, want %q", got, want)
	}
	if entries, err := os.ReadDir(got); err != nil || len(entries) != 0 {
		t.Errorf("covdata not emptied: %v, %v", entries, err)
	}
	_, err = ResetCovdir(filepath.Join("afile", "covdata"))
	checkErr(t, err, "not a directory")
}

func TestWriteHTML(t *testing.T) {
	r := coverageRun(t)
	out := filepath.Join(t.TempDir(), "c.html")
	t.Chdir(r.dir)
	if err := writeHTML(context.Background(), "", r.goTestOut, out); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "example.com/mod/tested/tested.go") {
		t.Error("coverage HTML does not show the tested package")
	}
	err = writeHTML(context.Background(), "", filepath.Join(r.dir, "missing.out"), out)
	checkErr(t, err, "go tool cover -html=")
}

func TestOutputErrors(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		args    []string
		wantErr string
	}{
		{"a failing command shows its stderr", context.Background(), []string{"go", "tool", "nosuchtool"}, "go tool nosuchtool: exit status 2: go: no such tool"},
		{"a command that never started", canceled, []string{"go", "version"}, "go version: context canceled"},
		{"a missing program", context.Background(), []string{"no-such-program-here"}, "no-such-program-here: exec"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := output(tc.ctx, "", tc.args[0], tc.args[1:]...)
			checkErr(t, err, tc.wantErr)
		})
	}
}
