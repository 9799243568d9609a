// Package bench is mush's benchmark: `go tool mage bench` (magefiles/bench.go)
// calls Run.
//
// It generates deterministic corpora from a fixed seed under build/bench/
// (see DefaultCorpora), builds one suite binary (./internal/bench/benchsuite)
// plainly and with coverage instrumentation, and runs every contender on
// every corpus in one interleaved session: round 1 runs A B C D E F, round
// 2 runs them again in the same order, and so on, so that machine drift hits
// all alike. The contenders, in that order:
//
//	subprocess         the suite binary run once per feature file, one after
//	                   another (the old model); it pays the suite setup per file
//	sequential         one process, one godog.TestSuite, Concurrency 1
//	godog-concurrency  one process, one godog.TestSuite, Concurrency N
//	mush-cold          mush with N workers and no timing history
//	mush-warm          mush again, with the history mush-cold wrote
//	mush-coverage      the build coverageReport makes (coverage.BuildFlags)
//	                   run as mush-warm with GOCOVERDIR
//	mush-2n, mush-4n   mush with history and 2N, 4N workers: with mush-cold
//	                   and mush-warm, the fixed counts auto is held against
//	                   (not on corpora of trivial scenarios, where the count
//	                   does not matter)
//	mush-auto-cold     mush with BDD_WORKERS=auto, no timing history
//	mush-auto          mush with BDD_WORKERS=auto and the history
//	                   mush-auto-cold wrote: mush's default
//	mush-process       mush with BDD_ISOLATION=process and its default
//	                   process count (one per core), one scenario per process
//	mush-process-2x    the same with twice as many processes
//
// On the corpora marked Spec.Contended (mixed and cpu-bound), every round
// ends with the contended round: the bench starts another process that
// keeps half the cores busy (benchsuite busy; see BusyLoops), runs
// godog-concurrency and mush-auto again beside it (godog-concurrency-
// contended, mush-auto-contended, the latter on a copy of mush-auto's
// history), and stops it and waits for it before the next round, on an
// error too.
//
// On a corpus of shared state (Spec.Shared), which is not goroutine-safe,
// only sequential godog and the two process contenders run; on the others,
// every contender but those two.
//
// For each it records the wall time of every run (median, min, max) and the
// children's peak resident set size, and compares the median against the
// corpus's lower bound (see LowerBound) and the machine's limit (see
// MachineLimit), both known exactly from the generator, and against the
// machine's limit with godog's own CPU (see CorpusReport.GodogLimitS),
// measured: the median CPU time of the sequential contender, which runs in
// every round, quick mode included. The children's CPU time also gives
// mush's CPU per scenario on corpora of trivial scenarios.
// The table goes to Config.Stdout, the same figures with the targets of
// issue 4 to build/bench/bench.json (see Report).
package bench

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/view"
)

// The contenders, in the order each round runs them.
const (
	Subprocess       = "subprocess"
	Sequential       = "sequential"
	GodogConcurrency = "godog-concurrency"
	MushCold         = "mush-cold"
	MushWarm         = "mush-warm"
	MushCoverage     = "mush-coverage"
	MushDouble       = "mush-2n"
	MushQuadruple    = "mush-4n"
	MushAutoCold     = "mush-auto-cold"
	MushAuto         = "mush-auto"
	MushProcess      = "mush-process"
	MushProcess2x    = "mush-process-2x"

	GodogContended    = "godog-concurrency-contended"
	MushAutoContended = "mush-auto-contended"
)

// Contenders lists every contender in round order.
var Contenders = []string{Subprocess, Sequential, GodogConcurrency, MushCold, MushWarm, MushCoverage,
	MushDouble, MushQuadruple, MushAutoCold, MushAuto, MushProcess, MushProcess2x, GodogContended, MushAutoContended}

// contended reports whether who runs in the contended round.
func contended(who string) bool { return who == GodogContended || who == MushAutoContended }

// BusyLoops is the number of cores the contended round's other process
// keeps busy: half of them, at least one.
func BusyLoops(cores int) int { return max(1, cores/2) }

// Runs reports whether contender who runs on corpus spec: the extra fixed
// counts are left out on corpora of trivial scenarios; a corpus of shared
// state runs only the contenders that pass it (sequential godog and
// process mode), and only it runs process mode; only a Contended corpus
// runs the contended round.
func Runs(who string, spec Spec) bool {
	process := who == MushProcess || who == MushProcess2x
	switch {
	case contended(who):
		return spec.Contended && !spec.Shared
	case spec.Shared:
		return process || who == Sequential
	}
	trivial := spec.MedianMs <= 0 && spec.Long == 0 && spec.Waiters == 0
	return !process && !(trivial && (who == MushDouble || who == MushQuadruple))
}

