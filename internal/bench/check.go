package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// CheckJSON reads a bench.json as a script would and checks its shape: the
// machine, the worker count, and for each named corpus a lower bound and
// every contender that runs on it (see Runs) with a positive median, min,
// max and peak RSS and its
// efficiency against the machine limit with godog's own CPU, and both
// machine limits (the sequential contender, always there, gives the
// second); and every target's verdict.
func CheckJSON(r io.Reader, corpora []Spec, workers int) error {
	var doc Report
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return fmt.Errorf("bench.json: %v", err)
	}
	if doc.Machine.Cores < 1 || !strings.HasPrefix(doc.Machine.Go, "go") || doc.Workers != workers {
		return fmt.Errorf("bench.json: machine %+v, workers %d (want %d)", doc.Machine, doc.Workers, workers)
	}
	for _, t := range doc.Targets {
		if t.Verdict != Met && t.Verdict != Missed && t.Verdict != Undecided {
			return fmt.Errorf("bench.json: target %q: verdict %q (want met, missed or undecided)", t.Name, t.Verdict)
		}
	}
	for _, spec := range corpora {
		name := spec.Name
		c, ok := doc.Corpora[name]
		if !ok || c.LowerBoundS <= 0 || c.MachineLimitS <= 0 {
			return fmt.Errorf("bench.json: corpus %s missing or without a lower bound and a machine limit", name)
		}
		if c.GodogCPUS <= 0 || c.GodogLimitS <= 0 {
			return fmt.Errorf("bench.json: corpus %s without godog_cpu_s and godog_limit_s (the machine limit with godog's own CPU)", name)
		}
		for _, who := range Contenders {
			if !Runs(who, spec) {
				continue
			}
			fig, ok := c.Contenders[who]
			if !ok {
				return fmt.Errorf("bench.json: %s has no contender %s", name, who)
			}
			for i, v := range []float64{fig.MedianS, fig.MinS, fig.MaxS, fig.PeakRSSMB, fig.GodogEfficiency} {
				if v <= 0 {
					k := []string{"median_s", "min_s", "max_s", "peak_rss_mb", "godog_efficiency"}[i]
					return fmt.Errorf("bench.json: %s/%s/%s = %g, want a positive number", name, who, k, v)
				}
			}
		}
	}
	return nil
}
