package bench

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/view"
)

// fakeExec plays every child: it tells the contender from the command,
// returns a fixed wall time and RSS for it, and leaves behind what the real
// child would (a timing history, coverage counters).
type fakeExec struct {
	mu         sync.Mutex
	calls      []string
	walls      map[string]time.Duration
	fail       string // contender whose run fails
	noCounters bool
	busy       bool            // the busy loops run: the contended round
	iters      map[string]bool // the BENCH_ITERS_PER_MS the children got
	startErr   error           // of starting the busy loops
	stopErr    error           // of stopping them
}

func (f *fakeExec) start(_ context.Context, c Command) (func() error, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.busy || !slices.Equal(c.Args, []string{"busy", "1"}) || c.Path != "plain" {
		return nil, errors.New("busy loops started twice, or not as benchsuite busy 1: " + c.String())
	}
	if f.startErr != nil {
		return nil, f.startErr
	}
	f.busy = true
	f.calls = append(f.calls, "busy")
	return func() error {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.busy = false
		f.calls = append(f.calls, "stopped")
		return f.stopErr
	}, nil
}

func (f *fakeExec) run(_ context.Context, c Command) (Usage, error) {
	env := map[string]string{}
	for _, kv := range c.Env {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	// Every path of BDD_PATHS exists: the list is read as mush reads it.
	paths, err := view.SplitPaths(env["BDD_PATHS"])
	if err != nil {
		return Usage{}, err
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return Usage{}, err
		}
	}
	who := ""
	switch {
	case c.Args[0] == "godog-seq" && strings.HasSuffix(c.Args[1], ".feature"):
		who = Subprocess
	case c.Args[0] == "godog-seq":
		who = Sequential
	case c.Args[0] == "godog-conc":
		who = GodogConcurrency
	case len(paths) > 0 && strings.HasSuffix(paths[0], ".feature"):
		who = "mush-probe"
	case c.Path == "cover":
		who = MushCoverage
		if !f.noCounters {
			os.WriteFile(filepath.Join(env["GOCOVERDIR"], "covcounters.x"), nil, 0o644)
		}
	case env["BDD_ISOLATION"] == "process":
		who = MushProcess
		if env["BDD_PROCESSES"] == "4" {
			who = MushProcess2x
		}
		if env["BDD_WORKERS"] != "1" || !c.Tree {
			return Usage{}, errors.New("process mode with BDD_WORKERS=" + env["BDD_WORKERS"] + ", or without sampling its tree")
		}
	default:
		_, err := os.Stat(env["BDD_TIMINGS"])
		warm := err == nil
		switch env["BDD_WORKERS"] {
		case "auto":
			who = map[bool]string{false: MushAutoCold, true: MushAuto}[warm]
		case "16":
			who = MushDouble
		case "32":
			who = MushQuadruple
		default:
			who = map[bool]string{false: MushCold, true: MushWarm}[warm]
		}
		os.WriteFile(env["BDD_TIMINGS"], []byte("{}"), 0o644)
	}
	if f.busy && (who == GodogConcurrency || who == MushAuto) {
		who += "-contended"
		if who == MushAutoContended && filepath.Base(env["BDD_TIMINGS"]) != "timings-contended.json" {
			return Usage{}, errors.New("the contended run writes the quiet runs' history " + env["BDD_TIMINGS"])
		}
	}
	if env["BENCH_ITERS_PER_MS"] == "" || env["BENCH_SETUP_MS"] != "150" || env["BDD_TAGS"] != "" {
		return Usage{}, errors.New("bad environment: " + strings.Join(c.Env, " "))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.iters == nil {
		f.iters = map[string]bool{}
	}
	f.iters[env["BENCH_ITERS_PER_MS"]] = true
	if n := len(f.calls); who != Subprocess || n == 0 || f.calls[n-1] != Subprocess {
		f.calls = append(f.calls, who)
	}
	if who == f.fail {
		return Usage{Wall: time.Second}, errors.New("exit status 1")
	}
	rss := int64(20 << 20)
	if who == Sequential {
		rss = 300 << 20
	}
	u := Usage{Wall: f.walls[who], CPU: f.walls[who] / 2, MaxRSS: rss}
	if c.Tree {
		u.TreeRSS = 45 << 20
	}
	return u, nil
}

var fakeWalls = map[string]time.Duration{
	Subprocess:        time.Second, // per feature file
	Sequential:        40 * time.Second,
	GodogConcurrency:  10 * time.Second,
	MushCold:          8 * time.Second,
	MushWarm:          5 * time.Second,
	MushCoverage:      6 * time.Second,
	MushDouble:        4500 * time.Millisecond,
	MushQuadruple:     5 * time.Second,
	MushAutoCold:      4600 * time.Millisecond,
	MushAuto:          4400 * time.Millisecond,
	MushProcess:       25 * time.Second,
	MushProcess2x:     30 * time.Second,
	GodogContended:    12 * time.Second,
	MushAutoContended: 11 * time.Second,
	"mush-probe":      time.Second,
}

var tinyCorpora = []Spec{
	{Name: "seed-shaped", Features: 10, Scenarios: 40, MedianMs: 5, Sigma: 1, MaxMs: 50, CPUMax: 0.5},
	{Name: "cpu-bound", Features: 2, Scenarios: 6, MedianMs: 5, Sigma: 0.5, MaxMs: 20, CPUMin: 1, CPUMax: 1, Contended: true},
	{Name: "skewed", Features: 3, Scenarios: 12, MedianMs: 3, Sigma: 0.3, MaxMs: 10, Long: 2, LongMs: 4000},
	{Name: "scale", Features: 4, Scenarios: 200, Probes: []int{1, 2, 9}},
	{Name: "shared", Features: 2, Scenarios: 6, MedianMs: 5, Sigma: 0.5, MaxMs: 20, CPUMin: 0.2, CPUMax: 0.6, Shared: true},
}

func testConfig(t *testing.T, f *fakeExec) Config {
	t.Helper()
	return Config{
		// A comma in the directory: BDD_PATHS must quote the paths.
		Root: t.TempDir(), Dir: filepath.Join(t.TempDir(), "a,b", "bench"),
		Runs: 3, Workers: 8, Cores: 2,
		Corpora: tinyCorpora,
		Stdout:  &bytes.Buffer{}, Log: &bytes.Buffer{},
		Environ: []string{"PATH=/bin", "BDD_TAGS=@skip"},
		Now:     func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
		// The calibrated figure every child gets: see fakeExec.iters.
		Calibration: time.Millisecond,
		exec:        f,
		build: func(_ context.Context, _, pkg, dir string) (binaries, error) {
			if pkg != SuitePackage {
				return binaries{}, errors.New("wrong package " + pkg)
			}
			return binaries{plain: "plain", cover: "cover"}, nil
		},
	}
}

func TestRunInterleavesAndReports(t *testing.T) {
	f := &fakeExec{walls: fakeWalls}
	cfg := testConfig(t, f)
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Per corpus: round 1 runs every contender of the corpus, rounds 2
	// and 3 all but the subprocess one; then the memory probes of "scale".
	// The shared corpus runs sequential godog and process mode only. The
	// contended round ends every round of cpu-bound, between the busy
	// loops' start and stop.
	var want []string
	for _, spec := range tinyCorpora {
		var all []string
		for _, who := range Contenders {
			if who == GodogContended && Runs(who, spec) {
				all = append(all, "busy")
			}
			if Runs(who, spec) {
				all = append(all, who)
			}
		}
		if spec.Contended {
			all = append(all, "stopped")
		}
		rest := all
		if all[0] == Subprocess {
			rest = all[1:]
		}
		want = append(want, all...)
		want = append(want, rest...)
		want = append(want, rest...)
		for _, n := range spec.Probes {
			if n < spec.Features {
				want = append(want, "mush-probe")
			} else {
				want = append(want, MushCold) // the whole corpus
			}
		}
	}
	if !slices.Equal(f.calls, want) {
		t.Errorf("runs:\n%v\nwant:\n%v", f.calls, want)
	}
	// Every child gets the one calibrated figure, which the report holds.
	if iters := strconv.FormatFloat(rep.ItersPerMs, 'f', -1, 64); len(f.iters) != 1 || !f.iters[iters] || rep.ItersPerMs <= 0 {
		t.Errorf("the children got BENCH_ITERS_PER_MS %v, the report says %s", f.iters, iters)
	}

	seed := rep.Corpora["seed-shaped"]
	sub := seed.Contenders[Subprocess]
	if sub.Runs != 1 || sub.MedianS != 10 || rep.Subprocess != 1 || rep.Seed != DefaultSeed {
		t.Errorf("subprocess: %+v (%d rounds), seed %d: want one run of 10 files x 1s, the default seed", sub, rep.Subprocess, rep.Seed)
	}
	warm := seed.Contenders[MushWarm]
	if warm.Runs != 3 || warm.MedianS != 5 || warm.VsSubprocess != 2 || warm.VsSequential != 8 || warm.VsGodogConcurrency != 2 {
		t.Errorf("mush-warm: %+v", warm)
	}
	if cov := seed.Contenders[MushCoverage]; cov.CoverageOverPlain != 1.2 {
		t.Errorf("coverage/plain = %v, want 1.2", cov.CoverageOverPlain)
	}
	if seed.Features != 10 || seed.Scenarios != 40 || seed.LowerBoundS <= 0.15 {
		t.Errorf("seed-shaped: %+v", seed)
	}
	scale := rep.Corpora["scale"]
	if len(scale.Growth) != 3 || scale.Growth[2].Scenarios != 200 {
		t.Errorf("growth: %+v", scale.Growth)
	}
	if scale.Contenders[Sequential].OverheadMs != (40-0.15)*1000/200 {
		t.Errorf("overhead: %+v", scale.Contenders[Sequential])
	}
	if scale.Contenders[Subprocess].OverheadMs != (4-4*0.15)*1000/200 {
		t.Errorf("subprocess overhead: %+v", scale.Contenders[Subprocess])
	}

	if got := scale.Contenders[MushCold].CPUPerScenarioMs; got != 4000.0/200 {
		t.Errorf("CPU per scenario: %v ms, want 20", got)
	}
	if seed.MachineLimitS <= 0.15 || math.Abs(seed.Contenders[MushAuto].MachineEfficiency-seed.MachineLimitS/4.4) > 1e-9 {
		t.Errorf("machine limit %v, auto efficiency %v", seed.MachineLimitS, seed.Contenders[MushAuto].MachineEfficiency)
	}
	// Sequential godog spends half its 40 s wall in CPU (fakeExec): 20 s
	// over 2 cores, after the 0.15 s setup.
	if seed.GodogCPUS != 20 || math.Abs(seed.GodogLimitS-10.15) > 1e-9 ||
		math.Abs(seed.Contenders[MushAuto].GodogEfficiency-10.15/4.4) > 1e-9 {
		t.Errorf("godog CPU %v, limit with it %v, auto efficiency %v", seed.GodogCPUS, seed.GodogLimitS, seed.Contenders[MushAuto].GodogEfficiency)
	}
	targets := targetsByName(rep)
	for name, want := range map[string]float64{
		"seed-shaped: mush-auto / best fixed worker count":                      round3(4.4 / 4.5),
		"seed-shaped: mush-auto with history / without (4.40s / 4.60s)":         round3(4.4 / 4.6),
		"scale: mush-auto / best fixed worker count":                            round3(4.4 / 5),
		"shared: mush-process speed-up over sequential godog (40.00s / 25.00s)": 1.6,
		"cpu-bound: contended: mush-auto / godog-concurrency":                   round3(11.0 / 12),
	} {
		if tg, ok := targets[name]; !ok || tg.Value != want {
			t.Errorf("target %q: %+v, want value %v", name, tg, want)
		}
	}

	// The contended rows compare with each other only.
	if c := rep.Corpora["cpu-bound"].Contenders[MushAutoContended]; c.VsGodogConcurrency != 12.0/11 || c.VsSequential != 0 || rep.BusyLoops != 1 {
		t.Errorf("mush-auto-contended: %+v, busy loops %d", c, rep.BusyLoops)
	}

	// The corpora and bench.json are in cfg.Dir.
	if _, err := os.Stat(filepath.Join(cfg.Dir, "corpora", "skewed", "area_003.feature")); err != nil {
		t.Error(err)
	}
	checkJSONShape(t, filepath.Join(cfg.Dir, "bench.json"))

	out := cfg.Stdout.(*bytes.Buffer).String()
	for _, s := range []string{
		"mush benchmark (full): 2 cores", "command: go tool mage bench", "lower bound", "  10 features ", "  40 scenarios ",
		"mush-coverage (1.20x plain)", "(subprocess ran 1 of 3 rounds", "mush-2n (16 workers)", "mush-4n (32 workers)",
		"machine limit (corpus work only)", "machine limit with godog's own CPU (sequential godog: 20.00s CPU)", "VS MACHINE+GODOG",
		"issue 10's formula: printed, not checked as a target, for it counts none of the CPU godog itself spends per scenario",
		"mush-cold (CPU 20.000 ms/scenario)",
		"mush CPU per trivial scenario: 20.000 ms now, 0.41 ms before issue 10", "mush peak RSS by size: ",
		"TARGET", "MISSED", "mush-process-2x",
		"contended round: another process keeps 1 of 2 cores busy", "godog-concurrency-contended", "mush-auto-contended",
		"mush-process peak RSS 20 MB: its largest process (ru_maxrss of wait4 holds the largest of the process tree, not a sum); the whole tree 45 MB (sum, sampled every 20ms)",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("table lacks %q:\n%s", s, out)
		}
	}
	if log := cfg.Log.(*bytes.Buffer).String(); !strings.Contains(log, "round 3/3") || !strings.Contains(log, "memory probe") ||
		!strings.Contains(log, "round 3/3  contended: 1 of 2 cores kept busy") {
		t.Errorf("log:\n%s", log)
	}
}

