// Package config reads mush's knobs from environment variables (and from
// Mage target flags, which the targets turn into the same variables), checks
// them, and lists them for help texts. Every bad value is refused with one
// line naming the variable and what it accepts.
package config

import (
	"io"
	"os"

	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/shard"
)

// Formats accepted by BDD_FORMAT.
const (
	FormatProgress = "progress"
	FormatPretty   = "pretty"
)

// Settings is the checked configuration of one run.
type Settings struct {
	Workers  int // pins the scenarios run at once; 0 is auto (adapted up to MaxWorkers)
	Tags     string
	Paths    []string
	Format   string
	FailFast bool
	// Seed shuffles the scenario order when non-zero; RandomSeed asks for a
	// fresh seed, chosen and printed by the runner.
	Seed       int64
	RandomSeed bool
	Timeout    time.Duration
	// Deadline bounds the whole run; 0 means none.
	Deadline time.Duration
	// MaxRestarts is how often the supervisor restarts a feature runner
	// that died before finishing.
	MaxRestarts int
	// Retry is how often a failed scenario is run again (0: never).
	Retry      int
	NoColor    bool
	ReportsDir string
	Timings    string
	Journal    string
	// Shard is this run's part of a suite split over CI jobs (zero when
	// not sharded), from BDD_SHARD or a CI engine's variables (ShardFrom).
	Shard     shard.Spec
	ShardFrom string

	MaxWorkers int // BDD_MAX_WORKERS: the cap of auto

	// Isolation is how scenarios are kept apart: IsolationGoroutine (one
	// process) or IsolationProcess (worker processes fed by a supervisor).
	Isolation string
	// Processes is how many worker processes run with IsolationProcess:
	// BDD_PROCESSES, else the CPU cores, at most MaxWorkers.
	Processes int
}

// Isolations accepted by BDD_ISOLATION.
const (
	IsolationGoroutine = "goroutine"
	IsolationProcess   = "process"
)

// Var describes one environment variable: its name, the target flag that
// sets it, its default and what it accepts.
type Var struct {
	Name, Flag, Default, Help string
}

// Vars lists every knob, in the order README and `mage -h` show them.
var Vars = []Var{
	{"BDD_WORKERS", "workers", "auto", "scenarios run at once: auto (adapts to keep the cores busy) or a number that pins it; 1 runs everything on one goroutine"},
	{"BDD_ISOLATION", "", IsolationGoroutine, "goroutine (every scenario in one process) or process (worker processes take scenarios one at a time from one queue: for suites that share state; BDD_WORKERS is then per process, default 1)"},
	{"BDD_PROCESSES", "", "CPU cores", "worker processes with BDD_ISOLATION=process: a number from 1, at most BDD_MAX_WORKERS"},
	{"BDD_MAX_WORKERS", "", "64 or 4 x CPU cores, the larger", "upper bound of auto: keep it below what the suite can open at once (ports, connections)"},
	{"BDD_TAGS", "tags", "(all)", "tag expression: @a&&~@b (and, not), @a,@b (or)"},
	{"BDD_PATHS", "paths", "features", "feature files, directories or file.feature:LINE, separated by commas or spaces; @FILE reads them from a rerun file (@build/reports/rerun.txt)"},
	{"BDD_FORMAT", "format", FormatProgress, "progress (one live line on a terminal) or pretty (every scenario, whole, as it finishes)"},
	{"BDD_FAIL_FAST", "failfast", "false", "stop starting scenarios after the first failure"},
	{"BDD_SEED", "seed", "(longest-first)", "shuffle the order with this integer seed, or random (the seed is printed)"},
	{"BDD_TIMEOUT", "timeout", "10m", "time limit of one scenario, as a Go duration (1m30s)"},
	{"BDD_DEADLINE", "", "(none)", "time limit of the whole run, as a Go duration (30m); scenarios not started by then are skipped"},
	{"BDD_RETRY", "retry", "0", "how often a failed scenario is run again (0 to 10); one that passes on a retry counts as passed and is reported flaky"},
	{"BDD_MAX_RESTARTS", "", "3", "how often a feature runner that crashed is restarted for the scenarios not yet run; 0 never"},
	{"BDD_NO_COLOR", "nocolor", "false", "no colour (also NO_COLOR, TERM=dumb, or output not a terminal)"},
	{"BDD_REPORTS_DIR", "", DefaultReportsDir, "where junit.xml, results.json and journal.ndjson go"},
	{"BDD_TIMINGS", "", DefaultTimings, "timing history used for longest-first order (cache it in CI)"},
	{"BDD_SHARD", "shard", "(not sharded; CI variables)", "run shard i of n (1-based, e.g. 2/4) of a timing-balanced split, outputs in build/shards/i-of-n; none ignores the CI's shard variables"},
	{RunnerPkgVar, "", DefaultRunnerPkg, "the feature runner the Mage targets build: the ./path of the package main that calls mush.Main"},
	{"COVERAGE_EXCLUDE", "", "magefiles features internal/fixtures internal/golden scripts internal/bench/benchsuite",
		"packages coverageReport does not count: module-relative paths (./x/... accepted), each with every package below it; none counts every package"},
	{RerunVar, "", "(how the run started)", "the command a failure's rerun hint gives after BDD_PATHS=file:LINE; set it when the target is namespaced (go tool mage mush:unitTests)"},
	{SkipTestVar, "", "false", "mush.Test skips; coverageReport sets it for its go test run, so the suite runs once"},
}

