package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mushbdd/mush/internal/atomicfile"
)

// Report is what bench.json holds. Times are in seconds, memory in MiB
// ("mb"); ratios are speed-ups (the other's median over this one's), so
// larger is better, except coverage_over_plain (slowdown).
type Report struct {
	Machine    Machine `json:"machine"`
	Date       string  `json:"date"`
	Command    string  `json:"command"`
	Mode       string  `json:"mode"` // "full" or "quick"
	Seed       uint64  `json:"seed"`
	Runs       int     `json:"runs"`
	Subprocess int     `json:"subprocess_runs"`
	Workers    int     `json:"workers"`
	// BusyLoops is how many cores the contended round keeps busy.
	BusyLoops  int                      `json:"contended_busy_loops"`
	SetupS     float64                  `json:"setup_s"`
	ItersPerMs float64                  `json:"cpu_iters_per_ms"`
	Order      []string                 `json:"corpus_order"`
	Corpora    map[string]*CorpusReport `json:"corpora"`
	Targets    []Target                 `json:"targets"`
	// Notes say which figures are printed but not checked, and why.
	Notes []string `json:"notes,omitempty"`
}

// Machine is where the figures were measured.
type Machine struct {
	Cores int    `json:"cores"`
	Go    string `json:"go"`
	OS    string `json:"os"`
	Arch  string `json:"arch"`
	// Load averages (1, 5, 15 min) when the session started and ended:
	// other work on the machine shows here.
	LoadStart string `json:"load_average_start,omitempty"`
	LoadEnd   string `json:"load_average_end,omitempty"`
}

// CorpusReport holds one corpus's shape, its lower bound and every
// contender's figures.
type CorpusReport struct {
	Features    int                         `json:"features"`
	Scenarios   int                         `json:"scenarios"`
	CPUS        float64                     `json:"cpu_work_s"`
	WaitS       float64                     `json:"wait_work_s"`
	LongestS    float64                     `json:"longest_scenario_s"`
	LowerBoundS float64                     `json:"lower_bound_s"`
	Contenders  map[string]*ContenderReport `json:"contenders"`
	Growth      []GrowthPoint               `json:"memory_growth,omitempty"`
	Shards      *ShardBalance               `json:"shard_balance,omitempty"`
	// MachineLimitS is setup + max(longest scenario, CPU work / cores): the
	// bound of any worker count (LowerBoundS also holds the N-worker one),
	// counting the corpus's declared work only (issue 10's formula).
	MachineLimitS float64 `json:"machine_limit_s"`
	// GodogCPUS is the median CPU time (user and system) of the sequential
	// godog contender, and GodogLimitS the machine limit with godog's own
	// CPU: setup + max(longest scenario, GodogCPUS / cores). That CPU holds
	// the corpus's work and all godog does per scenario (parsing, step
	// matching, hooks), so no runner built on godog ends sooner. Both are
	// absent when the sequential contender did not run.
	GodogCPUS   float64 `json:"godog_cpu_s,omitempty"`
	GodogLimitS float64 `json:"godog_limit_s,omitempty"`
}

// ContenderReport is one contender's figures on one corpus.
type ContenderReport struct {
	Stats             // of the wall times
	PeakRSSMB float64 `json:"peak_rss_mb"`
	// PeakTreeRSSMB is the largest sampled sum over the contender's
	// process tree (Usage.TreeRSS), measured for process mode only.
	PeakTreeRSSMB      float64   `json:"peak_tree_rss_mb,omitempty"`
	Runs               int       `json:"runs"`
	WallsS             []float64 `json:"walls_s"`
	Efficiency         float64   `json:"efficiency"`
	MachineEfficiency  float64   `json:"machine_efficiency"`         // MachineLimitS / MedianS
	GodogEfficiency    float64   `json:"godog_efficiency,omitempty"` // GodogLimitS / MedianS, absent without it
	CPUS               []float64 `json:"cpu_s"`                      // the children's CPU time, per run
	VsSubprocess       float64   `json:"vs_subprocess,omitempty"`
	VsSequential       float64   `json:"vs_sequential,omitempty"`
	VsGodogConcurrency float64   `json:"vs_godog_concurrency,omitempty"`
	CoverageOverPlain  float64   `json:"coverage_over_plain,omitempty"`
	// OverheadMs is the wall time per scenario beyond the suite setup,
	// reported on corpora whose scenarios do no work.
	OverheadMs float64 `json:"overhead_ms_per_scenario,omitempty"`
	// CPUPerScenarioMs is the median CPU time per scenario, on the same
	// corpora: what running one trivial scenario costs.
	CPUPerScenarioMs float64 `json:"cpu_ms_per_scenario,omitempty"`
}

