package merge

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/mushbdd/mush/internal/atomicfile"
	"github.com/mushbdd/mush/internal/shard"
)

// Coverage is what the shards of a coverageReport left for one coverage
// merge: every shard's GOCOVERDIR data and the go test profile and exit
// code of the one shard that ran go test.
type Coverage struct {
	Covdirs   []string
	Profile   string
	TestsExit int
}

// Coverage finds the shards' coverage data. No shard with any is no
// coverage (false, nil); some shards with data and others without, or no
// go test profile, are an exitcode.Incomplete error naming them: merged,
// they would give a total that no single run gives.
func (s Set) Coverage() (Coverage, bool, error) {
	var (
		c         Coverage
		p         problems
		without   []string
		first     []string // the first shard's meta-data files
		firstName string
	)
	for _, sh := range s.Shards {
		dir := filepath.Join(sh.Dir, shard.CovdataDir)
		switch meta := metaFiles(dir); {
		case len(meta) == 0:
			without = append(without, sh.Manifest.Shard)
		case first == nil:
			first, firstName = meta, sh.Manifest.Shard
			c.Covdirs = append(c.Covdirs, dir)
		default:
			if !slices.Equal(meta, first) {
				p.add("shard %s's coverage data comes from another build than shard %s's (their covmeta files differ): run every shard on the same commit",
					sh.Manifest.Shard, firstName)
			}
			c.Covdirs = append(c.Covdirs, dir)
		}
		prof := filepath.Join(sh.Dir, shard.GoTestProfile)
		if _, err := os.Stat(prof); err == nil {
			if c.Profile != "" {
				p.add("go test ran in two shards: %s and %s", c.Profile, prof)
			}
			c.Profile = prof
			c.TestsExit = readExit(filepath.Join(sh.Dir, shard.GoTestExit))
		}
	}
	if len(c.Covdirs) == 0 {
		return c, false, nil
	}
	if len(without) > 0 {
		which := "shard " + without[0] + " has"
		if len(without) > 1 {
			which = "shards " + strings.Join(without, ", ") + " have"
		}
		p.add("%s no coverage data (%s/) while the others do: run every shard with coverageReport, or none",
			which, shard.CovdataDir)
	}
	if c.Profile == "" {
		p.add("no shard left go test's coverage profile (%s): shard 1/%d runs go test under coverageReport; did it finish?",
			shard.GoTestProfile, s.Shards[0].Manifest.Total)
	}
	return c, true, p.err()
}

// metaFiles lists the GOCOVERDIR meta-data files in dir, sorted: their
// names carry the hash of the instrumented build's meta-data, the same for
// every shard built from the same sources with the same flags.
func metaFiles(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "covmeta.") {
			out = append(out, e.Name())
		}
	}
	slices.Sort(out)
	return out
}

// readExit reads go test's exit code; a missing or unreadable file counts
// as a failure, never as a pass.
func readExit(path string) int {
	b, err := atomicfile.ReadFile(path, 64)
	n, nerr := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || nerr != nil {
		return 1
	}
	return n
}