// DefaultSeed is the seed of the corpora: the number of features of the
// project whose pull request started mush.
const DefaultSeed = 342

// DefaultSetup is the suite setup each process pays once in BeforeSuite,
// standing for migrations or fixtures.
const DefaultSetup = 150 * time.Millisecond

// FixedWorkers is N, the worker count of godog's concurrency and of mush's
// fixed-count contenders: 4 per core, mush's default before
// BDD_WORKERS=auto.
func FixedWorkers() int { return 4 * runtime.GOMAXPROCS(0) }

// Config is one benchmark session. The zero value, with Stdout set, is the
// full benchmark of the module in the current directory.
type Config struct {
	Root  string // module root; "" is the current directory
	Dir   string // output directory; "" is Root/build/bench
	Quick bool   // small corpora, one round
	// Runs is the number of rounds (3, or 1 in quick mode, when 0); the
	// subprocess contender, the slowest by far, runs in the first only.
	Runs        int
	Workers     int           // N of the fixed-count contenders; 0 is FixedWorkers
	Cores       int           // for the lower bound; 0 is the number of CPUs
	Setup       time.Duration // suite setup per process; 0 is DefaultSetup
	Corpora     []Spec        // nil is DefaultCorpora(Quick)
	Calibration time.Duration // time spent calibrating CPU work; 0 is 500 ms
	Stdout      io.Writer     // the table; nil discards it
	Log         io.Writer     // one line per run; nil discards it
	Command     string        // the command shown in the report
	Environ     []string      // base environment of children; nil is os.Environ()
	Now         func() time.Time

	exec  executor                                                           // nil is osExec
	build func(ctx context.Context, root, pkg, dir string) (binaries, error) // nil is buildSuite
}

// FromSettings returns the Config that `go tool mage bench` runs: quick
// mode from -quick (MUSH_BENCH_QUICK), the rounds from -runs
// (MUSH_BENCH_RUNS), the corpora from -corpora (MUSH_BENCH_CORPORA; a name
// that is not one of DefaultCorpora is misuse).
func FromSettings(set config.Settings) (Config, error) {
	c := Config{Quick: set.BenchQuick, Runs: set.BenchRuns, Command: "go tool mage bench"}
	if c.Quick {
		c.Command += " -quick"
	}
	if c.Runs != 0 {
		c.Command += fmt.Sprintf(" -runs=%d", c.Runs)
	}
	if len(set.BenchCorpora) == 0 {
		return c, nil
	}
	all := DefaultCorpora(c.Quick)
	var names []string
	for _, s := range all {
		names = append(names, s.Name)
	}
	c.Corpora = []Spec{}
	for _, name := range set.BenchCorpora {
		i := slices.Index(names, name)
		if i < 0 {
			return c, exitcode.Misusef("MUSH_BENCH_CORPORA: no corpus %q (accepted: %s)", name, strings.Join(names, ", "))
		}
		c.Corpora = append(c.Corpora, all[i])
	}
	c.Command += " -corpora=" + strings.Join(set.BenchCorpora, ",")
	return c, nil
}

