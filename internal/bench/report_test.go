package bench

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func corpusWith(lb float64, medians map[string]float64) *CorpusReport {
	c := &CorpusReport{Features: 10, Scenarios: 100, LowerBoundS: lb, CPUS: 1, Contenders: map[string]*ContenderReport{}}
	for _, who := range Contenders {
		if m, ok := medians[who]; ok {
			c.record(who, Usage{Wall: sec(m), MaxRSS: 10 << 20})
		}
	}
	return c
}

// targetsByName indexes the report's targets by name.
func targetsByName(r *Report) map[string]Target {
	out := map[string]Target{}
	for _, tg := range r.Targets {
		out[tg.Name] = tg
	}
	return out
}

// targetWant is a target's expected value and verdict.
type targetWant struct {
	name    string
	value   float64
	verdict string
}

// checkTargets checks that the report has each target, with its value and
// verdict.
func checkTargets(t *testing.T, r *Report, wants []targetWant) {
	t.Helper()
	got := targetsByName(r)
	for _, tc := range wants {
		tg, ok := got[tc.name]
		if !ok {
			t.Errorf("no target %q", tc.name)
			continue
		}
		if tg.Value != tc.value || tg.Verdict != tc.verdict {
			t.Errorf("%s: value %v %s, want %v %s", tc.name, tg.Value, tg.Verdict, tc.value, tc.verdict)
		}
	}
}

func sec(s float64) time.Duration { return time.Duration(s * 1e9) }

func TestTargets(t *testing.T) {
	all := map[string]float64{Subprocess: 120, Sequential: 40, GodogConcurrency: 6, MushCold: 5.5, MushWarm: 5, MushCoverage: 6,
		MushAutoCold: 5.5, MushAuto: 5}
	r := &Report{SetupS: 0.15, Corpora: map[string]*CorpusReport{}}
	r.add("seed-shaped", corpusWith(4.9, all))
	r.add("cpu-bound", corpusWith(2, map[string]float64{Sequential: 4, GodogConcurrency: 2.1, MushCold: 2.1, MushWarm: 2.3,
		MushAutoCold: 2.3, MushAuto: 2.1}))
	r.add("skewed", corpusWith(2, map[string]float64{GodogConcurrency: 3, MushCold: 3, MushWarm: 2.1, MushAutoCold: 2.1, MushAuto: 3}))
	scale := corpusWith(0.15, map[string]float64{Sequential: 10.15, GodogConcurrency: 9, MushCold: 9, MushWarm: 11.15,
		MushAutoCold: 9, MushAuto: 11.15})
	scale.CPUS = 0
	scale.Contenders[MushAuto].PeakRSSMB = 12 // the default's peak counts
	scale.Growth = []GrowthPoint{{Scenarios: 25, PeakRSSMB: 4}}
	r.add("scale", scale)
	r.add("other", corpusWith(1, map[string]float64{MushCold: 1})) // no godog-concurrency: no target
	r.finish()

	checkTargets(t, r, []targetWant{
		{"seed-shaped: mush speed-up over subprocess per feature", 21.818, Met},
		{"seed-shaped: mush speed-up over sequential godog", 7.273, Met},
		{"seed-shaped: coverage run / plain run (mush-warm)", 1.2, Met},
		{"cpu-bound: mush speed-up over sequential godog", 1.739, Missed},
		{"skewed: mush-warm / lower bound", 1.05, Met},
		{"seed-shaped: mush default / godog-concurrency", 0.917, Met},
		{"cpu-bound: mush default / godog-concurrency", 1.095, Missed},
		{"skewed: mush default / godog-concurrency", 1, Met},
		{"scale: mush default / godog-concurrency", 1.239, Missed},
		{"scale: mush-auto with history / without (11.15s / 9.00s)", 1.239, Missed},
		{"scale: mush overhead per scenario / sequential godog's", 1.1, Met},
		{"scale: mush peak RSS", 12, Met},
		{"scale: mush peak RSS / proportional growth from the first probe", 0.625, Met},
	})
	if len(r.Targets) != 20 {
		t.Errorf("%d targets: %+v", len(r.Targets), r.Targets)
	}
	if w := r.Corpora["seed-shaped"].Contenders[MushWarm]; math.Abs(w.Efficiency-0.98) > 1e-9 {
		t.Errorf("efficiency = %v", w.Efficiency)
	}
}