// checkJSONShape reads bench.json as a script would.
func checkJSONShape(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := CheckJSON(f, tinyCorpora, 8); err != nil {
		t.Error(err)
	}
}

func TestCheckJSONRefuses(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"not json", "{", "bench.json: unexpected EOF"},
		{"workers", `{"machine":{"cores":2,"go":"go1.26"},"workers":3}`, "workers 3 (want 8)"},
		{"verdict", `{"machine":{"cores":2,"go":"go1.26"},"workers":8,"targets":[{"name":"t","met":true}]}`, `target "t": verdict "" (want met, missed or undecided)`},
		{"corpus", `{"machine":{"cores":2,"go":"go1.26"},"workers":8,"corpora":{}}`, "corpus seed-shaped missing"},
		{"godog limit", `{"machine":{"cores":2,"go":"go1.26"},"workers":8,"corpora":{"seed-shaped":{"lower_bound_s":1,"machine_limit_s":1,"contenders":{}}}}`, "seed-shaped without godog_cpu_s and godog_limit_s"},
		{"contender", `{"machine":{"cores":2,"go":"go1.26"},"workers":8,"corpora":{"seed-shaped":{"lower_bound_s":1,"machine_limit_s":1,"godog_cpu_s":2,"godog_limit_s":1.2,"contenders":{}}}}`, "no contender subprocess"},
		{"figure", `{"machine":{"cores":2,"go":"go1.26"},"workers":8,"corpora":{"seed-shaped":{"lower_bound_s":1,"machine_limit_s":1,"godog_cpu_s":2,"godog_limit_s":1.2,"contenders":{"subprocess":{"median_s":0}}}}}`, "subprocess/median_s = 0"},
	} {
		err := CheckJSON(strings.NewReader(tc.doc), tinyCorpora[:1], 8)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestRunErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(*Config, *fakeExec)
		want  string
	}{
		{"a child fails", func(_ *Config, f *fakeExec) { f.fail = GodogConcurrency }, "seed-shaped, godog-concurrency, round 1: exit status 1"},
		{"the subprocess contender fails", func(_ *Config, f *fakeExec) { f.fail = Subprocess }, "seed-shaped, subprocess, round 1"},
		{"a probe fails", func(_ *Config, f *fakeExec) { f.fail = "mush-probe" }, "scale, memory probe at 1 features"},
		{"the busy loops do not start", func(_ *Config, f *fakeExec) { f.startErr = errors.New("no") }, "cpu-bound, round 1: starting the busy loops: no"},
		{"the busy loops fail", func(_ *Config, f *fakeExec) { f.stopErr = errors.New("signal: killed") }, "cpu-bound, round 1: the busy loops: signal: killed"},
		{"no coverage counters", func(_ *Config, f *fakeExec) { f.noCounters = true }, "wrote no counters"},
		{"the build fails", func(c *Config, _ *fakeExec) {
			c.build = func(context.Context, string, string, string) (binaries, error) { return binaries{}, errors.New("boom") }
		}, "building the benchmark suite: boom"},
		{"a bad corpus", func(c *Config, _ *fakeExec) { c.Corpora = []Spec{{Name: "bad"}} }, `corpus "bad"`},
		{"the output directory is a file", func(c *Config, _ *fakeExec) {
			os.MkdirAll(filepath.Dir(c.Dir), 0o755)
			os.WriteFile(c.Dir, nil, 0o644)
		}, "not a directory"},
		{"the corpora directory is a file", func(c *Config, _ *fakeExec) {
			os.MkdirAll(c.Dir, 0o755)
			os.WriteFile(filepath.Join(c.Dir, "corpora"), nil, 0o644)
		}, "not a directory"},
		{"the state directory is a file", func(c *Config, _ *fakeExec) {
			os.MkdirAll(c.Dir, 0o755)
			os.WriteFile(filepath.Join(c.Dir, "state"), nil, 0o644)
		}, "not a directory"},
		{"bench.json cannot be written", func(c *Config, _ *fakeExec) {
			os.MkdirAll(filepath.Join(c.Dir, "bench.json", "taken"), 0o755) // a directory where the file goes
		}, "bench.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeExec{walls: fakeWalls}
			cfg := testConfig(t, f)
			tc.setup(&cfg, f)
			_, err := Run(context.Background(), cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestContendedRunFails: a failing run of the contended round ends the
// bench, and the busy loops are stopped all the same.
func TestContendedRunFails(t *testing.T) {
	for _, who := range []string{GodogContended, MushAutoContended} {
		f := &fakeExec{walls: fakeWalls, fail: who}
		_, err := Run(context.Background(), testConfig(t, f))
		if want := "cpu-bound, " + who + ", round 1: exit status 1"; err == nil || err.Error() != want {
			t.Errorf("err = %v, want %q", err, want)
		}
		if n := len(f.calls); f.busy || f.calls[n-2] != who || f.calls[n-1] != "stopped" {
			t.Errorf("%s failed: the busy loops were not stopped: %v", who, f.calls)
		}
	}
}

func TestRunClearsTimingsAndCoverageData(t *testing.T) {
	f := &fakeExec{walls: fakeWalls}
	cfg := testConfig(t, f)
	cfg.Runs, cfg.Corpora, cfg.Quick = 1, tinyCorpora[:1], true
	state := filepath.Join(cfg.Dir, "state", "seed-shaped")
	for _, tc := range []struct {
		name, path string
		want       string
	}{
		{"timing history cannot be removed", "timings.json/x", "directory not empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A history that is a non-empty directory cannot be removed.
			cfg.exec = execFunc(func(ctx context.Context, c Command) (Usage, error) {
				if c.Args[0] == "godog-conc" {
					os.MkdirAll(filepath.Join(state, tc.path), 0o755)
				}
				return f.run(ctx, c)
			})
			_, err := Run(context.Background(), cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

type execFunc func(context.Context, Command) (Usage, error)

func (e execFunc) run(ctx context.Context, c Command) (Usage, error) { return e(ctx, c) }

func (execFunc) start(context.Context, Command) (func() error, error) {
	return nil, errors.New("no busy loops here")
}

func TestWithDefaults(t *testing.T) {
	c, err := Config{}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	if c.Root != wd || c.Dir != filepath.Join(wd, "build", "bench") || c.Runs != 3 ||
		c.Workers != FixedWorkers() || c.Cores < 1 || c.Setup != DefaultSetup ||
		len(c.Corpora) != 7 || c.Corpora[0].Features != 342 || c.Calibration != 500*time.Millisecond || c.Command != "go tool mage bench" ||
		c.Environ == nil || c.Now == nil || c.exec == nil || c.build == nil || c.Stdout == nil || c.Log == nil {
		t.Errorf("defaults: %+v", c)
	}
	q, _ := Config{Quick: true, Setup: time.Millisecond}.withDefaults()
	if q.Runs != 1 || q.Setup != time.Millisecond || q.Corpora[0].Features >= 342 {
		t.Errorf("quick defaults: %+v", q)
	}
}

func TestFromSettings(t *testing.T) {
	for _, tc := range []struct {
		set  config.Settings
		want Config
	}{
		{config.Settings{}, Config{Command: "go tool mage bench"}},
		{config.Settings{BenchQuick: true}, Config{Quick: true, Command: "go tool mage bench -quick"}},
		{config.Settings{BenchQuick: true, BenchRuns: 2}, Config{Quick: true, Runs: 2, Command: "go tool mage bench -quick -runs=2"}},
		{config.Settings{BenchQuick: true, BenchCorpora: []string{"shared", "mixed"}},
			Config{Quick: true, Command: "go tool mage bench -quick -corpora=shared,mixed", Corpora: []Spec{DefaultCorpora(true)[6], DefaultCorpora(true)[4]}}},
	} {
		got, err := FromSettings(tc.set)
		if err != nil || got.Quick != tc.want.Quick || got.Runs != tc.want.Runs || got.Command != tc.want.Command ||
			!reflect.DeepEqual(got.Corpora, tc.want.Corpora) {
			t.Errorf("FromSettings(%+v) = %+v, %v; want %+v", tc.set, got, err, tc.want)
		}
	}
	_, err := FromSettings(config.Settings{BenchCorpora: []string{"shared", "nope"}})
	if exitcode.Code(err) != exitcode.Misuse || err.Error() != `MUSH_BENCH_CORPORA: no corpus "nope" (accepted: seed-shaped, cpu-bound, skewed, scale, mixed, spawning, shared)` {
		t.Errorf("an unknown corpus: %v (exit code %d)", err, exitcode.Code(err))
	}
}
