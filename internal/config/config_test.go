package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/fixtures/hostilefile"
	"github.com/mushbdd/mush/internal/result"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		name  string
		env   []string
		check func(Settings) bool
		bad   string // expected start of the error, "" for none
	}{
		{"defaults", nil, func(s Settings) bool {
			return s.Workers == 0 && s.MaxWorkers == DefaultMaxWorkers() && s.MaxWorkers >= 64 && s.Format == FormatProgress && s.Timeout == 10*time.Minute &&
				s.ReportsDir == "build/reports" && len(s.Paths) == 0
		}, ""},
		{"workers", []string{"BDD_WORKERS", " 8 "}, func(s Settings) bool { return s.Workers == 8 }, ""},
		{"goroutine isolation", []string{"BDD_ISOLATION", "goroutine"}, func(s Settings) bool { return s.Isolation == IsolationGoroutine && s.Processes == 0 }, ""},
		{"process isolation", []string{"BDD_ISOLATION", "process"}, func(s Settings) bool {
			return s.Isolation == IsolationProcess && s.Workers == 1 && s.Processes == min(runtime.NumCPU(), s.MaxWorkers)
		}, ""},
		{"pinned processes", []string{"BDD_ISOLATION", "process", "BDD_PROCESSES", "3", "BDD_WORKERS", "2"}, func(s Settings) bool { return s.Processes == 3 && s.Workers == 2 }, ""},
		{"processes capped", []string{"BDD_ISOLATION", "process", "BDD_MAX_WORKERS", "2"}, func(s Settings) bool { return s.Processes <= 2 }, ""},
		{"bad isolation", []string{"BDD_ISOLATION", "fork"}, nil, `BDD_ISOLATION="fork": not accepted (accepted: goroutine or process)`},
		{"auto per process", []string{"BDD_ISOLATION", "process", "BDD_WORKERS", "auto"}, nil, `BDD_WORKERS="auto": not accepted (accepted: with BDD_ISOLATION=process`},
		{"processes over the cap", []string{"BDD_ISOLATION", "process", "BDD_MAX_WORKERS", "4", "BDD_PROCESSES", "5"}, nil, `BDD_PROCESSES="5": not accepted (accepted: a whole number from 1 to BDD_MAX_WORKERS (4)`},
		{"no processes", []string{"BDD_ISOLATION", "process", "BDD_PROCESSES", "0"}, nil, `BDD_PROCESSES="0"`},
		{"auto workers", []string{"BDD_WORKERS", "auto", "BDD_MAX_WORKERS", "3"}, func(s Settings) bool { return s.Workers == 0 && s.MaxWorkers == 3 }, ""},
		{"paths split on commas and spaces", []string{"BDD_PATHS", "a.feature, b.feature c:3"}, func(s Settings) bool {
			return strings.Join(s.Paths, "|") == "a.feature|b.feature|c:3"
		}, ""},
		{"pretty", []string{"BDD_FORMAT", "pretty"}, func(s Settings) bool { return s.Format == FormatPretty }, ""},
		{"fail fast yes", []string{"BDD_FAIL_FAST", "YES"}, func(s Settings) bool { return s.FailFast }, ""},
		{"fail fast off", []string{"BDD_FAIL_FAST", "off"}, func(s Settings) bool { return !s.FailFast }, ""},
		{"no colour", []string{"BDD_NO_COLOR", "1"}, func(s Settings) bool { return s.NoColor }, ""},
		{"seed", []string{"BDD_SEED", "-42"}, func(s Settings) bool { return s.Seed == -42 && !s.RandomSeed }, ""},
		{"random seed", []string{"BDD_SEED", "random"}, func(s Settings) bool { return s.RandomSeed }, ""},
		{"file order", []string{"BDD_ORDER", "file"}, func(s Settings) bool { return s.FileOrder }, ""},
		{"longest first", []string{"BDD_ORDER", "longest"}, func(s Settings) bool { return !s.FileOrder }, ""},
		{"timeout", []string{"BDD_TIMEOUT", "90s"}, func(s Settings) bool { return s.Timeout == 90*time.Second }, ""},
		{"dirs", []string{"BDD_REPORTS_DIR", "out", "BDD_TIMINGS", "t.json"}, func(s Settings) bool {
			return s.ReportsDir == "out" && s.Timings == "t.json"
		}, ""},
		{"serial tag", []string{"BDD_SERIAL_TAG", "@alone"}, func(s Settings) bool { return s.SerialTag == "@alone" }, ""},
		{"serial tag unset", nil, func(s Settings) bool { return s.SerialTag == "@serial" }, ""},
		{"serial tag without @", []string{"BDD_SERIAL_TAG", "serial"}, nil, `BDD_SERIAL_TAG="serial": not accepted (accepted: one tag with its @, e.g. @serial)`},
		{"serial tag expression", []string{"BDD_SERIAL_TAG", "@a or @b"}, nil, `BDD_SERIAL_TAG="@a or @b"`},
		{"alone", []string{"BDD_ALONE", "0"}, func(s Settings) bool { return s.Alone == 0 }, ""},
		{"alone unset", nil, func(s Settings) bool { return s.Alone == 10 }, ""},
		{"alone too many", []string{"BDD_ALONE", "101"}, nil, `BDD_ALONE="101": not accepted (accepted: a whole number from 0 to 100, 0 for none)`},
		{"retry", []string{"BDD_RETRY", "2"}, func(s Settings) bool { return s.Retry == 2 }, ""},
		{"retry unset", nil, func(s Settings) bool { return s.Retry == 0 }, ""},
		{"retry word", []string{"BDD_RETRY", "twice"}, nil, `BDD_RETRY="twice": not accepted (accepted: a whole number from 0 to 10)`},
		{"retry too many", []string{"BDD_RETRY", "11"}, nil, `BDD_RETRY="11"`},
		{"retry negative", []string{"BDD_RETRY", "-1"}, nil, `BDD_RETRY="-1"`},
		{"rerun file missing", []string{"BDD_PATHS", "@testdata/no-such-rerun.txt"}, nil,
			`BDD_PATHS="@testdata/no-such-rerun.txt": the rerun file testdata/no-such-rerun.txt does not exist`},
		{"rerun file is a directory", []string{"BDD_PATHS", "@."}, nil, `BDD_PATHS="@.": the rerun file . is a directory (accepted: a regular file of at most 1 MiB)`},
		{"zero workers", []string{"BDD_WORKERS", "0"}, nil, `BDD_WORKERS="0": not accepted (accepted: auto, or a whole number from 1 to 10000`},
		{"too many workers", []string{"BDD_WORKERS", "10001"}, nil, `BDD_WORKERS="10001"`},
		{"zero max workers", []string{"BDD_MAX_WORKERS", "0"}, nil, `BDD_MAX_WORKERS="0": not accepted (accepted: a whole number from 1 to 10000`},
		{"word max workers", []string{"BDD_MAX_WORKERS", "auto"}, nil, `BDD_MAX_WORKERS="auto"`},
		{"word workers", []string{"BDD_WORKERS", "many"}, nil, `BDD_WORKERS="many"`},
		{"format", []string{"BDD_FORMAT", "json"}, nil, `BDD_FORMAT="json": not accepted (accepted: progress or pretty)`},
		{"fail fast", []string{"BDD_FAIL_FAST", "maybe"}, nil, `BDD_FAIL_FAST="maybe"`},
		{"no colour word", []string{"BDD_NO_COLOR", "grey"}, nil, `BDD_NO_COLOR="grey"`},
		{"seed word", []string{"BDD_SEED", "soon"}, nil, `BDD_SEED="soon"`},
		{"seed zero", []string{"BDD_SEED", "0"}, nil, `BDD_SEED="0"`},
		{"order word", []string{"BDD_ORDER", "random"}, nil, `BDD_ORDER="random": not accepted (accepted: longest or file)`},
		{"timeout word", []string{"BDD_TIMEOUT", "long"}, nil, `BDD_TIMEOUT="long"`},
		{"timeout negative", []string{"BDD_TIMEOUT", "-1s"}, nil, `BDD_TIMEOUT="-1s"`},
		{"timeout huge", []string{"BDD_TIMEOUT", "25h"}, nil, `BDD_TIMEOUT="25h"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewEnv(nil).Under(env(tc.env...)).Load(Run)
			if tc.bad != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.bad) || exitcode.Code(err) != exitcode.Misuse {
					t.Fatalf("error %v (code %d), want misuse starting %q", err, exitcode.Code(err), tc.bad)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Fatalf("error is not one line: %q", err)
				}
				return
			}
			if err != nil || !tc.check(s) {
				t.Fatalf("Load = %+v, %v", s, err)
			}
		})
	}
}

func TestColour(t *testing.T) {
	for _, tc := range []struct {
		name     string
		set      Settings
		env      []string
		terminal bool
		want     bool
	}{
		{"terminal", Settings{}, nil, true, true},
		{"not a terminal", Settings{}, nil, false, false},
		{"NO_COLOR", Settings{}, []string{"NO_COLOR", "1"}, true, false},
		{"TERM=dumb", Settings{}, []string{"TERM", "dumb"}, true, false},
		{"flag", Settings{NoColor: true}, nil, true, false},
	} {
		if got := Colour(tc.set, env(tc.env...), tc.terminal); got != tc.want {
			t.Errorf("%s: Colour = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestLookup(t *testing.T) {
	get := Lookup([]string{"A=1", "B=x=y", "C", "A=2"})
	for k, want := range map[string]string{"A": "2", "B": "x=y", "C": "", "D": ""} {
		if got := get(k); got != want {
			t.Errorf("Lookup(%s) = %q, want %q", k, got, want)
		}
	}
}

func TestRerun(t *testing.T) {
	if got := Rerun(env()); got.Command != result.GoTest || got.Pkg != "./internal/config" { // this test binary
		t.Errorf("default Rerun = %+v", got)
	}
	for _, tc := range []struct {
		env  []string
		want []string
	}{
		{nil, nil},
		{[]string{"GOFLAGS", "-mod=mod", RunnerPkgVar, DefaultRunnerPkg}, nil},
		{[]string{"GOFLAGS", "-mod=mod -tags=x,y", RunnerPkgVar, "./test"}, []string{"GOFLAGS=-mod=mod -tags=x,y", "BDD_RUNNER_PKG=./test"}},
		{[]string{"GOFLAGS", "--tags=x"}, []string{"GOFLAGS=--tags=x"}},
	} {
		got := Rerun(env(append([]string{RerunVar, "go tool mage coverageReport"}, tc.env...)...))
		if got.Command != "go tool mage coverageReport" || !slices.Equal(got.Env, tc.want) {
			t.Errorf("Rerun with %q = %+v, want env %q", tc.env, got, tc.want)
		}
	}
}

func TestTerminal(t *testing.T) {
	if Terminal(io.Discard) || Terminal(&strings.Builder{}) {
		t.Fatal("a writer that is not a file is no terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if Terminal(f) {
		t.Fatal("a regular file is no terminal")
	}
}

func TestAttempt(t *testing.T) {
	for _, tc := range []struct {
		value      string
		n          int
		supervised bool
		bad        bool
	}{
		{"", 1, false, false},
		{"1", 1, true, false},
		{"3", 3, true, false},
		{"0", 0, false, true},
		{"x", 0, false, true},
	} {
		s, err := NewEnv(nil).Under(env(AttemptVar, tc.value)).Load(Run)
		if err == nil && (s.Attempt != tc.n || s.Supervised != tc.supervised) || (err != nil) != tc.bad {
			t.Errorf("%q: %d %v %v", tc.value, s.Attempt, s.Supervised, err)
		}
	}
}

func TestRerunFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := dir + "/" + name
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	full := write("rerun.txt", "features/a.feature:3\nfeatures/b.feature:7:12\n")
	s, err := NewEnv(nil).Under(env("BDD_PATHS", "x.feature,@"+full)).Load(Run)
	if got := strings.Join(s.Paths, "|"); err != nil || got != "x.feature|features/a.feature:3|features/b.feature:7|features/b.feature:12" {
		t.Fatalf("paths %q, %v", got, err)
	}
	for _, text := range []string{"", "\n  \n"} {
		empty := write("empty.txt", text)
		_, err = NewEnv(nil).Under(env("BDD_PATHS", "@"+empty)).Load(Run)
		if !errors.Is(err, ErrNothingToRerun) || !strings.HasPrefix(err.Error(), "nothing to rerun: "+empty+" is empty") {
			t.Fatalf("empty rerun file %q: %v", text, err)
		}
	}
}

func TestSplitLines(t *testing.T) {
	for in, want := range map[string]string{
		"a.feature:3":        "a.feature:3",
		"a.feature":          "a.feature",
		"a.feature:3:7":      "a.feature:3|a.feature:7",
		"c:/x/a.feature:3":   "c:/x/a.feature:3",
		"c:/x/a.feature:3:7": "c:/x/a.feature:3|c:/x/a.feature:7",
		"1:2:3":              "1:2|1:3",
	} {
		if got := strings.Join(splitLines(in), "|"); got != want {
			t.Errorf("splitLines(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDeadlineLeft(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  time.Duration
		bad   bool
	}{{"", 0, false}, {"1.5s", 1500 * time.Millisecond, false}, {"-1s", 0, true}, {"soon", 0, true}} {
		s, err := NewEnv(nil).Under(env(DeadlineLeftVar, tc.value)).Load(Run)
		if err == nil && s.DeadlineLeft != tc.want || (err != nil) != tc.bad {
			t.Errorf("%q: %s %v", tc.value, s.DeadlineLeft, err)
		}
	}
}

func TestRerunFileRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const accepted = " (accepted: file.feature:LINE entries, one a line, as a run writes build/reports/rerun.txt)"
	tests := map[string]string{ // path -> the error after `BDD_PATHS="@path": `
		write("nul.txt", []byte("a.feature:3\n\x00\x01\x02")):            "%s is not a rerun file: it holds NUL bytes" + accepted,
		write("latin1.txt", []byte("caf\xe9.feature:3\n")):               "%s is not a rerun file: it is not UTF-8 text" + accepted,
		write("words.txt", []byte("a.feature:3\n/ etc usr\n")):           "%s is not a rerun file: \"/\" is not file.feature:LINE" + accepted,
		write("noline.txt", []byte("features/a.feature\n")):              "%s is not a rerun file: \"features/a.feature\" is not file.feature:LINE" + accepted,
		write("big.txt", bytes.Repeat([]byte("a.feature:1\n"), 100_000)): "the rerun file %s is larger than 1 MiB (accepted: a regular file of at most 1 MiB)",
		write("quote.txt", []byte("\"a.feature:3\n")):                    "%s is not a rerun file: \"\\\"a.feature:3\\n\" is not a whole Go string literal" + accepted,
	}
	if runtime.GOOS != "windows" { // a path below a regular file: an error that is not ErrNotExist
		tests[filepath.Join(write("plain.txt", nil), "rerun.txt")] = "cannot read the rerun file: stat %s: not a directory"
	}
	for name, path := range hostilefile.Make(t, dir, ".txt") {
		what := map[string]string{"a directory": "a directory", "a named pipe": "a named pipe, not a regular file"}[name]
		if what == "" {
			what = "a device, not a regular file"
		}
		tests[path] = "the rerun file %s is " + what + " (accepted: a regular file of at most 1 MiB)"
	}
	for path, want := range tests {
		t.Run(filepath.Base(path), func(t *testing.T) {
			_, err := NewEnv(nil).Under(env("BDD_PATHS", "@"+path)).Load(Run)
			want := fmt.Sprintf("BDD_PATHS=%q: ", "@"+path) + fmt.Sprintf(want, path)
			if err == nil || err.Error() != want || exitcode.Code(err) != exitcode.Misuse {
				t.Errorf("error %v (code %d)\nwant %s (code 2)", err, exitcode.Code(err), want)
			}
		})
	}
}