// DefaultCorpora are the corpora of the full benchmark or, quick, of its
// small version. Work per scenario is scaled so that the full benchmark
// ends in under 15 minutes on 2 cores, and the quick one in under a minute.
func DefaultCorpora(quick bool) []Spec {
	if quick {
		return []Spec{
			{Name: "seed-shaped", Features: 34, Scenarios: 240, MedianMs: 6, Sigma: 1.1, MaxMs: 200, CPUMin: 0, CPUMax: 0.5},
			{Name: "cpu-bound", Features: 10, Scenarios: 70, MedianMs: 8, Sigma: 0.8, MaxMs: 60, CPUMin: 1, CPUMax: 1, Contended: true},
			{Name: "skewed", Features: 10, Scenarios: 100, MedianMs: 10, Sigma: 0.4, MaxMs: 40, CPUMin: 0, CPUMax: 0.2, Long: 3, LongMs: 600, LongCPU: 0.1},
			{Name: "scale", Features: 20, Scenarios: 2000, Probes: []int{5, 10}},
			{Name: "mixed", Features: 20, Scenarios: 200, MedianMs: 3, Sigma: 0.5, MaxMs: 12, CPUMin: 1, CPUMax: 1,
				Waiters: 0.5, WaitMs: 30, WaitSigma: 0.5, WaitMaxMs: 120, Contended: true},
			{Name: "spawning", Features: 10, Scenarios: 60, MedianMs: 20, Sigma: 0.5, MaxMs: 80, CPUMin: 0.8, CPUMax: 1, Spawn: true},
			{Name: "shared", Features: 10, Scenarios: 80, MedianMs: 40, Sigma: 0.5, MaxMs: 160, CPUMin: 0.2, CPUMax: 0.6, Shared: true},
		}
	}
	return []Spec{
		{Name: "seed-shaped", Features: 342, Scenarios: 2400, MedianMs: 7, Sigma: 1.1, MaxMs: 600, CPUMin: 0, CPUMax: 0.5},
		{Name: "cpu-bound", Features: 60, Scenarios: 420, MedianMs: 14, Sigma: 0.8, MaxMs: 200, CPUMin: 1, CPUMax: 1, Contended: true},
		{Name: "skewed", Features: 40, Scenarios: 300, MedianMs: 20, Sigma: 0.4, MaxMs: 80, CPUMin: 0, CPUMax: 0.2, Long: 4, LongMs: 2000, LongCPU: 0.1},
		{Name: "scale", Features: 100, Scenarios: 20000, Probes: []int{25, 50}},
		{Name: "mixed", Features: 60, Scenarios: 600, MedianMs: 3, Sigma: 0.5, MaxMs: 12, CPUMin: 1, CPUMax: 1,
			Waiters: 0.5, WaitMs: 30, WaitSigma: 0.5, WaitMaxMs: 120, Contended: true},
		{Name: "spawning", Features: 30, Scenarios: 240, MedianMs: 20, Sigma: 0.5, MaxMs: 80, CPUMin: 0.8, CPUMax: 1, Spawn: true},
		{Name: "shared", Features: 30, Scenarios: 240, MedianMs: 40, Sigma: 0.5, MaxMs: 160, CPUMin: 0.2, CPUMax: 0.6, Shared: true},
	}
}

func (c Config) withDefaults() (Config, error) {
	root, err := filepath.Abs(cmp.Or(c.Root, "."))
	if err != nil {
		return c, err
	}
	c.Root = root
	if c.Dir, err = filepath.Abs(cmp.Or(c.Dir, filepath.Join(c.Root, "build", "bench"))); err != nil {
		return c, err
	}
	quickRuns := 3
	if c.Quick {
		quickRuns = 1
	}
	c.Runs, c.Setup = cmp.Or(c.Runs, quickRuns), cmp.Or(c.Setup, DefaultSetup)
	c.Workers, c.Cores = cmp.Or(c.Workers, FixedWorkers()), cmp.Or(c.Cores, runtime.NumCPU())
	if c.Corpora == nil {
		c.Corpora = DefaultCorpora(c.Quick)
	}
	c.Calibration = cmp.Or(c.Calibration, 500*time.Millisecond)
	c.Stdout, c.Log = cmp.Or(c.Stdout, io.Discard), cmp.Or(c.Log, io.Discard)
	c.Command = cmp.Or(c.Command, "go tool mage bench")
	if c.Environ == nil {
		c.Environ = os.Environ()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.build == nil {
		c.build = buildSuite
	}
	c.exec = cmp.Or(c.exec, executor(osExec{}))
	return c, nil
}

// Run runs the benchmark session cfg describes, prints the table to
// cfg.Stdout and writes bench.json into cfg.Dir. Any child that fails ends
// the session with an error naming it: figures from a failing run would
// mean nothing.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, err
	}
	fmt.Fprintf(cfg.Log, "bench: building %s (plain and with coverage)\n", SuitePackage)
	bins, err := cfg.build(ctx, cfg.Root, SuitePackage, filepath.Join(cfg.Dir, "bin"))
	if err != nil {
		return nil, fmt.Errorf("building the benchmark suite: %w", err)
	}
	iters := Calibrate(cfg.Calibration)
	fmt.Fprintf(cfg.Log, "bench: %.1f hashing iterations per ms of CPU work\n", iters)
	rep := newReport(cfg, iters)
	for _, spec := range cfg.Corpora {
		corpus, err := Generate(spec, DefaultSeed)
		if err != nil {
			return nil, err
		}
		cr, err := cfg.runCorpus(ctx, bins, corpus, iters)
		if err != nil {
			return nil, err
		}
		rep.add(spec.Name, cr)
	}
	rep.finish()
	if err := rep.WriteJSON(filepath.Join(cfg.Dir, "bench.json")); err != nil {
		return nil, err
	}
	rep.WriteTable(cfg.Stdout)
	return rep, nil
}

