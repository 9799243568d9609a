// Package config declares mush's settings once (Vars: variable, flag,
// default, parser, help, the targets that read it) and reads them from the
// environment, with the flags of the Mage targets and of go test over it
// (Env). Every bad value is refused with one line naming the variable (and
// the flag that gave it) and what it accepts.
package config

import (
	"cmp"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/result"
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
	// DryRun matches the selected scenarios' steps without running
	// anything (BDD_DRY_RUN).
	DryRun bool
	// UnusedFail fails a run that leaves a step definition unused
	// (BDD_UNUSED=fail).
	UnusedFail bool
	// Seed shuffles the scenario order when non-zero; RandomSeed asks for a
	// fresh seed, chosen and printed by the runner.
	Seed       int64
	RandomSeed bool
	// FileOrder keeps the scenarios in file order instead of longest first
	// from the timing history (BDD_ORDER=file).
	FileOrder bool
	Timeout   time.Duration
	// Deadline bounds the whole run; 0 means none.
	Deadline time.Duration
	// MaxRestarts is how often the supervisor restarts a feature runner
	// that died before finishing.
	MaxRestarts int
	// Retry is how often a failed scenario is run again (0: never).
	Retry int
	// Alone is how many failed scenarios of a run with scenarios side by
	// side are run again alone (BDD_ALONE; 0: none).
	Alone      int
	NoColor    bool
	ReportsDir string
	Timings    string
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
	// SerialTag marks the scenarios that run with no other running
	// (BDD_SERIAL_TAG).
	SerialTag string

	// Attempt is the supervisor's attempt that the run is (AttemptVar; 1
	// when unset, Supervised false); DeadlineLeft is what is left of
	// BDD_DEADLINE for it (DeadlineLeftVar; 0 when unset).
	Attempt      int
	Supervised   bool
	DeadlineLeft time.Duration

	CPUProfile string // MUSH_CPUPROFILE: where the run's CPU profile goes
	PageLater  bool   // MUSH_PAGE_LATER: index.html is left to coverageReport

	// Coverage: the gate (COVERAGE_THRESHOLD) and the packages not counted
	// (COVERAGE_EXCLUDE, module-relative paths).
	Threshold float64
	Exclude   []string

	MergeFrom   string        // MUSH_MERGE_FROM: the shards mergeReports merges
	ShardCounts []int         // MUSH_SHARDS: the counts shardPlan predicts
	ShardSetup  time.Duration // MUSH_SHARD_SETUP: one shard job's fixed time

	// The benchmark's quick mode (MUSH_BENCH_QUICK), rounds
	// (MUSH_BENCH_RUNS; 0 is the benchmark's default) and corpora
	// (MUSH_BENCH_CORPORA; nil is all of them).
	BenchQuick   bool
	BenchRuns    int
	BenchCorpora []string
}

// Isolations accepted by BDD_ISOLATION.
const (
	IsolationGoroutine = "goroutine"
	IsolationProcess   = "process"
)

// WorkerBound is the most scenarios the run has going at once: BDD_WORKERS
// when it pins the count, else auto's bound, BDD_MAX_WORKERS.
func (s Settings) WorkerBound() int {
	return cmp.Or(s.Workers, s.MaxWorkers)
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

// DefaultReportsDir is where a run's reports go when BDD_REPORTS_DIR is
// unset, relative to the working directory (the module root under the Mage
// targets).
const DefaultReportsDir = "build/reports"

// ServeVar tells a feature runner that a supervisor in process mode
// started it as a worker process: it reads the scenarios to run from its
// stdin, one file:LINE a line, and writes its journal to its stdout.
const ServeVar = "MUSH_SERVE"

// DirVar is the directory a feature runner reads relative paths of its
// settings from (BDD_PATHS, BDD_REPORTS_DIR, BDD_TIMINGS, @rerun files) and
// shows locations and report paths relative to, when it is not its working
// directory: the Mage targets and a supervisor set it (the module root) for
// a test binary that runs in its package directory. Absolute; read only
// with AttemptVar, which a supervisor always sets with it.
const DirVar = "MUSH_DIR"

// MainVar makes mush.Test the feature runner, as mush.Main is: the Mage
// targets set it when they run a package's test binary (steps in _test.go
// files, BDD_RUNNER_PKG), and so does mush.Test for the worker processes
// of BDD_ISOLATION=process, its own test binary run again.
const MainVar = "MUSH_MAIN"

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

func bad(name, value, accepted string) error {
	return exitcode.Misusef("%s=%q: not accepted (accepted: %s)", name, value, accepted)
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

// Rerun is how the run was started, as its rerun hints repeat it: RerunVar's
// command (the Mage targets set it to themselves unless it is set) with the
// settings that choose the code, or for a feature runner started directly
// `go run` of its package with its build tags.
func Rerun(getenv func(string) string) result.Start {
	if r := getenv(RerunVar); r != "" {
		return targetRerun(r, getenv)
	}
	return defaultRerun(debug.ReadBuildInfo)
}

// AttemptVar tells a feature runner that a supervisor started it, and which
// of the supervisor's attempts it is: 1 for the first child, 2 and more for
// the fresh runners started after a crash or a timeout, which print no
// summary because the supervisor prints the merged one. Unset: an ordinary,
// unsupervised run.
const AttemptVar = "MUSH_ATTEMPT"

// StopCommandsVar hands a supervised feature runner, inside GitHub
// Actions, the token with which its supervisor stopped GitHub's workflow
// commands (report.StopCommands): the runner resumes them with it for its
// annotations only. Honoured only with AttemptVar.
const StopCommandsVar = "MUSH_STOP_COMMANDS"

// DeadlineLeftVar tells a feature runner that a supervisor started later in
// the run how much of BDD_DEADLINE is left, a Go duration: BDD_DEADLINE
// bounds the whole run, however many runners it takes.
const DeadlineLeftVar = "MUSH_DEADLINE_LEFT"