// CPUPerScenarioBefore is mush's CPU time per trivial scenario before
// issue 10 removed work that was not essential, measured as
// CPUPerScenarioBeforeHow says; the table prints it beside today's figure.
const (
	CPUPerScenarioBefore    = 0.41
	CPUPerScenarioBeforeHow = "scale corpus, 8 workers, least of 3 runs, 2026-11-28"
)

// GrowthPoint is mush's peak memory on the first part of a corpus.
type GrowthPoint struct {
	Scenarios int     `json:"scenarios"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
}

// Target is one of the benchmark's targets, checked against the figures.
// Value is computed from the medians; Low and High bound it over the
// rounds, pairing each contender's best round with the other's worst (see
// Stats.over). Verdict is met when all of [Low, High] meets Want, missed when
// none of it does, undecided otherwise.
type Target struct {
	Name    string  `json:"name"`
	Value   float64 `json:"value"`
	Low     float64 `json:"low"`
	High    float64 `json:"high"`
	Want    string  `json:"want"`
	Verdict string  `json:"verdict"`
}

// The verdicts of a target.
const (
	Met       = "met"
	Missed    = "missed"
	Undecided = "undecided"
)

// target decides a figure against want: at most want (atMost) or at
// least. A figure of no median (a contender that measured nothing) misses.
func target(name string, v Stats, atMost bool, want float64, unit string) Target {
	t := Target{Name: name, Value: round3(v.MedianS), Low: round3(v.MinS), High: round3(v.MaxS), Verdict: Undecided}
	worst, best := v.MaxS, v.MinS
	t.Want = fmt.Sprintf("<= %g%s", want, unit)
	if !atMost {
		worst, best = v.MinS, v.MaxS
		t.Want = fmt.Sprintf(">= %g%s", want, unit)
	}
	meets := func(x float64) bool {
		if atMost {
			return x <= want
		}
		return x >= want
	}
	switch {
	case v.MedianS <= 0 || !meets(best):
		t.Verdict = Missed
	case meets(worst):
		t.Verdict = Met
	}
	return t
}

func newReport(cfg Config, iters float64) *Report {
	mode := "full"
	if cfg.Quick {
		mode = "quick"
	}
	return &Report{
		Machine:    Machine{Cores: cfg.Cores, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH, LoadStart: LoadAverage()},
		Date:       cfg.Now().UTC().Format(time.RFC3339),
		Command:    cfg.Command,
		Mode:       mode,
		Seed:       DefaultSeed,
		Runs:       cfg.Runs,
		Subprocess: 1,
		Workers:    cfg.Workers,
		BusyLoops:  BusyLoops(cfg.Cores),
		SetupS:     cfg.Setup.Seconds(),
		ItersPerMs: iters,
		Corpora:    map[string]*CorpusReport{},
		Targets:    []Target{},
	}
}

func newCorpusReport(c Corpus, cfg Config) *CorpusReport {
	w := c.Work()
	return &CorpusReport{
		Features:      len(c.Files),
		Scenarios:     w.Scenarios,
		CPUS:          w.CPU.Seconds(),
		WaitS:         w.Wait.Seconds(),
		LongestS:      w.Longest.Seconds(),
		LowerBoundS:   LowerBound(w, cfg.Setup, cfg.Cores, cfg.Workers).Seconds(),
		Contenders:    map[string]*ContenderReport{},
		MachineLimitS: MachineLimit(w, cfg.Setup, cfg.Cores).Seconds(),
	}
}

func (r *Report) add(name string, c *CorpusReport) {
	r.Order = append(r.Order, name)
	r.Corpora[name] = c
}

// record adds one run of a contender and summarizes its runs.
func (c *CorpusReport) record(who string, u Usage) {
	cr := c.Contenders[who]
	if cr == nil {
		cr = &ContenderReport{}
		c.Contenders[who] = cr
	}
	cr.Runs++
	cr.WallsS = append(cr.WallsS, u.Wall.Seconds())
	cr.Stats = Summarize(cr.WallsS)
	cr.CPUS = append(cr.CPUS, u.CPU.Seconds())
	cr.PeakRSSMB = max(cr.PeakRSSMB, mb(u.MaxRSS))
	cr.PeakTreeRSSMB = max(cr.PeakTreeRSSMB, mb(u.TreeRSS))
}

// finish computes the statistics, ratios and targets from the runs.
func (r *Report) finish() {
	for _, name := range r.Order {
		c := r.Corpora[name]
		if seq := c.Contenders[Sequential]; seq != nil {
			if cpu := Summarize(seq.CPUS).MedianS; cpu > 0 {
				c.GodogCPUS = cpu
				c.GodogLimitS = MachineLimit(Work{Longest: seconds(c.LongestS), CPU: seconds(cpu)}, seconds(r.SetupS), r.Machine.Cores).Seconds()
			}
		}
		for who, cr := range c.Contenders { // record summarized their rounds
			cr.Efficiency = ratio(c.LowerBoundS, cr.MedianS)
			cr.MachineEfficiency = ratio(c.MachineLimitS, cr.MedianS)
			cr.GodogEfficiency = ratio(c.GodogLimitS, cr.MedianS)
			if c.CPUS+c.WaitS == 0 {
				if len(cr.CPUS) > 0 {
					cr.CPUPerScenarioMs = round3(Summarize(cr.CPUS).MedianS * 1000 / float64(c.Scenarios))
				}
				setup := r.SetupS
				if who == Subprocess {
					setup *= float64(c.Features)
				}
				cr.OverheadMs = c.overhead(cr, setup).MedianS
			}
			if contended(who) { // against its own round only
				cr.VsGodogConcurrency = ratio(c.median(GodogContended), cr.MedianS)
				continue
			}
			cr.VsSubprocess = ratio(c.median(Subprocess), cr.MedianS)
			cr.VsSequential = ratio(c.median(Sequential), cr.MedianS)
			cr.VsGodogConcurrency = ratio(c.median(GodogConcurrency), cr.MedianS)
		}
		if cov := c.Contenders[MushCoverage]; cov != nil {
			cov.CoverageOverPlain = ratio(cov.MedianS, c.median(MushWarm))
		}
		if cold := c.Contenders[MushCold]; cold != nil && len(c.Growth) > 0 && c.Growth[len(c.Growth)-1].Scenarios < c.Scenarios {
			c.Growth = append(c.Growth, GrowthPoint{Scenarios: c.Scenarios, PeakRSSMB: cold.PeakRSSMB})
		}
	}
	r.Targets = r.targets()
	r.Notes = r.notes()
	r.Machine.LoadEnd = LoadAverage()
}

// notes explains the figures printed but not checked: issue 10's machine
// limit, and the limit with godog's own CPU where sequential godog did not
// run.
func (r *Report) notes() []string {
	var out []string
	for _, name := range r.Order {
		c := r.Corpora[name]
		if c.GodogLimitS > 0 {
			continue
		}
		out = append(out, name+": no machine limit with godog's own CPU (sequential godog did not run or measured no CPU)")
	}
	if len(r.Order) > 0 {
		out = append(out, "machine limit (corpus work only) = setup + max(longest scenario, declared CPU work / cores), issue 10's formula: "+
			"printed, not checked as a target, for it counts none of the CPU godog itself spends per scenario")
	}
	return out
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// LoadAverage returns the system load averages (1, 5, 15 min), or ""
// where /proc has none: other work on the machine shows there.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if err != nil || len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func (c *CorpusReport) median(who string) float64 {
	if cr := c.Contenders[who]; cr != nil {
		return cr.MedianS
	}
	return 0
}

// bestFixed is mush at a fixed worker count (N with and without history,
// 2N, 4N) with the best median, nil when none ran.
func (c *CorpusReport) bestFixed() *ContenderReport {
	var best *ContenderReport
	for _, who := range []string{MushCold, MushWarm, MushDouble, MushQuadruple} {
		if cr := c.Contenders[who]; cr != nil && (best == nil || cr.MedianS < best.MedianS) {
			best = cr
		}
	}
	return best
}

// mush is the slower of mush's cold and warm runs at N workers,
// byDefault of its default runs, BDD_WORKERS=auto with and without a
// history (nil without both).
func (c *CorpusReport) mush() *ContenderReport { return c.slower(MushCold, MushWarm) }

func (c *CorpusReport) byDefault() *ContenderReport { return c.slower(MushAuto, MushAutoCold) }

// slower is the slower of contenders a and b by median (a on a tie; nil
// without both).
func (c *CorpusReport) slower(a, b string) *ContenderReport {
	x, y := c.Contenders[a], c.Contenders[b]
	switch {
	case x == nil || y == nil:
		return nil
	case y.MedianS > x.MedianS:
		return y
	}
	return x
}

// overhead is cr's wall time per scenario beyond its suite setups (setupS
// seconds in all), in ms, from its median and over its rounds.
func (c *CorpusReport) overhead(cr *ContenderReport, setupS float64) Stats {
	ms := func(wall float64) float64 {
		return math.Max(wall-setupS, 0) * 1000 / float64(c.Scenarios)
	}
	return Stats{ms(cr.MedianS), ms(cr.MinS), ms(cr.MaxS)}
}

// targets checks the benchmark's targets (see Target); a target whose
// corpus or contenders are missing is left out. "mush" is the slower of
// mush-cold and mush-warm (N workers), "mush default" the slower of
// mush-auto and mush-auto-cold, except for the targets that name a run.
func (r *Report) targets() []Target {
	out := []Target{}
	add := func(name string, v Stats, atMost bool, want float64, unit string) {
		out = append(out, target(name, v, atMost, want, unit))
	}
	// vs adds a/b's target when both ran, their medians in its name when
	// medians is set.
	vs := func(name string, a, b *ContenderReport, atMost bool, want float64, medians bool) {
		switch {
		case a == nil || b == nil:
			return
		case medians:
			name += fmt.Sprintf(" (%.2fs / %.2fs)", a.MedianS, b.MedianS)
		}
		add(name, a.over(b.Stats), atMost, want, "x")
	}
	const atMost, atLeast = true, false
	if c := r.Corpora["seed-shaped"]; c != nil {
		vs("seed-shaped: mush speed-up over subprocess per feature", c.Contenders[Subprocess], c.mush(), atLeast, 12, false)
		vs("seed-shaped: mush speed-up over sequential godog", c.Contenders[Sequential], c.mush(), atLeast, 1.8, false)
		vs("seed-shaped: coverage run / plain run (mush-warm)", c.Contenders[MushCoverage], c.Contenders[MushWarm], atMost, 1.25, false)
	}
	if c := r.Corpora["cpu-bound"]; c != nil {
		vs("cpu-bound: mush speed-up over sequential godog", c.Contenders[Sequential], c.mush(), atLeast, 1.8, false)
	}
	if c := r.Corpora["skewed"]; c != nil && c.Contenders[MushWarm] != nil {
		add("skewed: mush-warm / lower bound", c.Contenders[MushWarm].over(point(c.LowerBoundS)), atMost, 1.10, "x")
	}
	for _, name := range r.Order {
		c := r.Corpora[name]
		vs(name+": mush default / godog-concurrency", c.byDefault(), c.Contenders[GodogConcurrency], atMost, 1, false)
	}
	for _, name := range r.Order {
		c := r.Corpora[name]
		vs(name+": mush-auto / best fixed worker count", c.Contenders[MushAuto], c.bestFixed(), atMost, 1.05, false)
		vs(name+": mush-auto with history / without", c.Contenders[MushAuto], c.Contenders[MushAutoCold], atMost, 1, true)
	}
	for _, name := range r.Order {
		c := r.Corpora[name]
		vs(name+": contended: mush-auto / godog-concurrency", c.Contenders[MushAutoContended], c.Contenders[GodogContended], atMost, 1, false)
	}
	for _, name := range r.Order {
		c := r.Corpora[name]
		vs(name+": mush-process speed-up over sequential godog", c.Contenders[Sequential], c.Contenders[MushProcess], atLeast, 1.5, true)
	}
	if c := r.Corpora["scale"]; c != nil {
		if m := c.mush(); m != nil {
			if seq := c.Contenders[Sequential]; seq != nil && seq.OverheadMs > 0 {
				add("scale: mush overhead per scenario / sequential godog's", c.overhead(m, r.SetupS).over(c.overhead(seq, r.SetupS)), atMost, 1.1, "x")
			}
			peak := 0.0 // of every in-process mush run
			for _, who := range []string{MushCold, MushWarm, MushCoverage, MushDouble, MushQuadruple, MushAutoCold, MushAuto} {
				if cr := c.Contenders[who]; cr != nil {
					peak = max(peak, cr.PeakRSSMB)
				}
			}
			add("scale: mush peak RSS", point(peak), atMost, 150, " MB")
		}
		if g := c.Growth; len(g) >= 2 && g[0].Scenarios > 0 && g[0].PeakRSSMB > 0 {
			last := g[len(g)-1]
			linear := g[0].PeakRSSMB * float64(last.Scenarios) / float64(g[0].Scenarios)
			add("scale: mush peak RSS / proportional growth from the first probe", point(ratio(last.PeakRSSMB, linear)), atMost, 1, "x")
		}
	}
	for _, name := range balanceCorpora { // issue 9's
		if c := r.Corpora[name]; c != nil && c.Shards != nil {
			add(fmt.Sprintf("%s: busiest of %d shards / mean, with history", name, c.Shards.Shards), point(c.Shards.WithHistory), atMost, 1.10, "x")
		}
	}
	return out
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// WriteJSON writes the report to path, indented, through a temporary file.
func (r *Report) WriteJSON(path string) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	})
}

// WriteTable prints the report as one aligned table, then the targets.
func (r *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "mush benchmark (%s): %d cores, %s, N=%d workers, %d round(s) (subprocess: %d), seed %d, setup %s per process, %s\n",
		r.Mode, r.Machine.Cores, r.Machine.Go, r.Workers, r.Runs, r.Subprocess, r.Seed,
		seconds(r.SetupS), r.Date)
	fmt.Fprintf(w, "command: %s\n", r.Command)
	if r.Machine.LoadStart != "" {
		fmt.Fprintf(w, "load average: %s at the start, %s at the end\n", r.Machine.LoadStart, r.Machine.LoadEnd)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CORPUS\tCONTENDER\tRUNS\tMEDIAN\tMIN-MAX\tPEAK RSS\tVS SUBPROC\tVS SEQ\tVS GODOG-N\tEFFICIENCY\tVS MACHINE\tVS MACHINE+GODOG")
	for _, name := range r.Order {
		c := r.Corpora[name]
		fmt.Fprintf(tw, "%s\tlower bound (N workers)\t\t%.2fs\t\t\t\t\t\t100%%\t\t\n", name, c.LowerBoundS)
		fmt.Fprintf(tw, "\tmachine limit (corpus work only)\t\t%.2fs\t\t\t\t\t\t\t100%%\t\n", c.MachineLimitS)
		if c.GodogLimitS > 0 {
			fmt.Fprintf(tw, "\tmachine limit with godog's own CPU (sequential godog: %.2fs CPU)\t\t%.2fs\t\t\t\t\t\t\t\t100%%\n",
				c.GodogCPUS, c.GodogLimitS)
		} else {
			fmt.Fprintf(tw, "\tmachine limit with godog's own CPU: none, no sequential godog run\t\t-\t\t\t\t\t\t\t\t-\n")
		}
		left := []string{fmt.Sprintf("  %d features", c.Features), fmt.Sprintf("  %d scenarios", c.Scenarios)}
		order := slices.DeleteFunc(slices.Clone(Contenders), func(who string) bool { return c.Contenders[who] == nil })
		for i, who := range order {
			cr := c.Contenders[who]
			label := who
			switch {
			case cr.CoverageOverPlain > 0:
				label = fmt.Sprintf("%s (%.2fx plain)", who, cr.CoverageOverPlain)
			case who == MushDouble:
				label = fmt.Sprintf("%s (%d workers)", who, 2*r.Workers)
			case who == MushQuadruple:
				label = fmt.Sprintf("%s (%d workers)", who, 4*r.Workers)
			case cr.CPUPerScenarioMs > 0:
				label = fmt.Sprintf("%s (CPU %.3f ms/scenario)", who, cr.CPUPerScenarioMs)
			}
			if contended(who) && (i == 0 || !contended(order[i-1])) {
				fmt.Fprintf(tw, "\tcontended round: another process keeps %d of %d cores busy%s\n", r.BusyLoops, r.Machine.Cores, strings.Repeat("\t", 10))
			}
			corner := ""
			if i < len(left) {
				corner = left[i]
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%.2fs\t%.2f-%.2fs\t%.0f MB\t%s\t%s\t%s\t%.0f%%\t%.0f%%\t%s\n",
				corner, label, cr.Runs, cr.MedianS, cr.MinS, cr.MaxS, cr.PeakRSSMB, orNone(cr.VsSubprocess, "%.2fx", "-"),
				orNone(cr.VsSequential, "%.2fx", "-"), orNone(cr.VsGodogConcurrency, "%.2fx", "-"), cr.Efficiency*100,
				cr.MachineEfficiency*100, orNone(cr.GodogEfficiency*100, "%.0f%%", "-"))
		}
		if len(c.Growth) > 0 {
			var pts []string
			for _, g := range c.Growth {
				pts = append(pts, fmt.Sprintf("%d scenarios %.0f MB", g.Scenarios, g.PeakRSSMB))
			}
			fmt.Fprintf(tw, "\tmush peak RSS by size: %s\n", strings.Join(pts, ", "))
		}
		if cold := c.Contenders[MushCold]; cold != nil && cold.CPUPerScenarioMs > 0 {
			fmt.Fprintf(tw, "\tmush CPU per trivial scenario: %.3f ms now, %.2f ms before issue 10 (%s)\n",
				cold.CPUPerScenarioMs, CPUPerScenarioBefore, CPUPerScenarioBeforeHow)
		}
		if p := c.Contenders[MushProcess]; p != nil {
			fmt.Fprintf(tw, "\tmush-process peak RSS %.0f MB: its largest process (ru_maxrss of wait4 holds the largest of the process tree, not a sum); the whole tree %s (sum, sampled every %s)\n",
				p.PeakRSSMB, orNone(p.PeakTreeRSSMB, "%.0f MB", "not measured"), TreeSample)
		}
		if c.Shards != nil {
			fmt.Fprintf(tw, "\t%s\n", c.Shards)
		}
	}
	ranSubprocess := false
	for _, c := range r.Corpora {
		ranSubprocess = ranSubprocess || c.Contenders[Subprocess] != nil
	}
	if ranSubprocess && r.Subprocess < r.Runs {
		fmt.Fprintf(tw, "(subprocess ran %d of %d rounds: it is by far the slowest)\n", r.Subprocess, r.Runs)
	}
	tw.Flush()
	for _, n := range r.Notes {
		fmt.Fprintf(w, "(%s)\n", n)
	}
	if len(r.Targets) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tVALUE\tOVER THE ROUNDS\tWANT\t")
	for _, t := range r.Targets {
		verdict := t.Verdict
		if verdict == Missed {
			verdict = "MISSED"
		}
		fmt.Fprintf(tw, "%s\t%.3g\t%.3g-%.3g\t%s\t%s\n", t.Name, t.Value, t.Low, t.High, t.Want, verdict)
	}
	tw.Flush()
}

// orNone formats x, or prints none where x is 0 (not measured, no ratio).
func orNone(x float64, format, none string) string {
	if x == 0 {
		return none
	}
	return fmt.Sprintf(format, x)
}
