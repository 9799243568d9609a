package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/shard"
)

// TestShardFiles: a sharded run touches Bazel's status file when asked
// and writes its manifest in its reports directory; either one it cannot
// write is a misuse (exit 2) naming the variable behind it.
func TestShardFiles(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "a-file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	spec := shard.Spec{Index: 2, Total: 3}
	for _, tc := range []struct {
		name, status, reports string
		manifest              bool
		want                  string // the error's start, "" for none
	}{
		{"status file and manifest", filepath.Join(dir, "status"), filepath.Join(dir, "reports"), true, ""},
		{"no manifest", filepath.Join(dir, "status2"), filepath.Join(dir, "unused"), false, ""},
		{"status file in no directory", filepath.Join(dir, "missing", "status"), dir, true, "TEST_SHARD_STATUS_FILE="},
		{"reports directory is a file", "", blocker, true, "BDD_SHARD=2/3: cannot write the shard manifest in "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m *shard.Manifest
			if tc.manifest {
				keys := []string{"a.feature:3", "b.feature:3", "c.feature:3"}
				made := shard.NewManifest(spec, "BDD_SHARD", keys, nil, shard.Split(keys, nil, spec.Total))
				m = &made
			}
			set := config.Settings{ReportsDir: tc.reports, Shard: spec}
			err := shardFiles(set, m, func(k string) string {
				if k == BazelStatusVar {
					return tc.status
				}
				return ""
			})
			if tc.want != "" {
				if exitcode.Code(err) != exitcode.Misuse || !strings.HasPrefix(err.Error(), tc.want) {
					t.Fatalf("error %v (exit %d), want exit 2 starting %q", err, exitcode.Code(err), tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(tc.status); err != nil {
				t.Errorf("status file not touched: %v", err)
			}
			_, err = shard.ReadManifest(tc.reports)
			if tc.manifest && err != nil {
				t.Errorf("manifest: %v", err)
			}
			if !tc.manifest && err == nil {
				t.Errorf("a manifest was written without one")
			}
		})
	}
}