func TestTargetsNeedTheirContenders(t *testing.T) {
	r := &Report{Corpora: map[string]*CorpusReport{}}
	r.add("seed-shaped", corpusWith(1, map[string]float64{MushCold: 1}))
	r.add("scale", corpusWith(1, map[string]float64{MushWarm: 1}))
	r.finish()
	if len(r.Targets) != 0 {
		t.Errorf("targets without contenders: %+v", r.Targets)
	}
	var b bytes.Buffer
	r.WriteTable(&b)
	if strings.Contains(b.String(), "TARGET") {
		t.Errorf("a target table without targets:\n%s", b.String())
	}
}

func TestWriteJSONError(t *testing.T) {
	r := &Report{}
	blocker := filepath.Join(t.TempDir(), "afile")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON(filepath.Join(blocker, "bench.json")); err == nil {
		t.Error("no error writing under a file")
	}
	path := filepath.Join(t.TempDir(), "bench.json")
	if err := r.WriteJSON(path); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !bytes.Contains(b, []byte(`"machine"`)) {
		t.Errorf("bench.json:\n%s", b)
	}
}

func TestTimes(t *testing.T) {
	if orNone(0, "%.2fx", "-") != "-" || orNone(2.5, "%.2fx", "-") != "2.50x" {
		t.Error("formatting")
	}
}