// ShardsDir is where sharded runs write their outputs by default, one
// directory per shard (build/shards/2-of-4).
const ShardsDir = "build/shards"

// Auto is BDD_WORKERS's default: the runner adapts the worker count during
// the run (package adapt); Settings.Workers is 0.
const Auto = "auto"

// DefaultMaxWorkers is BDD_MAX_WORKERS when unset: 64, or 4 per core on
// machines with more than 16 cores (the fixed default before auto). 64
// stays below common per-process limits a suite may hit with one
// connection or port per scenario (PostgreSQL's default of 100
// connections, a 1024 file-descriptor limit).
func DefaultMaxWorkers() int {
	return max(64, 4*runtime.GOMAXPROCS(0))
}

// MaxWorkers bounds BDD_WORKERS and BDD_MAX_WORKERS.
const MaxWorkers = 10_000

// MaxTimeout bounds BDD_TIMEOUT; anything longer is almost surely a typo.
const MaxTimeout = 24 * time.Hour

// DefaultMaxRestarts is BDD_MAX_RESTARTS when unset; MaxRestarts bounds it.
const (
	DefaultMaxRestarts = 3
	MaxRestarts        = 100
)

// MaxRetry bounds BDD_RETRY: a scenario that fails ten times in a row is
// not flaky.
const MaxRetry = 10

// Where a run's reports and timing history go when BDD_REPORTS_DIR and
// BDD_TIMINGS are unset, relative to the working directory (the module
// root under the Mage targets).
const (
	DefaultReportsDir = "build/reports"
	DefaultTimings    = "build/cache/timings.json"
)

