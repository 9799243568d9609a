package config

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mushbdd/mush/internal/view"
)

// Target is a set of the commands that read a setting.
type Target uint8

const (
	// Run is every feature run: the unitTests and coverageReport targets,
	// mush.Main and mush.Test.
	Run Target = 1 << iota
	// Coverage is what only coverageReport reads (and mergeReports, for
	// the shards of a coverage run).
	Coverage
	Merge // mergeReports
	Plan  // shardPlan
	Bench // bench, mush's own target
)

// Targets are the Mage targets and what each reads.
var Targets = []struct {
	Name  string
	Reads Target
}{
	{"unitTests", Run},
	{"coverageReport", Run | Coverage},
	{"mergeReports", Merge},
	{"shardPlan", Plan},
	{"bench", Bench},
}

// TargetOf is what the Mage target name reads (0 for no such target).
func TargetOf(name string) Target {
	for _, t := range Targets {
		if t.Name == name {
			return t.Reads
		}
	}
	return 0
}

// Var is one setting, declared once: its environment variable, the flag
// of the targets that read it (Mage targets take a flag for every variable
// that has one), its default and what it accepts as README's Configuration
// table shows them (`code` in backquotes), and how a value is read into
// Settings. Loading, the flags of the targets and of mush.Test, the names
// in error messages, the targets' help and README's table all come from
// Vars.
type Var struct {
	Name    string // BDD_WORKERS
	Flag    string // workers: -workers; "" when only the variable sets it
	Reads   Target // the commands that read it
	Default string
	Help    string
	// load reads a value (trimmed, not empty) into s; its error says why
	// a value is refused, after Load's "NAME=value: " and the flag. Nil for
	// a variable read elsewhere (Note says where).
	load func(s *Settings, v string) error
	// Note says which command reads a variable that is not loaded here.
	Note string
}

// notAccepted says why a value is refused: what is accepted.
func notAccepted(accepted string) error {
	return errors.New("not accepted (accepted: " + accepted + ")")
}

