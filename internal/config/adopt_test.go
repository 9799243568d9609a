package config

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/result"
)

func TestRunnerPackage(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"features", "cmd/bdd"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(root, "file.go"), nil, 0o644)
	for _, tc := range []struct{ value, want string }{
		{"", "./default"},
		{" ./cmd/bdd ", "./cmd/bdd"},
		{"./cmd//bdd/", "./cmd/bdd"},
		{".", "."},
		{"cmd/bdd", ""},        // not a ./path
		{"./missing", ""},      // no such directory
		{"./file.go", ""},      // not a directory
		{"./..", ""},           // outside the module
		{"./features/...", ""}, // a pattern, not one package
	} {
		got, err := RunnerPackage(env(RunnerPkgVar, tc.value), root, "./default")
		if tc.want == "" {
			if exitcode.Code(err) != exitcode.Misuse || !strings.HasPrefix(err.Error(), RunnerPkgVar+"=") {
				t.Errorf("%q: got %q, %v; want a misuse naming %s", tc.value, got, err, RunnerPkgVar)
			}
			continue
		}
		if got != tc.want || err != nil {
			t.Errorf("%q: got %q, %v; want %q", tc.value, got, err, tc.want)
		}
	}
}

func TestRerunVariable(t *testing.T) {
	if _, err := NewEnv(nil).Under(env(RerunVar, "go tool mage mush:unitTests")).Load(Run); err != nil {
		t.Fatal(err)
	}
	_, err := NewEnv(nil).Under(env(RerunVar, "go tool mage\nunitTests")).Load(Run)
	if exitcode.Code(err) != exitcode.Misuse || !strings.HasPrefix(err.Error(), RerunVar+`="go tool mage\nunitTests": not accepted`) {
		t.Fatalf("a two-line rerun command: %v", err)
	}
}

func TestDefaultRerun(t *testing.T) {
	info := func(path, module string, settings ...debug.BuildSetting) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{Path: path, Main: debug.Module{Path: module}, Settings: settings}, true
		}
	}
	tags := debug.BuildSetting{Key: "-tags", Value: "integration,slow"}
	for _, tc := range []struct {
		read func() (*debug.BuildInfo, bool)
		want result.Start
	}{
		{info("example.com/x/features", "example.com/x"), result.Start{Command: "go run", Pkg: "./features"}},
		{info("example.com/x/cmd/bdd", "example.com/x", debug.BuildSetting{Key: "-compiler", Value: "gc"}, tags), result.Start{Command: "go run", Pkg: "./cmd/bdd", Tags: "integration,slow"}},
		{info("example.com/x", "example.com/x"), result.Start{Command: "go run", Pkg: "."}},
		{info("example.com/x/test.test", "example.com/x", tags), result.Start{Command: "go test", Pkg: "./test", Tags: "integration,slow"}},
		{info("example.com/xy/features", "example.com/x"), result.Start{Command: "go run", Pkg: "./features"}},
		{info("command-line-arguments", ""), result.Start{Command: "go run", Pkg: "./features"}},
		{func() (*debug.BuildInfo, bool) { return nil, false }, result.Start{Command: "go run", Pkg: "./features"}},
	} {
		if got := defaultRerun(tc.read); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("defaultRerun = %+v, want %+v", got, tc.want)
		}
	}
}

func TestSkipTest(t *testing.T) {
	if skip, err := SkipTest(env(SkipTestVar, "1")); !skip || err != nil {
		t.Errorf("SkipTest(1) = %v, %v", skip, err)
	}
	if _, err := SkipTest(env(SkipTestVar, "sometimes")); exitcode.Code(err) != exitcode.Misuse {
		t.Errorf("SkipTest(sometimes) = %v", err)
	}
}

func TestModuleRoot(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := ModuleRoot(deep); err == nil {
		t.Fatal("found a module root without go.mod")
	}
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644)
	if got, err := ModuleRoot(deep); err != nil || got != root {
		t.Fatalf("ModuleRoot = %q, %v; want %q", got, err, root)
	}
}

// A run's directory (Env.In): the paths mush writes and the rerun files it
// reads are absolute under it when the run starts, whatever the working
// directory; BDD_PATHS entries stay as given.
func TestIn(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "rerun.txt"), []byte("features/a.feature:3\n"), 0o644)
	vars := map[string]string{"BDD_PATHS": "@rerun.txt,features/b.feature", "BDD_TIMINGS": "/abs/timings.json", "MUSH_CPUPROFILE": "cpu.prof"}
	set, err := NewEnv(nil).Under(func(k string) string { return vars[k] }).In(dir).Load(Run)
	if err != nil {
		t.Fatal(err)
	}
	want := Settings{ReportsDir: filepath.Join(dir, DefaultReportsDir),
		Timings: "/abs/timings.json", CPUProfile: filepath.Join(dir, "cpu.prof"), Paths: []string{"features/a.feature:3", "features/b.feature"}}
	if set.ReportsDir != want.ReportsDir || set.Timings != want.Timings || set.CPUProfile != want.CPUProfile ||
		!slices.Equal(set.Paths, want.Paths) {
		t.Errorf("settings in %s: %+v", dir, set)
	}
	for _, tc := range []struct{ dir, p, want string }{
		{"/m", "a/b", "/m/a/b"},
		{"/m", "/m/a", "/m/a"},
		{"", "a", "a"},
	} {
		if got := Under(tc.dir, tc.p); got != tc.want {
			t.Errorf("Under(%q, %q) = %q, want %q", tc.dir, tc.p, got, tc.want)
		}
	}
	for _, tc := range []struct{ dir, p, want string }{
		{"/m", "/m/build/reports/x", "build/reports/x"},
		{"/m", "/elsewhere/x", "/elsewhere/x"},
		{"/m", "/m", "."},
		{"/m", "relative", "relative"},
		{"", "/m/x", "/m/x"},
	} {
		if got := Shown(tc.dir, tc.p); got != tc.want {
			t.Errorf("Shown(%q, %q) = %q, want %q", tc.dir, tc.p, got, tc.want)
		}
	}
}

// TestPageLater: coverageReport's word to its feature run is read with the
// settings, and only when set.
func TestPageLater(t *testing.T) {
	if set, err := NewEnv([]string{PageLaterVar + "=1"}).Load(Run); err != nil || !set.PageLater {
		t.Errorf("with %s=1: %v, %v", PageLaterVar, set.PageLater, err)
	}
	if set, err := NewEnv(nil).Load(Run); err != nil || set.PageLater {
		t.Errorf("without %s: %v, %v", PageLaterVar, set.PageLater, err)
	}
}