// Load reads the settings through getenv (os.Getenv in production).
func Load(getenv func(string) string) (Settings, error) {
	s := Settings{
		MaxWorkers:  DefaultMaxWorkers(),
		Tags:        strings.TrimSpace(getenv("BDD_TAGS")),
		Paths:       splitPaths(getenv("BDD_PATHS")),
		Format:      FormatProgress,
		Timeout:     10 * time.Minute,
		MaxRestarts: DefaultMaxRestarts,
		ReportsDir:  orDefault(getenv("BDD_REPORTS_DIR"), DefaultReportsDir),
		Timings:     orDefault(getenv("BDD_TIMINGS"), DefaultTimings),
	}
	var err error
	if s.Shard, s.ShardFrom, err = shard.Detect(getenv); err != nil {
		return s, err
	}
	if s.Shard.Sharded() && strings.TrimSpace(getenv("BDD_REPORTS_DIR")) == "" {
		s.ReportsDir = ShardsDir + "/" + s.Shard.Dir()
	}
	s.Journal = s.ReportsDir + "/" + journal.File
	if v := strings.TrimSpace(getenv("BDD_WORKERS")); v != "" && v != Auto {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 1 || n > MaxWorkers {
			return s, bad("BDD_WORKERS", v, "auto, or a whole number from 1 to 10000, e.g. 8")
		}
		s.Workers = n
	}
	if v := strings.TrimSpace(getenv("BDD_MAX_WORKERS")); v != "" {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 1 || n > MaxWorkers {
			return s, bad("BDD_MAX_WORKERS", v, "a whole number from 1 to 10000, e.g. 32")
		}
		s.MaxWorkers = n
	}
	if err := s.loadIsolation(getenv); err != nil {
		return s, err
	}
	if v := getenv("BDD_FORMAT"); v != "" {
		switch strings.TrimSpace(v) {
		case FormatProgress, FormatPretty:
			s.Format = strings.TrimSpace(v)
		default:
			return s, bad("BDD_FORMAT", v, FormatProgress+" or "+FormatPretty)
		}
	}
	if s.FailFast, err = boolVar(getenv, "BDD_FAIL_FAST"); err != nil {
		return s, err
	}
	if s.NoColor, err = boolVar(getenv, "BDD_NO_COLOR"); err != nil {
		return s, err
	}
	if v := strings.TrimSpace(getenv("BDD_SEED")); v != "" {
		if v == "random" {
			s.RandomSeed = true
		} else {
			n, perr := strconv.ParseInt(v, 10, 64)
			if perr != nil || n == 0 {
				return s, bad("BDD_SEED", v, "a non-zero integer, or random")
			}
			s.Seed = n
		}
	}
	if v := strings.TrimSpace(getenv("BDD_TIMEOUT")); v != "" {
		d, perr := time.ParseDuration(v)
		if perr != nil || d <= 0 || d > MaxTimeout {
			return s, bad("BDD_TIMEOUT", v, "a positive Go duration up to 24h, e.g. 90s or 10m")
		}
		s.Timeout = d
	}
	if v := strings.TrimSpace(getenv("BDD_DEADLINE")); v != "" {
		d, perr := time.ParseDuration(v)
		if perr != nil || d <= 0 || d > MaxTimeout {
			return s, bad("BDD_DEADLINE", v, "a positive Go duration up to 24h, e.g. 30m")
		}
		s.Deadline = d
	}
	if err := checkRerun(getenv); err != nil {
		return s, err
	}
	if v := strings.TrimSpace(getenv("BDD_MAX_RESTARTS")); v != "" {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 0 || n > MaxRestarts {
			return s, bad("BDD_MAX_RESTARTS", v, "a whole number from 0 to 100")
		}
		s.MaxRestarts = n
	}
	if v := strings.TrimSpace(getenv("BDD_RETRY")); v != "" {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 0 || n > MaxRetry {
			return s, bad("BDD_RETRY", v, "a whole number from 0 to 10")
		}
		s.Retry = n
	}
	if s.Paths, err = expandRerun(s.Paths); err != nil {
		return s, err
	}
	return s, nil
}

// loadIsolation reads BDD_ISOLATION and BDD_PROCESSES. In process mode
// BDD_WORKERS counts the scenarios each process runs at once: 1 unless
// set, and auto is refused (the supervisor hands a process as many
// scenarios as it runs at once).
func (s *Settings) loadIsolation(getenv func(string) string) error {
	s.Isolation = IsolationGoroutine
	switch v := strings.TrimSpace(getenv("BDD_ISOLATION")); v {
	case "", IsolationGoroutine:
		return nil
	case IsolationProcess:
		s.Isolation = v
	default:
		return bad("BDD_ISOLATION", v, IsolationGoroutine+" or "+IsolationProcess)
	}
	if v := strings.TrimSpace(getenv("BDD_WORKERS")); v == Auto {
		return bad("BDD_WORKERS", v, "with BDD_ISOLATION=process, a whole number of scenarios each process runs at once, e.g. 1")
	}
	s.Workers = max(s.Workers, 1)
	s.Processes = min(runtime.NumCPU(), s.MaxWorkers)
	if v := strings.TrimSpace(getenv("BDD_PROCESSES")); v != "" {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 1 || n > s.MaxWorkers {
			return bad("BDD_PROCESSES", v, fmt.Sprintf("a whole number from 1 to BDD_MAX_WORKERS (%d), e.g. 4", s.MaxWorkers))
		}
		s.Processes = n
	}
	return nil
}

