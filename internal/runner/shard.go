package runner

import (
	"fmt"
	"os"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/shard"
)

// BazelStatusVar names the file a test runner that supports Bazel's test
// sharding touches, as Bazel's protocol asks.
const BazelStatusVar = "TEST_SHARD_STATUS_FILE"

// pickShard keeps the scenarios of set.Shard out of found (the whole
// selection), split by the timing history, and writes the shard's manifest
// into its reports directory. Scenarios keep their order over the whole
// selection, so the shards' reports merge back in file order.
func pickShard(set config.Settings, found []discover.Scenario, h schedule.History, getenv func(string) string) ([]discover.Scenario, error) {
	if f := getenv(BazelStatusVar); f != "" {
		if err := touch(f); err != nil {
			return nil, exitcode.Misusef("%s=%q: cannot touch it: %v", BazelStatusVar, f, err)
		}
	}
	if !set.Shard.Sharded() {
		return found, nil
	}
	keys := make([]string, len(found))
	for i, sc := range found {
		keys[i] = sc.Location()
	}
	assign := shard.Split(keys, h, set.Shard.Total)
	m := shard.NewManifest(set.Shard, set.ShardFrom, keys, h, assign)
	if err := m.Write(set.ReportsDir); err != nil {
		return nil, exitcode.Misusef("BDD_SHARD=%s: cannot write the shard manifest in %s: %v", set.Shard, set.ReportsDir, err)
	}
	var mine []discover.Scenario
	for _, i := range shard.Select(assign, set.Shard) {
		mine = append(mine, found[i])
	}
	return mine, nil
}

// shardLine is the summary's line about the shard: which one, where it
// came from, and its part of the selection.
func shardLine(set config.Settings, mine, selected int) string {
	if !set.Shard.Sharded() {
		return ""
	}
	return fmt.Sprintf("%s (%s), %d of %d selected scenarios; merge the shards with go tool mage mergeReports",
		set.Shard, set.ShardFrom, mine, selected)
}

func touch(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}
