package shard

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/view"
)

// MinGain is the share of predicted wall time a larger shard count must
// save over the previous one to be worth its jobs: below it, adding shards
// stops paying.
const MinGain = 0.10

// Prediction is the predicted run of the suite over Shards shards.
type Prediction struct {
	Shards int
	// Wall is the predicted wall time of the whole run in seconds: the
	// busiest shard's setup plus its scenarios run longest first on its
	// workers.
	Wall float64
	// Busiest is the shard with the most scenario time; Share is its part
	// of the whole suite's scenario time (1/Shards when perfectly even).
	Busiest int
	Share   float64
	// Balance is the busiest shard's scenario time over the mean shard's.
	Balance float64
}

// PlanInput is what a shard plan is computed from.
type PlanInput struct {
	Keys    []string           // the selected scenarios
	History map[string]float64 // recorded seconds per scenario
	Counts  []int              // shard counts to predict, ascending
	Workers int                // workers per shard (BDD_WORKERS)
	Setup   float64            // fixed seconds per shard: job start, build, suite setup
}

// Predict computes each shard count's prediction with the same Split the
// shards will use. Scenarios the history does not know count at the mean
// known duration.
func Predict(in PlanInput) []Prediction {
	var out []Prediction
	ds, _, _ := durations(in.Keys, in.History)
	for _, n := range in.Counts {
		assign := Split(in.Keys, in.History, n)
		per, load := make([][]float64, n), make([]float64, n)
		for i, d := range ds {
			per[assign[i]-1] = append(per[assign[i]-1], d)
			load[assign[i]-1] += d
		}
		p := Prediction{Shards: n}
		total := 0.0
		for s := range n {
			total += load[s]
			p.Wall = max(p.Wall, in.Setup+Makespan(per[s], in.Workers))
			if load[s] > load[p.Busiest] {
				p.Busiest = s
			}
		}
		if total > 0 {
			p.Share = load[p.Busiest] / total
			p.Balance = load[p.Busiest] / (total / float64(n))
		}
		p.Busiest++
		out = append(out, p)
	}
	return out
}

// Makespan is the time workers take to run durations longest first, each
// worker taking the next one as soon as it is free (schedule.HandOut).
func Makespan(durations []float64, workers int) float64 {
	d := slices.Clone(durations)
	slices.SortFunc(d, func(a, b float64) int { return cmp.Compare(b, a) })
	_, last := schedule.HandOut(d, workers)
	return last
}

// StopsPaying is the index in preds of the last count worth its shards:
// the next one saves less than MinGain of its wall time (or there is no
// next one).
func StopsPaying(preds []Prediction) int {
	for i := 0; i+1 < len(preds); i++ {
		if preds[i].Wall <= 0 || (preds[i].Wall-preds[i+1].Wall)/preds[i].Wall < MinGain {
			return i
		}
	}
	return len(preds) - 1
}

// WritePlan prints the predictions (at least one) as a table, then the
// floor and the count after which more shards stop paying.
func WritePlan(w io.Writer, in PlanInput, preds []Prediction) error {
	ds, mean, known := durations(in.Keys, in.History)
	longest, total := 0.0, 0.0
	for _, d := range ds {
		longest, total = max(longest, d), total+d
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d scenarios, %d known to the timing history (%s of scenario time); %s per shard, %s setup per shard\n",
		len(in.Keys), known, secs(total), view.Plural(in.Workers, "worker"), secs(in.Setup))
	if unknown := len(in.Keys) - known; unknown > 0 {
		fmt.Fprintf(&b, "%d scenarios the history does not know are counted at the mean, %s, and split by hash\n", unknown, secs(mean))
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	first := preds[0] // Counts are never empty (MUSH_SHARDS)
	fmt.Fprintf(tw, "shards\tpredicted wall\tvs %d\tbusiest shard\tits share\tbusiest/mean\tmachine time\t\n", first.Shards)
	for _, p := range preds {
		speed := "-"
		if p.Wall > 0 {
			speed = fmt.Sprintf("%.2fx", first.Wall/p.Wall)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%.1f%%\t%.2f\t%s\t\n", p.Shards, secs(p.Wall), speed,
			p.Busiest, p.Shards, 100*p.Share, p.Balance, secs(p.Wall*float64(p.Shards)))
	}
	tw.Flush()
	fmt.Fprintf(&b, "\nfloor: %s = setup %s + longest scenario %s; no shard count runs faster\n",
		secs(in.Setup+longest), secs(in.Setup), secs(longest))
	if i := StopsPaying(preds); i+1 < len(preds) {
		next := preds[i+1]
		fmt.Fprintf(&b, "stops paying after %s: %d save %s of %s (%.0f%%, less than %.0f%%)\n",
			view.Plural(preds[i].Shards, "shard"), next.Shards, secs(preds[i].Wall-next.Wall), secs(preds[i].Wall),
			100*(preds[i].Wall-next.Wall)/max(preds[i].Wall, 1e-9), 100*MinGain)
	} else {
		fmt.Fprintf(&b, "still paying at %s: try larger counts\n", view.Plural(preds[i].Shards, "shard"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func secs(s float64) string {
	d := time.Duration(s * float64(time.Second))
	if d >= time.Minute {
		return d.Round(time.Second).String()
	}
	return fmt.Sprintf("%.2fs", s)
}