// ServeVar tells a feature runner that a supervisor in process mode
// started it as a worker process: it reads the scenarios to run from its
// stdin, one file:LINE a line, and writes its journal to its stdout.
const ServeVar = "MUSH_SERVE"

// WorkerVar is the worker slot of a process in process mode (1-based), in
// the environment of each worker process, as CUCUMBER_WORKER_ID is.
const WorkerVar = "MUSH_WORKER"

// Terminal reports whether w is a terminal (a live progress line and
// colour make sense there).
func Terminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

// Colour reports whether output may be coloured: not when the user said
// no (BDD_NO_COLOR, NO_COLOR), on TERM=dumb, or when out is not a terminal.
func Colour(s Settings, getenv func(string) string, terminal bool) bool {
	return terminal && !s.NoColor && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

func boolVar(getenv func(string) string, name string) (bool, error) {
	v := strings.TrimSpace(getenv(name))
	switch strings.ToLower(v) {
	case "":
		return false, nil
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return false, bad(name, v, "true or false (also 1/0, yes/no)")
}

func bad(name, value, accepted string) error {
	return exitcode.Misusef("%s=%q: not accepted (accepted: %s)", name, value, accepted)
}

func orDefault(v, def string) string {
	if v = strings.TrimSpace(v); v != "" {
		return v
	}
	return def
}

// splitPaths splits a path list on commas and white space.
func splitPaths(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '\n'
	})
}

// Usage renders Vars as an aligned table for help texts.
func Usage() string {
	var b strings.Builder
	for _, v := range Vars {
		flag := "-"
		if v.Flag != "" {
			flag = "-" + v.Flag
		}
		fmt.Fprintf(&b, "  %-16s %-10s %s (default %s)\n", v.Name, flag, v.Help, v.Default)
	}
	return b.String()
}

// Lookup is a getenv for an environment given as "KEY=value" entries (the
// form of os.Environ and exec.Cmd.Env); a later entry wins, as in exec.
func Lookup(env []string) func(string) string {
	m := make(map[string]string, len(env))
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return func(k string) string { return m[k] }
}

// RerunVar names the variable through which a Mage target tells the
// feature runner the command that reruns the suite, shown with BDD_PATHS
// set after each failure.
const RerunVar = "MUSH_RERUN"

// Rerun is the command that reruns the suite: RerunVar's value (the Mage
// targets set it to themselves unless it is set), or for a feature runner
// started directly `go run` of its package ("go run ./features").
func Rerun(getenv func(string) string) string {
	if r := getenv(RerunVar); r != "" {
		return r
	}
	return defaultRerun(debug.ReadBuildInfo)
}

// AttemptVar tells a feature runner that a supervisor started it, and which
// of the supervisor's attempts it is: 1 for the first child, 2 and more for
// the fresh runners started after a crash or a timeout, which print no
// summary because the supervisor prints the merged one. Unset: an ordinary,
// unsupervised run.
const AttemptVar = "MUSH_ATTEMPT"

// Attempt reads AttemptVar: the attempt number (1 when unset) and whether a
// supervisor started the run.
func Attempt(getenv func(string) string) (n int, supervised bool, err error) {
	v := getenv(AttemptVar)
	if v == "" {
		return 1, false, nil
	}
	n, perr := strconv.Atoi(v)
	if perr != nil || n < 1 {
		return 0, false, bad(AttemptVar, v, "a whole number >= 1")
	}
	return n, true, nil
}

// DeadlineLeftVar tells a feature runner that a supervisor started later in
// the run how much of BDD_DEADLINE is left, a Go duration: BDD_DEADLINE
// bounds the whole run, however many runners it takes.
const DeadlineLeftVar = "MUSH_DEADLINE_LEFT"

// DeadlineLeft reads DeadlineLeftVar: 0 when unset.
func DeadlineLeft(getenv func(string) string) (time.Duration, error) {
	v := getenv(DeadlineLeftVar)
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, bad(DeadlineLeftVar, v, "a positive Go duration")
	}
	return d, nil
}
