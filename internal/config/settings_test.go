package config

import (
	"bytes"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/exitcode"
)

var update = flag.Bool("update", false, "rewrite README's Configuration table from Vars")

// README's Configuration table is Table, between two markers; -update
// writes it there.
func TestReadmeConfigurationTable(t *testing.T) {
	const readme = "../../README.md"
	const begin, end = "<!-- settings table: go test ./internal/config -update -->\n", "<!-- end of settings table -->\n"
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := bytes.Cut(b, []byte(begin))
	table, after, ok2 := bytes.Cut(rest, []byte(end))
	if !ok1 || !ok2 {
		t.Fatalf("README lacks the markers %q and %q around the Configuration table", begin, end)
	}
	if string(table) == Table() {
		return
	}
	if !*update {
		t.Fatalf("README's Configuration table differs from config.Vars; run go test ./internal/config -update\nwant:\n%s", Table())
	}
	out := slices.Concat(before, []byte(begin+Table()+end), after)
	if err := os.WriteFile(readme, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestVarsAreDeclaredOnce(t *testing.T) {
	names, flags := map[string]bool{}, map[string]Target{}
	for _, v := range Vars {
		if names[v.Name] || v.Reads == 0 || v.Default == "" || v.Help == "" || (v.load == nil) == (v.Note == "") {
			t.Errorf("%s: declared twice, or without readers, default, help, or a loader xor a note", v.Name)
		}
		names[v.Name] = true
		if v.Flag != "" && flags[v.Flag]&v.Reads != 0 {
			t.Errorf("-%s: two variables for one target", v.Flag)
		}
		flags[v.Flag] |= v.Reads
	}
	if got := FlagVars(TargetOf("shardPlan")); len(got) != 5 || got[0].Flag != "workers" || got[4].Flag != "setup" {
		t.Errorf("shardPlan's flags %v", got)
	}
	if _, ok := VarOf("BDD_NOTHING"); ok || TargetOf("nothing") != 0 {
		t.Error("an undeclared name was found")
	}
	if v, _ := VarOf("BDD_WORKERS"); !strings.HasPrefix(v.FlagHelp(), "BDD_WORKERS: scenarios run at once: auto adapts") || !strings.HasSuffix(v.FlagHelp(), "(default auto)") {
		t.Errorf("flag help %q", v.FlagHelp())
	}
}

// Every setting a target reads is loaded by Load with that target's scope;
// a command does not refuse what it does not read.
func TestLoadOtherTargets(t *testing.T) {
	for _, tc := range []struct {
		name  string
		t     Target
		env   []string
		check func(Settings) bool
		bad   string
	}{
		{"coverage defaults", Coverage, nil, func(s Settings) bool {
			return s.Threshold == 97 && len(s.Exclude) == 0 && s.MergeFrom == "build/shards/*"
		}, ""},
		{"threshold", Coverage, []string{"COVERAGE_THRESHOLD", " 97.5 "}, func(s Settings) bool { return s.Threshold == 97.5 }, ""},
		{"threshold zero", Coverage, []string{"COVERAGE_THRESHOLD", "0"}, func(s Settings) bool { return s.Threshold == 0 }, ""},
		{"threshold hundred", Coverage, []string{"COVERAGE_THRESHOLD", "100"}, func(s Settings) bool { return s.Threshold == 100 }, ""},
		{"threshold above 100", Coverage, []string{"COVERAGE_THRESHOLD", "100.1"}, nil, `COVERAGE_THRESHOLD="100.1": not a number between 0 and 100 (e.g. 97 or 97.5)`},
		{"threshold negative", Coverage, []string{"COVERAGE_THRESHOLD", "-1"}, nil, `COVERAGE_THRESHOLD="-1": not a number`},
		{"threshold percent", Merge, []string{"COVERAGE_THRESHOLD", "97%"}, nil, `COVERAGE_THRESHOLD="97%": not a number`},
		{"threshold NaN", Coverage, []string{"COVERAGE_THRESHOLD", "NaN"}, nil, `COVERAGE_THRESHOLD="NaN": not a number`},
		{"threshold Inf", Coverage, []string{"COVERAGE_THRESHOLD", "Inf"}, nil, `COVERAGE_THRESHOLD="Inf": not a number`},
		{"a feature run ignores the threshold", Run, []string{"COVERAGE_THRESHOLD", "high"}, func(s Settings) bool { return s.Threshold == 97 }, ""},
		{"exclude none", Coverage, []string{"COVERAGE_EXCLUDE", "none"}, func(s Settings) bool { return s.Exclude != nil && len(s.Exclude) == 0 }, ""},
		{"exclude", Coverage, []string{"COVERAGE_EXCLUDE", " ./scripts/..., internal/gen  tools "}, func(s Settings) bool {
			return slices.Equal(s.Exclude, []string{"scripts", "internal/gen", "tools"})
		}, ""},
		{"exclude module path", Coverage, []string{"COVERAGE_EXCLUDE", "example.com/m/tools"}, func(s Settings) bool { return slices.Equal(s.Exclude, []string{"example.com/m/tools"}) }, ""},
		{"exclude up", Coverage, []string{"COVERAGE_EXCLUDE", "../other"}, nil, `COVERAGE_EXCLUDE="../other": "../other" not accepted (accepted: module-relative`},
		{"exclude absolute", Coverage, []string{"COVERAGE_EXCLUDE", "/abs"}, nil, `COVERAGE_EXCLUDE="/abs"`},
		{"exclude glob", Coverage, []string{"COVERAGE_EXCLUDE", "internal/*"}, nil, `COVERAGE_EXCLUDE="internal/*"`},
		{"exclude unclean", Coverage, []string{"COVERAGE_EXCLUDE", "a/../b"}, nil, `COVERAGE_EXCLUDE="a/../b"`},
		{"exclude dot", Coverage, []string{"COVERAGE_EXCLUDE", "./"}, nil, `COVERAGE_EXCLUDE="./"`},
		{"exclude dots", Coverage, []string{"COVERAGE_EXCLUDE", "x/.../y"}, nil, `COVERAGE_EXCLUDE="x/.../y"`},
		{"merge from", Merge, []string{"MUSH_MERGE_FROM", "a/*,b"}, func(s Settings) bool { return s.MergeFrom == "a/*,b" }, ""},
		{"plan defaults", Plan, nil, func(s Settings) bool {
			return slices.Equal(s.ShardCounts, []int{1, 2, 4, 8, 16}) && s.ShardSetup == 30*time.Second
		}, ""},
		{"shard counts", Plan, []string{"MUSH_SHARDS", "8, 1,2,4,2"}, func(s Settings) bool { return slices.Equal(s.ShardCounts, []int{1, 2, 4, 8}) }, ""},
		{"shard count zero", Plan, []string{"MUSH_SHARDS", "0"}, nil, `MUSH_SHARDS="0": not accepted (accepted: shard counts from 1 to 10000`},
		{"shard count word", Plan, []string{"MUSH_SHARDS", "2,x"}, nil, `MUSH_SHARDS="2,x"`},
		{"shard count empty item", Plan, []string{"MUSH_SHARDS", "2,,4"}, nil, `MUSH_SHARDS="2,,4"`},
		{"shard count huge", Plan, []string{"MUSH_SHARDS", "10001"}, nil, `MUSH_SHARDS="10001"`},
		{"setup", Plan, []string{"MUSH_SHARD_SETUP", "0s"}, func(s Settings) bool { return s.ShardSetup == 0 }, ""},
		{"setup negative", Plan, []string{"MUSH_SHARD_SETUP", "-1s"}, nil, `MUSH_SHARD_SETUP="-1s": not accepted (accepted: a Go duration >= 0`},
		{"plan reads workers", Plan, []string{"BDD_WORKERS", "0"}, nil, `BDD_WORKERS="0"`},
		{"plan ignores the format", Plan, []string{"BDD_FORMAT", "json"}, func(s Settings) bool { return s.Format == FormatProgress }, ""},
		{"profile", Run, []string{"MUSH_CPUPROFILE", "cpu.out"}, func(s Settings) bool { return s.CPUProfile == "cpu.out" }, ""},
		{"bench", Bench, []string{"MUSH_BENCH_QUICK", "yes", "MUSH_BENCH_RUNS", " 5 "}, func(s Settings) bool { return s.BenchQuick && s.BenchRuns == 5 }, ""},
		{"bench quick", Bench, []string{"MUSH_BENCH_QUICK", "maybe"}, nil, `MUSH_BENCH_QUICK="maybe": not accepted`},
		{"bench runs", Bench, []string{"MUSH_BENCH_RUNS", "0"}, nil, `MUSH_BENCH_RUNS="0": not accepted (accepted: a whole number from 1 to 1000`},
		{"bench corpora", Bench, []string{"MUSH_BENCH_CORPORA", "shared, mixed"}, func(s Settings) bool { return slices.Equal(s.BenchCorpora, []string{"shared", "mixed"}) }, ""},
		{"bench no corpora", Bench, []string{"MUSH_BENCH_CORPORA", ", ,"}, nil, `MUSH_BENCH_CORPORA=", ,": not accepted (accepted: corpus names separated by commas or spaces, e.g. shared)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewEnv(nil).Under(env(tc.env...)).Load(tc.t)
			if tc.bad != "" {
				if !strings.HasPrefix(errText(err), tc.bad) || exitcode.Code(err) != exitcode.Misuse {
					t.Fatalf("error %v (code %d), want misuse starting %q", err, exitcode.Code(err), tc.bad)
				}
				return
			}
			if err != nil || !tc.check(s) {
				t.Fatalf("Load = %+v, %v", s, err)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// Flags override their variables and name themselves in errors; defaults
// apply where nothing else sets a variable; a child process gets it all.
func TestEnv(t *testing.T) {
	e := NewEnv([]string{"BDD_WORKERS=4", "BDD_TAGS=@a", "PATH=/bin"}).
		Default("COVERAGE_THRESHOLD", "90").Default("BDD_TAGS", "@d").Default("COVERAGE_EXCLUDE", "x").Default("COVERAGE_EXCLUDE", "y").
		Set("BDD_WORKERS", "8", "-workers")
	for name, want := range map[string]string{"BDD_WORKERS": "8", "BDD_TAGS": "@a", "COVERAGE_THRESHOLD": "90", "COVERAGE_EXCLUDE": "y", "PATH": "/bin", "HOME": ""} {
		if got := e.Getenv(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	want := []string{"BDD_WORKERS=4", "BDD_TAGS=@a", "PATH=/bin", "COVERAGE_THRESHOLD=90", "COVERAGE_EXCLUDE=y", "BDD_WORKERS=8"}
	if got := e.Environ(); !slices.Equal(got, want) {
		t.Errorf("Environ = %q, want %q", got, want)
	}
	if s, err := e.Load(Run | Coverage); err != nil || s.Workers != 8 || s.Threshold != 90 {
		t.Errorf("Load = %+v, %v", s, err)
	}
	if _, err := e.Set("BDD_WORKERS", "many", "-workers").Load(Run); errText(err) != `-workers / BDD_WORKERS="many": not accepted (accepted: auto, or a whole number from 1 to 10000, e.g. 8)` {
		t.Errorf("a flag's bad value: %v", err)
	}
	if _, err := e.Set("BDD_SHARD", "5/4", "-shard").Load(Run); !strings.HasPrefix(errText(err), `-shard / BDD_SHARD="5/4"`) {
		t.Errorf("a flag's bad shard: %v", err)
	}
	if _, err := e.Set("BDD_FORMAT", "json", "").Load(Run); !strings.HasPrefix(errText(err), `BDD_FORMAT="json"`) {
		t.Errorf("a Go caller's bad value: %v", err)
	}
	if _, err := NewEnv([]string{"BDD_RETRY=x"}).Set("BDD_WORKERS", "2", "-workers").Load(Run); !strings.HasPrefix(errText(err), `BDD_RETRY="x"`) {
		t.Errorf("a variable's bad value: %v", err)
	}
	if got := (Env{}).Set("A", "1", "").Environ(); !slices.Equal(got, []string{"A=1"}) || (Env{}).Getenv("A") != "" {
		t.Errorf("the zero Env: %q", got)
	}
}
