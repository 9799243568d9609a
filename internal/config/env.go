package config

import (
	"fmt"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/shard"
)

// Env is where settings are read: an environment, with the values flags
// give over it (target flags, go test flags, a Go caller's options) and a
// project's defaults under it. It is the one way a flag overrides its
// variable, and it names the flag in the error when a flag's value is
// refused. The zero Env reads nothing.
type Env struct {
	environ []string            // "KEY=value", passed on to child processes
	getenv  func(string) string // reads environ, or the getenv given to Under
	set     []given             // over the environment, the last one wins
	dflt    []given             // under it
	dir     string              // relative paths are read from it (In)
}

// given is a value set over or under the environment, and what gave it.
type given struct{ name, value, by string }

// NewEnv reads the environment given as "KEY=value" entries (os.Environ,
// exec.Cmd.Env; a later entry wins).
func NewEnv(environ []string) Env {
	return Env{environ: environ, getenv: Lookup(environ)}
}

// Under is e reading getenv in place of its environment (a test's map,
// os.Getenv).
func (e Env) Under(getenv func(string) string) Env {
	e.getenv = getenv
	return e
}

// In is e reading the relative paths of its settings from dir: Load makes
// the reports directory, the timing history, the journal, the CPU profile
// and @FILE rerun files absolute under it, so that a run whose working
// directory changes (a BeforeSuite that calls os.Chdir) writes where it
// started. BDD_PATHS entries stay as given: discover.Select reads them
// from its Root.
func (e Env) In(dir string) Env {
	e.dir = dir
	return e
}

// Set gives name the value over the environment; by names what gave it as
// the user wrote it ("-workers", "go test -shuffle"), "" for a Go caller.
func (e Env) Set(name, value, by string) Env {
	e.set = append(slices.Clip(e.set), given{name, value, by})
	return e
}

// Default gives name the value where neither the environment nor Set does.
func (e Env) Default(name, value string) Env {
	e.dflt = append(slices.Clip(e.dflt), given{name: name, value: value})
	return e
}

// Getenv is name's value: the last Set, else the environment's when not
// empty, else the last Default.
func (e Env) Getenv(name string) string {
	if g, ok := last(e.set, name); ok {
		return g.value
	}
	if e.getenv != nil {
		if v := e.getenv(name); v != "" {
			return v
		}
	}
	g, _ := last(e.dflt, name)
	return g.value
}

// Environ is the environment of a child process: e's environment with the
// defaults it does not set, then the values set.
func (e Env) Environ() []string {
	out := slices.Clone(e.environ)
	for i, d := range e.dflt {
		_, set := last(e.set, d.name)
		if g, _ := last(e.dflt, d.name); !set && g == e.dflt[i] && e.getenv(d.name) == "" {
			out = append(out, d.name+"="+d.value)
		}
	}
	for _, s := range e.set {
		out = append(out, s.name+"="+s.value)
	}
	return out
}

func last(gs []given, name string) (given, bool) {
	for i := len(gs) - 1; i >= 0; i-- {
		if gs[i].name == name {
			return gs[i], true
		}
	}
	return given{}, false
}