// Vars lists every setting, in the order README and `mage -h` show them.
var Vars = []Var{
	{Name: "BDD_WORKERS", Flag: "workers", Reads: Run | Plan, Default: "`" + Auto + "`",
		Help: "scenarios run at once: `auto` adapts the count during the run to keep the cores busy; a number (1 to 10000) pins it; 1 runs everything on one goroutine",
		load: func(s *Settings, v string) error {
			if v == Auto {
				return nil
			}
			return whole(&s.Workers, v, 1, MaxWorkers, "auto, or a whole number from 1 to 10000, e.g. 8")
		}},
	{Name: "BDD_MAX_WORKERS", Reads: Run | Plan, Default: "64, or 4 x CPU cores when larger",
		Help: "the most scenarios `auto` runs at once: keep it below what the suite can open at once (ports, connections)",
		load: func(s *Settings, v string) error {
			return whole(&s.MaxWorkers, v, 1, MaxWorkers, "a whole number from 1 to 10000, e.g. 32")
		}},
	{Name: "BDD_ISOLATION", Flag: "isolation", Reads: Run, Default: "`" + IsolationGoroutine + "`",
		Help: "`process` runs the scenarios in worker processes fed one scenario at a time from one queue, for suites that share state; `BDD_WORKERS` then counts scenarios per process, 1 unless set",
		load: func(s *Settings, v string) error { return oneOf(&s.Isolation, v, IsolationGoroutine, IsolationProcess) }},
	{Name: "BDD_PROCESSES", Reads: Run, Default: "CPU cores",
		Help: "worker processes with `BDD_ISOLATION=process`, at most `BDD_MAX_WORKERS`",
		load: func(s *Settings, v string) error {
			return whole(&s.Processes, v, 1, s.MaxWorkers, fmt.Sprintf("a whole number from 1 to BDD_MAX_WORKERS (%d), e.g. 4", s.MaxWorkers))
		}},
	{Name: "BDD_SERIAL_TAG", Reads: Run, Default: "`@serial`",
		Help: "scenarios with this tag run with nothing else running",
		load: func(s *Settings, v string) error {
			if !strings.HasPrefix(v, "@") || len(v) == 1 || strings.ContainsAny(v, " \t,()~&|") {
				return notAccepted("one tag with its @, e.g. @serial")
			}
			s.SerialTag = v
			return nil
		}},
	{Name: "BDD_TAGS", Flag: "tags", Reads: Run | Plan, Default: "all",
		Help: "tag expression, Cucumber's (`@a and not (@b or @c)`) or godog's (`@a&&~@b,@c`; `&&`, `,` or `~` makes it godog's)",
		load: func(s *Settings, v string) error { s.Tags = v; return nil }},
	{Name: "BDD_PATHS", Flag: "paths", Reads: Run | Plan, Default: "`features`",
		Help: "feature files, directories, `file.feature:LINE` (a Scenario line, an Outline line, or one Examples row), separated by commas or spaces (a path holding either written as a Go string, `\"my dir/a.feature\"`); `@FILE` reads them from a rerun file (`@build/reports/rerun.txt`: the last run's failures)",
		load: func(s *Settings, v string) (err error) { // @FILE: Load's last step
			if s.Paths, err = view.SplitPaths(v); err != nil {
				return notAccepted(err.Error() + `: paths separated by commas or spaces, a path holding either as a Go string, "my dir/a.feature"`)
			}
			return nil
		}},
	{Name: "BDD_FORMAT", Flag: "format", Reads: Run, Default: "`" + FormatProgress + "`",
		Help: "`progress` or `pretty` (every scenario printed whole as it finishes)",
		load: func(s *Settings, v string) error { return oneOf(&s.Format, v, FormatProgress, FormatPretty) }},
	{Name: "BDD_FAIL_FAST", Flag: "failfast", Reads: Run, Default: "`false`",
		Help: "stop starting scenarios after the first failure; the rest are reported as skipped",
		load: func(s *Settings, v string) error { return boolean(&s.FailFast, v) }},
	{Name: "BDD_DRY_RUN", Flag: "dryrun", Reads: Run, Default: "`false`",
		Help: "run nothing: match every step of the selected scenarios to its definition, print the plan, list undefined and ambiguous steps (exit 1 when any)",
		load: func(s *Settings, v string) error { return boolean(&s.DryRun, v) }},
	{Name: "BDD_UNUSED", Flag: "unused", Reads: Run, Default: "`warn`",
		Help: "step definitions no step used, in a run of whole feature directories (no tags, shard, file or line): `warn` lists them in the summary, `fail` also fails the run (exit 1)",
		load: func(s *Settings, v string) error {
			s.UnusedFail = v == "fail"
			return oneOf(new(string), v, "warn", "fail")
		}},
	{Name: "BDD_SEED", Flag: "seed", Reads: Run, Default: "longest-first",
		Help: "shuffle with this integer seed, or `random` (the seed is printed)",
		load: func(s *Settings, v string) error {
			if v == "random" {
				s.RandomSeed = true
				return nil
			}
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n == 0 {
				return notAccepted("a non-zero integer, or random")
			}
			s.Seed = n
			return nil
		}},
	{Name: "BDD_ORDER", Reads: Run, Default: "`longest`",
		Help: "`file` keeps file order; `longest`: longest first from the timing history",
		load: func(s *Settings, v string) error {
			s.FileOrder = v == "file"
			return oneOf(new(string), v, "longest", "file")
		}},
	{Name: "BDD_TIMEOUT", Flag: "timeout", Reads: Run, Default: "`10m`",
		Help: "time limit of one scenario (Go duration)",
		load: func(s *Settings, v string) error {
			return duration(&s.Timeout, v, "a positive Go duration up to 24h, e.g. 90s or 10m")
		}},
	{Name: "BDD_NO_COLOR", Flag: "nocolor", Reads: Run | Merge, Default: "`false`",
		Help: "no colour; also `NO_COLOR`, `TERM=dumb`, or output not a terminal",
		load: func(s *Settings, v string) error { return boolean(&s.NoColor, v) }},
	{Name: "BDD_DEADLINE", Reads: Run, Default: "none",
		Help: "time limit of the whole run (Go duration)",
		load: func(s *Settings, v string) error {
			return duration(&s.Deadline, v, "a positive Go duration up to 24h, e.g. 30m")
		}},
	{Name: "BDD_RETRY", Flag: "retry", Reads: Run, Default: "`0`",
		Help: "runs of a failed scenario again, 0 to 10; passing on a retry counts as passed and is reported flaky",
		load: func(s *Settings, v string) error {
			return whole(&s.Retry, v, 0, 10, "a whole number from 0 to 10") // ten failures in a row are not flaky
		}},
	{Name: "BDD_ALONE", Reads: Run, Default: "`10`",
		Help: "failed scenarios run again alone after a run on several workers, 0 to 100 (`0`: none)",
		load: func(s *Settings, v string) error {
			// each costs a fresh process, and up to supervise.Culprits more when it passes alone
			return whole(&s.Alone, v, 0, 100, "a whole number from 0 to 100, 0 for none")
		}},
	{Name: "BDD_MAX_RESTARTS", Reads: Run, Default: "`3`",
		Help: "restarts of a crashed feature runner (0 to 100)",
		load: func(s *Settings, v string) error {
			return whole(&s.MaxRestarts, v, 0, 100, "a whole number from 0 to 100")
		}},
	{Name: "BDD_REPORTS_DIR", Reads: Run | Merge, Default: "`" + DefaultReportsDir + "`",
		Help: "where the reports go",
		load: func(s *Settings, v string) error { s.ReportsDir = v; return nil }},
	{Name: "BDD_TIMINGS", Reads: Run | Merge | Plan, Default: "`build/cache/timings.json`",
		Help: "timing history for longest-first order; cache it in CI",
		load: func(s *Settings, v string) error { s.Timings = v; return nil }},
	{Name: "BDD_SHARD", Flag: "shard", Reads: Run, Default: "not sharded",
		Help: "run shard `i/n` (1-based) of a timing-balanced split; also read from GitLab, CircleCI, Buildkite and Bazel variables (see [Shards](#shards-beyond-one-machine)); `none` runs the whole suite whatever they say",
		Note: "read with the CI's variables by Load"},
	{Name: "MUSH_MERGE_FROM", Flag: "from", Reads: Merge, Default: "`build/shards/*`",
		Help: "the shards' output directories, globs separated by commas",
		load: func(s *Settings, v string) error { s.MergeFrom = v; return nil }},
	{Name: "MUSH_SHARDS", Flag: "shards", Reads: Plan, Default: "`1,2,4,8,16`",
		Help: "shard counts to predict",
		load: func(s *Settings, v string) (err error) { s.ShardCounts, err = shardCounts(v); return err }},
	{Name: "MUSH_SHARD_SETUP", Flag: "setup", Reads: Plan, Default: "`30s`",
		Help: "fixed time of one shard job: start, checkout, build, suite setup",
		load: func(s *Settings, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return notAccepted("a Go duration >= 0, e.g. 45s")
			}
			s.ShardSetup = d
			return nil
		}},
	{Name: ThresholdVar, Flag: "threshold", Reads: Coverage | Merge, Default: "`97`",
		Help: "coverage gate in percent, fractions allowed",
		load: func(s *Settings, v string) (err error) {
			if s.Threshold, err = strconv.ParseFloat(v, 64); err != nil || !(s.Threshold >= 0 && s.Threshold <= 100) { // NaN is refused too
				return errors.New("not a number between 0 and 100 (e.g. 97 or 97.5)")
			}
			return nil
		}},
	{Name: ExcludeVar, Reads: Coverage | Merge, Default: "none",
		Help: "packages not counted: module-relative paths (`./x/...` accepted), each with every package below it, separated by commas or spaces; `none` counts every package",
		load: func(s *Settings, v string) (err error) { s.Exclude, err = parseExclude(v); return err }},
	{Name: "MUSH_BENCH_QUICK", Flag: "quick", Reads: Bench, Default: "`false`",
		Help: "small benchmark corpora, about 45 s",
		load: func(s *Settings, v string) error { return boolean(&s.BenchQuick, v) }},
	{Name: "MUSH_BENCH_RUNS", Flag: "runs", Reads: Bench, Default: "`3` (quick `1`)",
		Help: "interleaved rounds of the benchmark",
		load: func(s *Settings, v string) error {
			return whole(&s.BenchRuns, v, 1, 1000, "a whole number from 1 to 1000, e.g. 3")
		}},
	{Name: "MUSH_BENCH_CORPORA", Flag: "corpora", Reads: Bench, Default: "all",
		Help: "the benchmark's corpora to run, by name, separated by commas or spaces (e.g. `shared`)",
		load: func(s *Settings, v string) error {
			s.BenchCorpora = strings.FieldsFunc(v, isSep)
			if len(s.BenchCorpora) == 0 {
				return notAccepted("corpus names separated by commas or spaces, e.g. shared")
			}
			return nil
		}},
	{Name: "MUSH_CPUPROFILE", Reads: Run, Default: "none",
		Help: "write a CPU profile of the whole run to this file (`go tool pprof`)",
		load: func(s *Settings, v string) error { s.CPUProfile = v; return nil }},
	{Name: RunnerPkgVar, Reads: Run, Default: "`" + DefaultRunnerPkg + "`",
		Help: "the feature runner the targets build: `./path` of a package main calling `mush.Main` or whose test calls `mush.Test`",
		Note: "read by RunnerPackage, which needs the module root"},
	{Name: RerunVar, Reads: Run, Default: "how the run started",
		Help: "the command of the rerun hints (the targets give `go tool mage unitTests`, a runner `go run ./<its package>`); set it when the targets are imported under a namespace",
		load: func(_ *Settings, v string) error {
			if strings.IndexFunc(v, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) >= 0 {
				return notAccepted("one line, the command that reruns the suite, e.g. go tool mage unitTests")
			}
			return nil
		}},
	{Name: SkipTestVar, Reads: Run, Default: "`false`",
		Help: "`mush.Test` skips; `coverageReport` sets it for its `go test` run, so the suite runs once",
		Note: "read by mush.Test (SkipTest)"},
}