// session is one corpus being benchmarked.
type session struct {
	cfg    Config
	bins   binaries
	corpus Corpus
	dir    string // the corpus's feature files
	state  string // timing history, reports and coverage data of the runs
	env    []string
}

func (cfg Config) runCorpus(ctx context.Context, bins binaries, corpus Corpus, iters float64) (*CorpusReport, error) {
	name := corpus.Spec.Name
	s := &session{
		cfg: cfg, bins: bins, corpus: corpus,
		dir:   filepath.Join(cfg.Dir, "corpora", name),
		state: filepath.Join(cfg.Dir, "state", name),
	}
	if err := corpus.Write(s.dir); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(s.state); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(s.state, 0o755); err != nil {
		return nil, err
	}
	s.env = append(childEnv(cfg.Environ),
		"BENCH_ITERS_PER_MS="+strconv.FormatFloat(iters, 'f', -1, 64),
		"BENCH_SETUP_MS="+strconv.FormatFloat(float64(cfg.Setup)/float64(time.Millisecond), 'f', -1, 64),
		"NO_COLOR=1",
	)
	cr := newCorpusReport(corpus, cfg)
	for round := 1; round <= cfg.Runs; round++ {
		if err := s.round(ctx, round, cr); err != nil {
			return nil, err
		}
	}
	for _, n := range corpus.Spec.Probes {
		n = min(n, len(corpus.Files))
		u, err := s.run(ctx, "mush-probe", s.paths(n))
		if err != nil {
			return nil, fmt.Errorf("%s, memory probe at %d features: %w", name, n, err)
		}
		scenarios := 0
		for _, sc := range corpus.Scenarios {
			if sc.File <= corpus.Files[n-1].Name {
				scenarios++
			}
		}
		fmt.Fprintf(cfg.Log, "bench: %-12s memory probe %d scenarios  %6.1f MB\n", name, scenarios, mb(u.MaxRSS))
		cr.Growth = append(cr.Growth, GrowthPoint{Scenarios: scenarios, PeakRSSMB: mb(u.MaxRSS)})
	}
	cr.Shards = s.shardBalance()
	return cr, nil
}

// round runs every contender of the corpus once, the contended round
// last: the busy loops start before its first run and are stopped and
// waited for when the round ends, however it ends.
func (s *session) round(ctx context.Context, round int, cr *CorpusReport) (err error) {
	cfg, name := s.cfg, s.corpus.Spec.Name
	var stop func() error
	defer func() {
		if stop != nil {
			if serr := stop(); serr != nil {
				err = errors.Join(err, fmt.Errorf("%s, round %d: the busy loops: %w", name, round, serr))
			}
		}
	}()
	for _, who := range Contenders {
		if who == Subprocess && round > 1 || !Runs(who, s.corpus.Spec) {
			continue
		}
		if contended(who) && stop == nil {
			busy := Command{Path: s.bins.plain, Args: []string{"busy", strconv.Itoa(BusyLoops(cfg.Cores))}, Dir: cfg.Root, Env: s.env}
			if stop, err = cfg.exec.start(ctx, busy); err != nil {
				return fmt.Errorf("%s, round %d: starting the busy loops: %w", name, round, err)
			}
			fmt.Fprintf(cfg.Log, "bench: %-12s round %d/%d  contended: %d of %d cores kept busy\n", name, round, cfg.Runs, BusyLoops(cfg.Cores), cfg.Cores)
		}
		u, err := s.run(ctx, who, s.paths(len(s.corpus.Files)))
		if err != nil {
			return fmt.Errorf("%s, %s, round %d: %w", name, who, round, err)
		}
		fmt.Fprintf(cfg.Log, "bench: %-12s round %d/%d  %-27s %8.2fs  %6.1f MB\n",
			name, round, cfg.Runs, who, u.Wall.Seconds(), mb(u.MaxRSS))
		cr.record(who, u)
	}
	return nil
}

