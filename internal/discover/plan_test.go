package discover

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/shard"
)

// Select is the one selection step: lines and tags, the caller's filter,
// the shard, the order; every file parsed once.
func TestSelect(t *testing.T) {
	const a, b = "testdata/basic/a.feature", "testdata/basic/sub/b.feature"
	timings := filepath.Join(t.TempDir(), "timings.json")
	if err := os.WriteFile(timings, []byte(`{"`+a+`:36": 9, "`+b+`:2": 5}`), 0o644); err != nil {
		t.Fatal(err)
	}
	set := func(paths []string, tags string) config.Settings {
		return config.Settings{Paths: paths, Tags: tags, Timings: timings}
	}
	all := []string{a + ":10", a + ":27", a + ":28", a + ":33", a + ":36", b + ":2"}
	for _, tc := range []struct {
		name  string
		set   config.Settings
		o     SelectOptions
		keys  []string // in file order
		order []string // in run order
		err   string
	}{
		{"longest first, unknown ones first in file order", set([]string{"testdata/basic"}, ""), SelectOptions{},
			all, []string{a + ":10", a + ":27", a + ":28", a + ":33", a + ":36", b + ":2"}, ""},
		{"lines and tags", set([]string{a + ":21", b}, "~@large"), SelectOptions{},
			[]string{a + ":27", a + ":28", b + ":2"}, nil, ""},
		{"a filter given every scenario of the files reached", set([]string{a + ":36"}, ""), SelectOptions{
			Filter: func(every []Scenario) func(Scenario) bool {
				if len(every) != 5 || every[0].Content != nil {
					t.Errorf("every: %d scenarios", len(every))
				}
				return func(sc Scenario) bool { return sc.Name == "last" }
			}}, []string{a + ":36"}, nil, ""},
		{"a filter that keeps none", set([]string{"testdata/basic"}, ""), SelectOptions{
			Filter: func([]Scenario) func(Scenario) bool { return func(Scenario) bool { return false } }}, nil, nil, ""},
		{"tags that select nothing", set([]string{"testdata/basic"}, "@none"), SelectOptions{}, nil, nil,
			`BDD_TAGS="@none" selects no scenario in testdata/basic`},
		{"a bad tag expression", set([]string{"testdata/basic"}, "@a &&"), SelectOptions{}, nil, nil, "BDD_TAGS: "},
		{"a bad path", set([]string{"testdata/nowhere"}, ""), SelectOptions{}, nil, nil, `path "testdata/nowhere" does not exist`},
		{"from a root, locations relative to it", set([]string{"basic/sub"}, ""), SelectOptions{Root: "testdata"},
			[]string{"basic/sub/b.feature:2"}, nil, ""},
		{"from a root, its features by default", set(nil, ""), SelectOptions{Root: "testdata"},
			nil, nil, `path "testdata/features" does not exist`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.o.Root != "" {
				tc.set.Timings = filepath.Base(timings)
			}
			p, err := Select(tc.set, tc.o)
			if tc.err != "" {
				if exitcode.Code(err) != exitcode.Misuse || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want exit 2 with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Keys, tc.keys) || p.Selected != len(tc.keys) || len(p.Scenarios) != len(tc.keys) || len(p.Order) != len(tc.keys) {
				t.Errorf("keys %q (selected %d), want %q", p.Keys, p.Selected, tc.keys)
			}
			if tc.order != nil {
				var got []string
				for _, i := range p.Order {
					got = append(got, p.Keys[i])
				}
				if !slices.Equal(got, tc.order) {
					t.Errorf("order %q, want %q", got, tc.order)
				}
			}
		})
	}
}

func TestSelectShardAndSeed(t *testing.T) {
	s := config.Settings{Paths: []string{"testdata/basic"}, Timings: filepath.Join(t.TempDir(), "none.json"),
		Shard: shard.Spec{Index: 2, Total: 2}, ShardFrom: "BDD_SHARD"}
	whole, err := Select(s, SelectOptions{})
	if err != nil || whole.Manifest != nil || len(whole.Scenarios) != 6 {
		t.Fatalf("not asked to shard: %d scenarios, manifest %v, %v", len(whole.Scenarios), whole.Manifest, err)
	}
	p, err := Select(s, SelectOptions{Shard: true})
	if err != nil || p.Manifest == nil {
		t.Fatalf("shard 2/2: manifest %+v, %v", p.Manifest, err)
	}
	var mine []string // the manifest's scenarios assigned to shard 2
	for _, i := range shard.Select(p.Manifest.Assign, s.Shard) {
		mine = append(mine, p.Manifest.Scenarios[i])
	}
	if p.Selected != 6 || !slices.Equal(mine, p.Keys) || len(p.Keys) >= 6 {
		t.Fatalf("shard 2/2: keys %q, selected %d, manifest %+v", p.Keys, p.Selected, p.Manifest)
	}
	s.Shard, s.RandomSeed = shard.Spec{}, true
	p, err = Select(s, SelectOptions{Now: func() time.Time { return time.Unix(0, 41) }})
	if err != nil || p.Seed != 42 {
		t.Fatalf("random seed %d, %v", p.Seed, err)
	}
	if p, err = Select(s, SelectOptions{}); err != nil || p.Seed < 1 || p.Seed > 1_000_000_000 {
		t.Fatalf("random seed from the clock %d, %v", p.Seed, err)
	}
}

// BDD_ORDER=file keeps file order whatever the timing history says.
func TestSelectInFileOrder(t *testing.T) {
	const a = "testdata/basic/a.feature"
	timings := filepath.Join(t.TempDir(), "timings.json")
	if err := (schedule.History{a + ":36": 9, a + ":28": 5}).Save(timings, nil, schedule.Last{}); err != nil {
		t.Fatal(err)
	}
	for _, fileOrder := range []bool{false, true} {
		p, err := Select(config.Settings{Paths: []string{a}, Timings: timings, FileOrder: fileOrder}, SelectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if inFileOrder := slices.IsSorted(p.Order); inFileOrder != fileOrder {
			t.Errorf("FileOrder %v: order %v", fileOrder, p.Order)
		}
	}
}
