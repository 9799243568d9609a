package runner

import (
	"fmt"
	"os"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/shard"
)

// BazelStatusVar names the file a test runner that supports Bazel's test
// sharding touches, as Bazel's protocol asks.
const BazelStatusVar = "TEST_SHARD_STATUS_FILE"

// shardFiles writes what a sharded run leaves for others: the shard's
// manifest in its reports directory (the merge checks the shards against
// it), and the file a test runner that supports Bazel's sharding touches.
func shardFiles(set config.Settings, m *shard.Manifest, getenv func(string) string) error {
	if path := getenv(BazelStatusVar); path != "" {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			err = f.Close()
		}
		if err != nil {
			return exitcode.Misusef("%s=%q: cannot touch it: %w", BazelStatusVar, path, err)
		}
	}
	if m == nil {
		return nil
	}
	if err := m.Write(set.ReportsDir); err != nil {
		return exitcode.Misusef("BDD_SHARD=%s: cannot write the shard manifest in %s: %w", set.Shard, set.ReportsDir, err)
	}
	return nil
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