// paths are the first n feature files of the corpus, or its directory for
// all of them.
func (s *session) paths(n int) []string {
	if n >= len(s.corpus.Files) {
		return []string{s.dir}
	}
	out := make([]string, n)
	for i := range out {
		out[i] = filepath.Join(s.dir, s.corpus.Files[i].Name)
	}
	return out
}

// run runs one contender once over paths and returns its total wall time
// and the peak RSS of its children.
func (s *session) run(ctx context.Context, who string, paths []string) (Usage, error) {
	timings, covdir := filepath.Join(s.state, "timings.json"), filepath.Join(s.state, "covdata")
	godog := func(args ...string) Command {
		return Command{Path: s.bins.plain, Args: append(args, paths...), Dir: s.cfg.Root, Env: s.env}
	}
	if who == MushCold || who == MushAutoCold || who == "mush-probe" { // no history
		if err := os.Remove(timings); err != nil && !errors.Is(err, os.ErrNotExist) {
			return Usage{}, err
		}
	}
	bin, extra := s.bins.plain, []string(nil)
	var cmds []Command
	switch who {
	case Subprocess:
		for _, f := range s.corpus.Files {
			cmds = append(cmds, Command{Path: s.bins.plain, Args: []string{"godog-seq", filepath.Join(s.dir, f.Name)}, Dir: s.cfg.Root, Env: s.env})
		}
	case Sequential:
		cmds = []Command{godog("godog-seq")}
	case GodogConcurrency, GodogContended:
		cmds = []Command{godog("godog-conc", "-n", strconv.Itoa(s.cfg.Workers))}
	case MushDouble:
		extra = []string{"BDD_WORKERS=" + strconv.Itoa(2*s.cfg.Workers)}
	case MushQuadruple:
		extra = []string{"BDD_WORKERS=" + strconv.Itoa(4*s.cfg.Workers)}
	case MushAutoCold, MushAuto:
		extra = []string{"BDD_WORKERS=auto"}
	case MushAutoContended:
		// mush-auto's history, copied: the contended run's timings must
		// not reach the quiet runs of the next rounds.
		b, err := os.ReadFile(timings)
		if err != nil {
			return Usage{}, err
		}
		own := filepath.Join(s.state, "timings-contended.json")
		if err := os.WriteFile(own, b, 0o644); err != nil {
			return Usage{}, err
		}
		extra = []string{"BDD_WORKERS=auto", "BDD_TIMINGS=" + own}
	case MushProcess, MushProcess2x:
		// One scenario per process (BDD_WORKERS, mush's default in this
		// mode), the default count of processes or twice it.
		extra = []string{"BDD_ISOLATION=process", "BDD_WORKERS=1"}
		if who == MushProcess2x {
			extra = append(extra, "BDD_PROCESSES="+strconv.Itoa(2*s.cfg.Cores))
		}
	case MushCoverage:
		if err := os.RemoveAll(covdir); err != nil {
			return Usage{}, err
		}
		if err := os.MkdirAll(covdir, 0o755); err != nil {
			return Usage{}, err
		}
		bin, extra = s.bins.cover, []string{"GOCOVERDIR=" + covdir}
	}
	if cmds == nil { // a mush contender: extra overrides these
		env := append(append(s.env,
			"BDD_PATHS="+view.JoinPaths(paths),
			"BDD_WORKERS="+strconv.Itoa(s.cfg.Workers),
			"BDD_TIMINGS="+timings,
			"BDD_REPORTS_DIR="+filepath.Join(s.state, "reports-"+who),
		), extra...)
		cmds = []Command{{Path: bin, Args: []string{"mush"}, Dir: s.cfg.Root, Env: env, Tree: who == MushProcess || who == MushProcess2x}}
	}
	var total Usage
	for _, c := range cmds {
		u, err := s.cfg.exec.run(ctx, c)
		if err != nil {
			return total, err
		}
		total.Wall += u.Wall
		total.CPU += u.CPU
		total.MaxRSS = max(total.MaxRSS, u.MaxRSS)
		total.TreeRSS = max(total.TreeRSS, u.TreeRSS)
	}
	if who == MushCoverage {
		if counters, _ := filepath.Glob(filepath.Join(covdir, "covcounters.*")); len(counters) == 0 {
			return total, fmt.Errorf("the coverage build wrote no counters into %s", covdir)
		}
	}
	return total, nil
}

func mb(bytes int64) float64 { return float64(bytes) / (1 << 20) }
