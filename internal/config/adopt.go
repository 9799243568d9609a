package config

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/mushbdd/mush/internal/result"
)

// The settings that let another project use mush: which package is the
// feature runner, the rerun command, and whether mush.Test runs.
const (
	// RunnerPkgVar names the feature runner's package that the Mage
	// targets build, default DefaultRunnerPkg: a package main calling
	// mush.Main, or a package whose test calls mush.Test (its test binary).
	RunnerPkgVar     = "BDD_RUNNER_PKG"
	DefaultRunnerPkg = "./features"
	// SkipTestVar makes mush.Test skip. coverageReport sets it for its own
	// `go test ./...`, so the suite runs once there, in the feature runner.
	SkipTestVar = "MUSH_SKIP_TEST"
	// PageLaterVar makes a run leave index.html to coverageReport, which
	// sets it for its feature run and writes the page once, with the
	// coverage: a word between the target and its child, as AttemptVar is
	// between a supervisor and its runners, not a setting of README's.
	PageLaterVar = "MUSH_PAGE_LATER"
)

// RunnerPackage reads RunnerPkgVar: def when unset, otherwise a ./path
// (or ".") naming a directory of the module rooted at root.
func RunnerPackage(getenv func(string) string, root, def string) (string, error) {
	v := strings.TrimSpace(getenv(RunnerPkgVar))
	if v == "" {
		return def, nil
	}
	clean := path.Clean(filepath.ToSlash(v))
	st, err := os.Stat(filepath.Join(root, filepath.FromSlash(clean)))
	if (v != "." && !strings.HasPrefix(v, "./")) || clean == ".." || strings.HasPrefix(clean, "../") ||
		strings.Contains(v, "...") || err != nil || !st.IsDir() {
		return "", bad(RunnerPkgVar, v, "the ./path of the module's package main that calls mush.Main, or of a package whose test calls mush.Test, e.g. ./features")
	}
	if clean != "." {
		clean = "./" + clean
	}
	return clean, nil
}

// SkipTest reads SkipTestVar.
func SkipTest(getenv func(string) string) (b bool, err error) {
	if v := strings.TrimSpace(getenv(SkipTestVar)); v != "" && boolean(&b, v) != nil {
		return false, bad(SkipTestVar, v, "true or false (also 1/0, yes/no)")
	}
	return b, nil
}

// defaultRerun is how a feature runner started without RerunVar was
// started: `go run` of its own package, or for a test binary (mush.Test,
// which names its test itself) `go test` of its package, with the build
// tags it was built with.
func defaultRerun(read func() (*debug.BuildInfo, bool)) result.Start {
	s := result.Start{Command: result.GoRun, Pkg: DefaultRunnerPkg}
	bi, ok := read()
	if !ok {
		return s
	}
	path := bi.Path
	if p, ok := strings.CutSuffix(path, ".test"); ok {
		s.Command, path = result.GoTest, p
	}
	if rel, ok := strings.CutPrefix(path, bi.Main.Path); ok && bi.Main.Path != "" && (rel == "" || rel[0] == '/') {
		s.Pkg = "." + rel
	}
	for _, kv := range bi.Settings {
		if kv.Key == "-tags" {
			s.Tags = kv.Value
		}
	}
	return s
}

// targetRerun is how a Mage target (or whatever set RerunVar to command)
// started the run: the command, after the runner package when it is not
// the default and GOFLAGS when it gives build tags.
func targetRerun(command string, getenv func(string) string) result.Start {
	s := result.Start{Command: command}
	if v := getenv("GOFLAGS"); slices.ContainsFunc(strings.Fields(v), func(f string) bool {
		return strings.HasPrefix(f, "-tags=") || strings.HasPrefix(f, "--tags=")
	}) {
		s.Env = append(s.Env, "GOFLAGS="+v)
	}
	if v := strings.TrimSpace(getenv(RunnerPkgVar)); v != "" && v != DefaultRunnerPkg {
		s.Env = append(s.Env, RunnerPkgVar+"="+v)
	}
	return s
}

// Under is path p read from dir: p itself when it is absolute or dir is
// empty.
func Under(dir, p string) string {
	if dir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// Shown is path p as seen from dir (someone working there, a run's root):
// relative and slash-separated when it is inside dir, else p as it is. A
// relative p is read from the working directory; dir "" shows p as it is.
func Shown(dir, p string) string {
	if dir == "" {
		return p
	}
	abs, _ := filepath.Abs(p) // "": p as it is
	dir, _ = filepath.Abs(dir)
	rel, err := filepath.Rel(dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return p
	}
	return filepath.ToSlash(rel)
}

// ModuleRoot is the nearest directory at or above dir that holds go.mod.
func ModuleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod at or above " + dir)
		}
		dir = parent
	}
}
