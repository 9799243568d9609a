package bench

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/schedule"
)

// workHistory is a corpus's timing history as mush would record it if
// every scenario took exactly its generated work.
func workHistory(t *testing.T, spec Spec) schedule.History {
	t.Helper()
	c, err := Generate(spec, DefaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	h := schedule.History{}
	for _, sc := range c.Scenarios {
		h.Record(sc.File+":"+strconv.Itoa(sc.Line), sc.CPU+sc.Wait)
	}
	return h
}

func TestShardBalanceOfTheCorpora(t *testing.T) {
	for _, spec := range DefaultCorpora(false) {
		if spec.Name != "skewed" && spec.Name != "seed-shaped" {
			continue
		}
		b := Balance(workHistory(t, spec), BalanceShards, 8, DefaultSetup)
		t.Logf("%s: %s", spec.Name, b)
		if b.Scenarios != spec.Scenarios || len(b.WithHistoryS) != 4 || len(b.NoHistoryS) != 4 {
			t.Fatalf("%s: %+v", spec.Name, b)
		}
		if b.WithHistory > 1.10 || b.WithHistory < 1 {
			t.Errorf("%s: busiest/mean with history %.3f, want 1 to 1.10", spec.Name, b.WithHistory)
		}
		if b.NoHistory < b.WithHistory {
			t.Errorf("%s: the hash split (%.3f) beat the history's (%.3f)", spec.Name, b.NoHistory, b.WithHistory)
		}
	}
}

func TestShardBalanceInTheReport(t *testing.T) {
	state := t.TempDir()
	if err := workHistory(t, DefaultCorpora(true)[2]).Save(filepath.Join(state, "timings.json"), nil, schedule.Last{}); err != nil {
		t.Fatal(err)
	}
	s := &session{cfg: Config{Workers: 8, Setup: DefaultSetup}, corpus: Corpus{Spec: Spec{Name: "skewed"}}, state: state}
	b := s.shardBalance()
	if b == nil || b.Scenarios != 100 {
		t.Fatalf("balance %+v", b)
	}
	if other := (&session{corpus: Corpus{Spec: Spec{Name: "scale"}}, state: state}).shardBalance(); other != nil {
		t.Errorf("scale has no balance figure, got %+v", other)
	}
	if none := (&session{corpus: Corpus{Spec: Spec{Name: "skewed"}}, state: t.TempDir()}).shardBalance(); none != nil {
		t.Errorf("no history, no balance: %+v", none)
	}
	r := &Report{Order: []string{"skewed"}, Corpora: map[string]*CorpusReport{"skewed": {Shards: b, Contenders: map[string]*ContenderReport{}}},
		Date: time.Now().String()}
	targets := r.targets()
	// The quick skewed corpus has 3 long scenarios for 4 shards: the shard
	// without one cannot catch up, and the target is missed, as it should.
	if len(targets) != 1 || targets[0].Name != "skewed: busiest of 4 shards / mean, with history" ||
		(targets[0].Verdict == Met) != (targets[0].Value <= 1.10) || targets[0].Verdict == Undecided || targets[0].Value != b.WithHistory {
		t.Errorf("targets %+v", targets)
	}
	r.Targets = targets
	var out bytes.Buffer
	r.WriteTable(&out)
	if !strings.Contains(out.String(), "4 shards (computed from measured times): busiest/mean ") {
		t.Errorf("table lacks the shard balance:\n%s", out.String())
	}
	if busiestOverMean([]float64{0, 0}) != 0 {
		t.Error("no time at all has no ratio")
	}
}