// defaults are the settings before any variable is read: the defaults the
// table gives as one `value`, but BDD_PATHS's (no path named: discover
// reads its default), and BDD_MAX_WORKERS's, which counts the cores.
func defaults() Settings {
	s := Settings{MaxWorkers: DefaultMaxWorkers(), Attempt: 1}
	for _, v := range Vars {
		d := strings.Trim(v.Default, "`")
		if v.load == nil || v.Name == "BDD_PATHS" || strings.Count(v.Default, "`") != 2 || "`"+d+"`" != v.Default {
			continue
		}
		if err := v.load(&s, d); err != nil {
			panic(v.Name + "'s default: " + err.Error())
		}
	}
	return s
}

// VarOf is the declared variable name; ok is false for an undeclared name.
func VarOf(name string) (Var, bool) {
	i := slices.IndexFunc(Vars, func(v Var) bool { return v.Name == name })
	if i < 0 {
		return Var{}, false
	}
	return Vars[i], true
}

// FlagVars are the variables whose flags the target takes, in the order
// of Vars: the order of the Mage target's parameters.
func FlagVars(t Target) []Var {
	var out []Var
	for _, v := range Vars {
		if v.Flag != "" && v.Reads&t != 0 {
			out = append(out, v)
		}
	}
	return out
}