// Load reads the settings the commands t read; the others keep their
// defaults.
func (e Env) Load(t Target) (Settings, error) {
	s := defaults()
	var err error
	if t&Run != 0 {
		if s.Shard, s.ShardFrom, err = shard.Detect(e.Getenv); err != nil {
			return s, e.named(shard.Var, err)
		}
		if v := e.Getenv(AttemptVar); v != "" {
			if s.Attempt, err = strconv.Atoi(v); err != nil || s.Attempt < 1 {
				return s, bad(AttemptVar, v, "a whole number >= 1")
			}
			s.Supervised = true
		}
		if v := e.Getenv(DeadlineLeftVar); v != "" {
			if s.DeadlineLeft, err = time.ParseDuration(v); err != nil || s.DeadlineLeft <= 0 {
				return s, bad(DeadlineLeftVar, v, "a positive Go duration")
			}
		}
	}
	for _, v := range Vars {
		if v.load == nil || v.Reads&t == 0 {
			continue
		}
		val := strings.TrimSpace(e.Getenv(v.Name))
		if val == "" {
			continue
		}
		if err := v.load(&s, val); err != nil {
			return s, e.named(v.Name, exitcode.Misusef("%s=%q: %v", v.Name, val, err))
		}
	}
	s.PageLater = e.Getenv(PageLaterVar) != ""
	if err := e.isolation(&s); err != nil {
		return s, err
	}
	if s.Shard.Sharded() && strings.TrimSpace(e.Getenv("BDD_REPORTS_DIR")) == "" {
		s.ReportsDir = ShardsDir + "/" + s.Shard.Dir()
	}
	if e.dir != "" {
		for _, p := range []*string{&s.ReportsDir, &s.Timings, &s.CPUProfile} {
			if *p != "" {
				*p = Under(e.dir, *p)
			}
		}
	}
	if s.Paths, err = expandRerun(e.dir, s.Paths); err != nil {
		return s, e.named("BDD_PATHS", err)
	}
	return s, nil
}

// isolation completes the settings of process isolation: BDD_WORKERS counts
// per process there (auto refused, default 1), and BDD_PROCESSES defaults
// to the CPU cores, at most BDD_MAX_WORKERS. It counts only there.
func (e Env) isolation(s *Settings) error {
	if s.Isolation != IsolationProcess {
		s.Processes = 0
		return nil
	}
	if v := strings.TrimSpace(e.Getenv("BDD_WORKERS")); v == Auto {
		return e.named("BDD_WORKERS", bad("BDD_WORKERS", v, "with BDD_ISOLATION=process, a whole number of scenarios each process runs at once, e.g. 1"))
	}
	s.Workers = max(s.Workers, 1)
	if s.Processes == 0 {
		s.Processes = min(runtime.NumCPU(), s.MaxWorkers)
	}
	return nil
}

// named puts the flag that gave name its value before a misuse error about
// it: "-workers / BDD_WORKERS=...".
func (e Env) named(name string, err error) error {
	g, ok := last(e.set, name)
	if !ok || g.by == "" || exitcode.Code(err) != exitcode.Misuse {
		return err
	}
	return &exitcode.Error{Code: exitcode.Misuse, Err: fmt.Errorf("%s / %w", g.by, err)}
}

// Names of the settings read outside Load's Settings too.
const (
	ThresholdVar = "COVERAGE_THRESHOLD"
	ExcludeVar   = "COVERAGE_EXCLUDE"
)

// shardCounts reads MUSH_SHARDS: shard counts separated by commas, sorted,
// each once.
func shardCounts(v string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > shard.MaxTotal {
			return nil, notAccepted(fmt.Sprintf("shard counts from 1 to %d separated by commas, e.g. 1,2,4,8", shard.MaxTotal))
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// parseExclude reads COVERAGE_EXCLUDE: "none" excludes nothing, anything
// else is a list of module-relative package paths separated by commas or
// spaces, each excluding that package and every package below it. "./x"
// and "x/..." are accepted for "x"; a path may also start with the module
// path (coverage.ListPackages strips it).
func parseExclude(v string) ([]string, error) {
	out := []string{}
	if v == "none" {
		return out, nil
	}
	for _, f := range strings.FieldsFunc(v, isSep) {
		p := strings.TrimSuffix(strings.TrimPrefix(f, "./"), "/...")
		if p == "" || p == "." || p == ".." || path.IsAbs(p) || path.Clean(p) != p || strings.HasPrefix(p, "../") ||
			strings.ContainsAny(p, `*?[]\`) || strings.Contains(p, "...") {
			return nil, fmt.Errorf("%q not accepted (accepted: module-relative package paths such as internal/fixtures or ./scripts/..., "+
				"each with every package below it, separated by commas or spaces; none to count every package)", f)
		}
		out = append(out, p)
	}
	return out, nil
}

// isSep separates the entries of a list setting: commas and white space.
func isSep(r rune) bool { return r == ',' || unicode.IsSpace(r) }
