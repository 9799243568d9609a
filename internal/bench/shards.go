package bench

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/shard"
)

// BalanceShards is the shard count of the balance figures.
const BalanceShards = 4

// balanceCorpora are the corpora whose shard balance is reported and held
// to the target (busiest shard at most 1.10 times the mean, with history).
var balanceCorpora = []string{"seed-shaped", "skewed"}

// ShardBalance is how evenly a corpus splits over CI shards (package
// shard), with and without a timing history. It is computed, not run: each
// scenario's duration is the one mush measured on this corpus in the
// benchmark's rounds (its timing history), a shard's time is the suite
// setup plus its scenarios run longest first on the benchmark's workers,
// and the split is the one the shards would compute: from that history,
// or from none (every scenario new, spread by hash).
type ShardBalance struct {
	Shards    int `json:"shards"`
	Scenarios int `json:"scenarios"`
	// Shard times in seconds, shard 1 first, and the busiest over the mean.
	WithHistoryS    []float64 `json:"with_history_shard_s"`
	NoHistoryS      []float64 `json:"no_history_shard_s"`
	WithHistory     float64   `json:"with_history_busiest_over_mean"`
	NoHistory       float64   `json:"no_history_busiest_over_mean"`
	LongestScenario float64   `json:"longest_scenario_s"`
}

// shardBalance computes the balance of the corpus from the timing history
// its mush runs left, or nil when there is none (or the corpus is not one
// of balanceCorpora).
func (s *session) shardBalance() *ShardBalance {
	if !slices.Contains(balanceCorpora, s.corpus.Spec.Name) {
		return nil
	}
	h, err := schedule.LoadHistory(filepath.Join(s.state, "timings.json"))
	if err != nil || len(h) == 0 {
		return nil
	}
	return Balance(h, BalanceShards, s.cfg.Workers, s.cfg.Setup)
}

// Balance splits the scenarios of h over n shards, once with h as the
// timing history and once with none, and times each shard with h's
// durations.
func Balance(h schedule.History, n, workers int, setup time.Duration) *ShardBalance {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b := &ShardBalance{Shards: n, Scenarios: len(keys)}
	times := func(assign []int) []float64 {
		per := make([][]float64, n)
		for i, k := range keys {
			per[assign[i]-1] = append(per[assign[i]-1], h[k])
			b.LongestScenario = max(b.LongestScenario, h[k])
		}
		out := make([]float64, n)
		for i := range per {
			out[i] = round3(setup.Seconds() + shard.Makespan(per[i], workers))
		}
		return out
	}
	b.WithHistoryS = times(shard.Split(keys, h, n))
	b.NoHistoryS = times(shard.Split(keys, nil, n))
	b.WithHistory, b.NoHistory = busiestOverMean(b.WithHistoryS), busiestOverMean(b.NoHistoryS)
	return b
}

func busiestOverMean(t []float64) float64 {
	sum := 0.0
	for _, x := range t {
		sum += x
	}
	if sum == 0 {
		return 0
	}
	return math.Round(slices.Max(t)/(sum/float64(len(t)))*1000) / 1000
}

// String is the balance's line under its corpus in the benchmark table.
func (b *ShardBalance) String() string {
	return fmt.Sprintf("%d shards (computed from measured times): busiest/mean %.2f with history %s, %.2f without %s",
		b.Shards, b.WithHistory, shardSecs(b.WithHistoryS), b.NoHistory, shardSecs(b.NoHistoryS))
}

func shardSecs(t []float64) string {
	s := make([]string, len(t))
	for i, x := range t {
		s[i] = fmt.Sprintf("%.2f", x)
	}
	return "(" + strings.Join(s, " ") + "s)"
}