func oneOf(dst *string, v string, accepted ...string) error {
	if !slices.Contains(accepted, v) {
		return notAccepted(strings.Join(accepted, " or "))
	}
	*dst = v
	return nil
}

func whole(dst *int, v string, lo, hi int, accepted string) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return notAccepted(accepted)
	}
	*dst = n
	return nil
}

func duration(dst *time.Duration, v, accepted string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 || d > MaxTimeout {
		return notAccepted(accepted)
	}
	*dst = d
	return nil
}

func boolean(dst *bool, v string) error {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		*dst = true
	case "0", "false", "no", "off":
		*dst = false
	default:
		return notAccepted("true or false (also 1/0, yes/no)")
	}
	return nil
}

// Table is README's Configuration table: every variable with its flag, its
// default and what it accepts, and the targets that read it when a feature
// run does not.
func Table() string {
	var b strings.Builder
	b.WriteString("| Variable | Flag | Default | Accepts |\n|---|---|---|---|\n")
	for _, v := range Vars {
		flag := " "
		if v.Flag != "" {
			flag = " `-" + v.Flag + "` "
		}
		fmt.Fprintf(&b, "| `%s` |%s| %s | %s%s |\n", v.Name, flag, v.Default, v.Help, v.readers())
	}
	return b.String()
}

// FlagHelp is the help of v's flag in `mage -h <target>`: the variable,
// what it accepts and its default.
func (v Var) FlagHelp() string {
	return plain(fmt.Sprintf("%s: %s (default %s)", v.Name, v.Help, v.Default))
}

// readers names the targets that read v when a feature run does not:
// " (`mergeReports` only)".
func (v Var) readers() string {
	if v.Reads&Run != 0 {
		return ""
	}
	var names []string
	for _, t := range Targets {
		if t.Reads&v.Reads != 0 {
			names = append(names, "`"+t.Name+"`")
		}
	}
	if len(names) == 1 {
		return " (" + names[0] + " only)"
	}
	return " (" + strings.Join(names, ", ") + ")"
}

// plain is text from the table without Markdown's backquotes and links.
func plain(s string) string {
	return mdLink.ReplaceAllString(strings.ReplaceAll(s, "`", ""), "$1")
}

var mdLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