func TestGodogLimit(t *testing.T) {
	for _, tc := range []struct {
		name                string
		longest, cpu, setup float64
		cores               int
		want                float64
	}{
		{"CPU over the cores", 0.5, 10, 0.15, 2, 5.15},
		{"the longest scenario", 4, 6, 0.15, 2, 4.15},
		{"one core", 0.5, 10, 0, 1, 10},
		{"no cores counts one", 0.5, 10, 0, 0, 10},
		{"no CPU measured", 0.5, 0, 0.15, 2, 0.65},
	} {
		got := MachineLimit(Work{Longest: sec(tc.longest), CPU: sec(tc.cpu)}, sec(tc.setup), tc.cores).Seconds()
		if math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: the machine limit with godog's CPU = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// corpusRuns is a corpus of the given longest scenario whose contenders
// ran with the given wall and CPU seconds, one pair per run.
func corpusRuns(longest float64, runs map[string][][2]float64) *CorpusReport {
	c := &CorpusReport{Features: 10, Scenarios: 100, LowerBoundS: 1, MachineLimitS: 1, CPUS: 1, LongestS: longest,
		Contenders: map[string]*ContenderReport{}}
	for _, who := range Contenders {
		for _, r := range runs[who] {
			c.record(who, Usage{Wall: sec(r[0]), CPU: sec(r[1]), MaxRSS: 10 << 20})
		}
	}
	return c
}

// TestGodogLimitOfACorpus: the median CPU of sequential godog's runs makes
// the limit, and every contender's efficiency against it; a corpus without
// a sequential run (or one that measured no CPU) has neither, and says so.
func TestGodogLimitOfACorpus(t *testing.T) {
	for _, tc := range []struct {
		name       string
		runs       map[string][][2]float64
		cpu, limit float64
		effAuto    float64
	}{
		{"median of three rounds", map[string][][2]float64{Sequential: {{30, 12}, {31, 10}, {29, 11}}, MushAuto: {{8, 9}}}, 11, 5.65, 5.65 / 8},
		{"median of two rounds", map[string][][2]float64{Sequential: {{30, 10}, {30, 11}}, MushAuto: {{6, 9}}}, 10.5, 5.4, 5.4 / 6},
		{"the longest scenario dominates", map[string][][2]float64{Sequential: {{30, 0.6}}, MushAuto: {{1, 1}}}, 0.6, 0.65, 0.65},
		{"no sequential run", map[string][][2]float64{MushAuto: {{8, 9}}}, 0, 0, 0},
		{"no CPU measured", map[string][][2]float64{Sequential: {{30, 0}}, MushAuto: {{8, 9}}}, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Report{Machine: Machine{Cores: 2}, SetupS: 0.15, Corpora: map[string]*CorpusReport{}}
			r.add("mixed", corpusRuns(0.5, tc.runs))
			r.finish()
			c := r.Corpora["mixed"]
			auto := c.Contenders[MushAuto]
			if math.Abs(c.GodogCPUS-tc.cpu) > 1e-9 || math.Abs(c.GodogLimitS-tc.limit) > 1e-9 || math.Abs(auto.GodogEfficiency-tc.effAuto) > 1e-9 {
				t.Errorf("godog CPU %v, limit %v, auto efficiency %v; want %v %v %v",
					c.GodogCPUS, c.GodogLimitS, auto.GodogEfficiency, tc.cpu, tc.limit, tc.effAuto)
			}
			if auto.MachineEfficiency != 1.0/auto.MedianS {
				t.Errorf("machine efficiency %v, want %v", auto.MachineEfficiency, 1.0/auto.MedianS)
			}
			var b bytes.Buffer
			r.WriteTable(&b)
			out := b.String()
			missing := "mixed: no machine limit with godog's own CPU (sequential godog did not run or measured no CPU)"
			if tc.limit == 0 {
				if !strings.Contains(out, missing) || !strings.Contains(out, "machine limit with godog's own CPU: none") {
					t.Errorf("the table does not say the limit is missing:\n%s", out)
				}
				return
			}
			if strings.Contains(out, missing) || !strings.Contains(out, "machine limit with godog's own CPU (sequential godog: ") {
				t.Errorf("table:\n%s", out)
			}
		})
	}
}

// TestMachineLimitsNotTargets: the machine limits (issue 10's formula and
// the one with godog's own CPU) are figures, not targets: the 0.90 target
// of mush-auto against the latter is retired, as no runner built on godog
// can reach it (#22). A corpus without sequential godog has a note.
func TestMachineLimitsNotTargets(t *testing.T) {
	seq := [][2]float64{{20, 9.7}}
	r := &Report{Machine: Machine{Cores: 2}, SetupS: 0.15, Corpora: map[string]*CorpusReport{}}
	r.add("seed-shaped", corpusRuns(0.5, map[string][][2]float64{Sequential: seq, MushAuto: {{5 / 0.89, 1}}}))
	r.add("mixed", corpusRuns(0.5, map[string][][2]float64{MushAuto: {{5 / 0.91, 1}}}))
	r.finish()
	for _, tg := range r.Targets {
		if strings.Contains(tg.Name, "machine limit") {
			t.Errorf("a target against a machine limit: %+v", tg)
		}
	}
	if len(r.Notes) != 2 || r.Notes[0] != "mixed: no machine limit with godog's own CPU (sequential godog did not run or measured no CPU)" {
		t.Errorf("notes: %q", r.Notes)
	}
	var b bytes.Buffer
	r.WriteTable(&b)
	if s := "(machine limit (corpus work only) = setup + max(longest scenario, declared CPU work / cores), issue 10's formula: printed, not checked as a target, for it counts none of the CPU godog itself spends per scenario)"; !strings.Contains(b.String(), s) {
		t.Errorf("table lacks %q:\n%s", s, b.String())
	}
}

func TestMBOrNone(t *testing.T) {
	if got := orNone(0, "%.0f MB", "not measured"); got != "not measured" {
		t.Errorf("orNone(0) = %q", got)
	}
	if got := orNone(44.6, "%.0f MB", "not measured"); got != "45 MB" {
		t.Errorf("orNone(44.6) = %q", got)
	}
}

// TestTargetVerdict: a target is met when its whole range over the rounds
// meets it, missed when none of it does, undecided otherwise; a bound
// reached exactly meets it, and a figure of no median misses.
func TestTargetVerdict(t *testing.T) {
	for _, tc := range []struct {
		name   string
		v      Stats
		atMost bool
		want   string
	}{
		{"at most: the whole range below", Stats{0.9, 0.8, 1}, true, Met},
		{"at most: the whole range above", Stats{1.2, 1.01, 1.3}, true, Missed},
		{"at most: the median below, the range across", Stats{0.95, 0.9, 1.1}, true, Undecided},
		{"at most: the median above, the range across", Stats{1.05, 0.9, 1.1}, true, Undecided},
		{"at most: one round on the bound", point(1), true, Met},
		{"at least: the whole range above", Stats{2, 1.5, 2.5}, false, Met},
		{"at least: the whole range below", Stats{0.5, 0.4, 0.99}, false, Missed},
		{"at least: across", Stats{1.1, 0.9, 1.2}, false, Undecided},
		{"at least: one round on the bound", point(1), false, Met},
		{"no median", Stats{}, true, Missed},
	} {
		got := target("t", tc.v, tc.atMost, 1, "x")
		if got.Verdict != tc.want || got.Low != tc.v.MinS || got.High != tc.v.MaxS || got.Value != tc.v.MedianS {
			t.Errorf("%s: %+v, want %s", tc.name, got, tc.want)
		}
	}
	if got := target("t", point(2), false, 1.5, "x").Want; got != ">= 1.5x" {
		t.Errorf("want %q", got)
	}
}

// TestTargetsFromTheSpread: every target's range pairs one contender's
// best round with the other's worst, and the table prints each verdict.
func TestTargetsFromTheSpread(t *testing.T) {
	r := &Report{Machine: Machine{Cores: 2}, SetupS: 0.15, Corpora: map[string]*CorpusReport{}}
	r.add("cpu-bound", corpusRuns(0.5, map[string][][2]float64{
		GodogConcurrency: {{4.0, 1}, {4.2, 1}, {4.4, 1}},
		MushCold:         {{4.1, 1}, {4.3, 1}, {4.5, 1}},
		MushWarm:         {{3.9, 1}, {4.0, 1}, {4.1, 1}},
		MushAutoCold:     {{4.1, 1}, {4.3, 1}, {4.5, 1}},
		MushAuto:         {{3.0, 1}, {3.1, 1}, {3.2, 1}},
	}))
	r.add("shared", corpusRuns(0.5, map[string][][2]float64{
		Sequential:  {{10, 1}, {10.5, 1}, {11, 1}},
		MushProcess: {{7.5, 1}, {8, 1}, {8.5, 1}},
	}))
	r.finish()
	got := targetsByName(r)
	for _, tc := range []struct {
		name             string
		value, low, high float64
		verdict          string
	}{
		{"cpu-bound: mush default / godog-concurrency", round3(4.3 / 4.2), round3(4.1 / 4.4), round3(4.5 / 4.0), Undecided},
		{"cpu-bound: mush-auto / best fixed worker count", round3(3.1 / 4.0), round3(3.0 / 4.1), round3(3.2 / 3.9), Met},
		{"cpu-bound: mush-auto with history / without (3.10s / 4.30s)", round3(3.1 / 4.3), round3(3.0 / 4.5), round3(3.2 / 4.1), Met},
		{"shared: mush-process speed-up over sequential godog (10.50s / 8.00s)", round3(10.5 / 8), round3(10 / 8.5), round3(11 / 7.5), Missed},
	} {
		tg := got[tc.name]
		if tg.Value != tc.value || tg.Low != tc.low || tg.High != tc.high || tg.Verdict != tc.verdict {
			t.Errorf("%s: %+v, want %v (%v-%v) %s", tc.name, tg, tc.value, tc.low, tc.high, tc.verdict)
		}
	}
	var b bytes.Buffer
	r.WriteTable(&b)
	for _, s := range []string{"OVER THE ROUNDS", "undecided", "MISSED", "0.932-1.12"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("table lacks %q:\n%s", s, b.String())
		}
	}
}
