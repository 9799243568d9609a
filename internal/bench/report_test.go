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

func sec(s float64) time.Duration { return time.Duration(s * 1e9) }

func TestTargets(t *testing.T) {
	all := map[string]float64{Subprocess: 120, Sequential: 40, GodogConcurrency: 6, MushCold: 5.5, MushWarm: 5, MushCoverage: 6}
	r := &Report{Corpora: map[string]*CorpusReport{}}
	r.add("seed-shaped", corpusWith(4.9, all))
	r.add("cpu-bound", corpusWith(2, map[string]float64{Sequential: 4, GodogConcurrency: 2.1, MushCold: 2.1, MushWarm: 2.3}))
	r.add("skewed", corpusWith(2, map[string]float64{GodogConcurrency: 3, MushCold: 3, MushWarm: 2.1}))
	scale := corpusWith(0.15, map[string]float64{Sequential: 10.15, GodogConcurrency: 9, MushCold: 9, MushWarm: 11.15})
	scale.CPUS, scale.setup = 0, sec(0.15)
	scale.Growth = []GrowthPoint{{Scenarios: 25, PeakRSSMB: 4}}
	r.add("scale", scale)
	r.add("other", corpusWith(1, map[string]float64{MushCold: 1})) // no godog-concurrency: no target
	r.finish()

	got := map[string]Target{}
	for _, tg := range r.Targets {
		got[tg.Name] = tg
	}
	for _, tc := range []struct {
		name  string
		value float64
		met   bool
	}{
		{"seed-shaped: mush speed-up over subprocess per feature", 21.818, true},
		{"seed-shaped: mush speed-up over sequential godog", 7.273, true},
		{"seed-shaped: coverage run / plain run (mush-warm)", 1.2, true},
		{"cpu-bound: mush speed-up over sequential godog", 1.739, false},
		{"skewed: mush-warm / lower bound", 1.05, true},
		{"seed-shaped: slower mush run / godog-concurrency", 0.917, true},
		{"cpu-bound: slower mush run / godog-concurrency", 1.095, false},
		{"skewed: slower mush run / godog-concurrency", 1, true},
		{"scale: slower mush run / godog-concurrency", 1.239, false},
		{"scale: mush overhead per scenario / sequential godog's", 1.1, true},
		{"scale: mush peak RSS", 10, true},
		{"scale: mush peak RSS / proportional growth from the first probe", 0.625, true},
	} {
		tg, ok := got[tc.name]
		if !ok {
			t.Errorf("no target %q", tc.name)
			continue
		}
		if tg.Value != tc.value || tg.Met != tc.met {
			t.Errorf("%s: value %v met %v, want %v %v", tc.name, tg.Value, tg.Met, tc.value, tc.met)
		}
	}
	if len(r.Targets) != 12 {
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
	if times(0) != "-" || times(2.5) != "2.50x" || secs(1.234) != "1.23s" {
		t.Error("formatting")
	}
}
