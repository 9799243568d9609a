package discover

import (
	"cmp"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/adapt"
	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/shard"
	"github.com/mushbdd/mush/internal/tagexpr"
)

// Plan is what one run runs and in what order: the outcome of Select.
type Plan struct {
	// Scenarios are the run's scenarios (its shard's part when sharded) in
	// file order; Keys their locations; Order their positions in the order
	// they start.
	Scenarios []Scenario
	Keys      []string
	Order     []int
	// Selected counts the scenarios the paths, tags and filter select,
	// before the shard split.
	Selected int
	// Seed is the shuffle seed, 0 for the history's longest-first order.
	Seed int64
	// History and CPU are the timing history the order and the split came
	// from.
	History schedule.History
	CPU     schedule.CPU
	// Manifest describes the shard (nil when the run is not sharded): the
	// runner writes it next to its reports for the merge.
	Manifest *shard.Manifest
	// Warnings do not stop the run: a feature file that looks wrong, a
	// timing history that cannot be read.
	Warnings []string
}

// SelectOptions are what a caller of Select adds to the settings.
type SelectOptions struct {
	// Filter, when set, is given every scenario of the feature files the
	// paths reach, whatever their lines and tags select (mush.Test names
	// its subtests from them), and returns the test that keeps a selected
	// scenario (mush.Test's -run and -skip); nil keeps every one.
	Filter func(every []Scenario) func(Scenario) bool
	// Shard splits the selection by the settings' shard and keeps this
	// shard's part (a supervised runner's later attempts run exactly the
	// paths they are given, already split).
	Shard bool
	// Root, when set, is the directory relative paths and the timing
	// history are read from, and locations are relative to it (shardPlan
	// runs where Mage runs); empty is the working directory.
	Root string
	// Now is the clock a random seed is read from (time.Now when nil).
	Now func() time.Time
}

// Select is the one selection step of every run (the feature runner,
// mush.Test, shardPlan): it parses the feature files once, selects by
// line and tag, applies the caller's filter, splits off the shard, and
// orders the scenarios from the timing history (longest first, computing
// and waiting scenarios interleaved) or by the seed. Bad paths, a bad tag
// expression or tags that select nothing are a misuse error. A filter
// that keeps nothing gives a plan with no scenario.
func Select(set config.Settings, o SelectOptions) (Plan, error) {
	var p Plan
	if _, err := tagexpr.Parse(set.Tags); err != nil {
		return p, exitcode.Misusef("BDD_TAGS: %w", err)
	}
	named := set.Paths
	if len(named) == 0 {
		named = []string{DefaultPath}
	}
	paths := make([]string, len(named))
	for i, path := range named {
		paths[i] = under(o.Root, path)
	}
	found, every, warnings, err := findAll(osSystem, Options{Paths: paths, Tags: set.Tags, Every: o.Filter != nil})
	p.Warnings = warnings
	if err != nil {
		return p, exitcode.Misusef("%w", err)
	}
	if len(found) == 0 {
		return p, exitcode.Misusef("BDD_TAGS=%q selects no scenario in %s (accepted: an expression that matches at least one scenario)",
			set.Tags, strings.Join(named, ", "))
	}
	// Once a file, not once a scenario: Shown reads the working directory.
	shown := map[string]string{}
	show := func(file string) string {
		s, ok := shown[file]
		if !ok {
			s = config.Shown(o.Root, file)
			shown[file] = s
		}
		return s
	}
	for i := range every {
		every[i].File = show(every[i].File)
	}
	for i := range found {
		found[i].File = show(found[i].File)
		found[i].Serial = slices.Contains(found[i].Tags, set.SerialTag)
	}
	if o.Filter != nil {
		if keep := o.Filter(every); keep != nil {
			found = slices.DeleteFunc(found, func(sc Scenario) bool { return !keep(sc) })
		}
	}
	var herr error
	p.History, p.CPU, _, herr = schedule.Load(under(o.Root, set.Timings))
	if atomicfile.IsRefused(herr) {
		return p, exitcode.Misusef("BDD_TIMINGS: %w", herr)
	}
	if herr != nil {
		p.Warnings = append(p.Warnings, herr.Error())
	}
	p.Selected = len(found)
	keys := locations(found)
	if o.Shard && set.Shard.Sharded() {
		assign := shard.Split(keys, p.History, set.Shard.Total)
		m := shard.NewManifest(set.Shard, set.ShardFrom, keys, p.History, assign)
		p.Manifest = &m
		var mine []Scenario
		for _, i := range shard.Select(assign, set.Shard) {
			mine = append(mine, found[i])
		}
		found, keys = mine, locations(mine)
	}
	p.Scenarios, p.Keys = found, keys
	p.Seed = set.Seed
	if set.RandomSeed {
		now := time.Now
		if o.Now != nil {
			now = o.Now
		}
		p.Seed = now().UnixNano()%1_000_000_000 + 1
	}
	h := p.History
	if set.FileOrder {
		h = nil
	}
	p.Order = schedule.Order(keys, h, p.Seed)
	if p.Seed == 0 && !set.FileOrder {
		workers := cmp.Or(set.Workers, adapt.Start(runtime.GOMAXPROCS(0), set.MaxWorkers))
		p.Order = schedule.Interleave(p.Order, keys, p.History, p.CPU, workers)
	}
	return p, nil
}

// locations are the scenarios' keys in the timing history.
func locations(scenarios []Scenario) []string {
	keys := make([]string, len(scenarios))
	for i, sc := range scenarios {
		keys[i] = sc.Location()
	}
	return keys
}

// under is path read from root: as given when the working directory is
// root (messages show paths as the user wrote them), else absolute.
func under(root, path string) string {
	if wd, _ := os.Getwd(); !filepath.IsAbs(path) && wd != "" && sameDir(wd, root) {
		return path
	}
	return config.Under(root, path)
}

// sameDir tells whether a and b name the same directory.
func sameDir(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}
