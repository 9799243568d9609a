package merge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/shard"
)

// TestCoverageOfShards: the coverage a merge finds in the shards'
// directories. go test's exit code counts as a failure when its file is
// missing or unreadable, never as a pass; two shards that ran go test, or
// shards without data beside shards with it, are refused, each named.
func TestCoverageOfShards(t *testing.T) {
	type dir struct {
		covdata  bool   // a covmeta file in covdata/
		profile  bool   // gotest.out
		exitFile string // gotest.exit's content, "" for none
	}
	for _, tc := range []struct {
		name    string
		shards  []dir
		present bool
		exit    int
		err     string // "" for none
	}{
		{"none with data", []dir{{}, {}}, false, 0, ""},
		{"go test passed", []dir{{true, true, "0\n"}, {true, false, ""}}, true, 0, ""},
		{"go test failed", []dir{{true, true, "1\n"}, {true, false, ""}}, true, 1, ""},
		{"no exit code", []dir{{true, true, ""}, {true, false, ""}}, true, 1, ""},
		{"an exit code that is no number", []dir{{true, true, "ok\n"}, {true, false, ""}}, true, 1, ""},
		{"go test in two shards", []dir{{true, true, "0\n"}, {true, true, "0\n"}}, true, 0, "go test ran in two shards: "},
		{"two shards without data", []dir{{true, true, "0\n"}, {}, {}}, true, 0,
			"shards 2/3, 3/3 have no coverage data (covdata/) while the others do"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var set Set
			for i, d := range tc.shards {
				spec := shard.Spec{Index: i + 1, Total: len(tc.shards)}
				sh := Shard{Dir: filepath.Join(t.TempDir(), spec.Dir()), Manifest: shard.Manifest{Shard: spec.String(), Index: spec.Index, Total: spec.Total}}
				write := func(name, content string) {
					path := filepath.Join(sh.Dir, name)
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				if d.covdata {
					write(filepath.Join(shard.CovdataDir, "covmeta.0123456789abcdef"), "meta")
				}
				if d.profile {
					write(shard.GoTestProfile, "mode: atomic\n")
				}
				if d.exitFile != "" {
					write(shard.GoTestExit, d.exitFile)
				}
				set.Shards = append(set.Shards, sh)
			}
			c, present, err := set.Coverage()
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("error %v, want none", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || exitcode.Code(err) != exitcode.Incomplete):
				t.Fatalf("error %v (exit %d), want exit 6 containing %q", err, exitcode.Code(err), tc.err)
			}
			if present != tc.present {
				t.Errorf("present = %v, want %v", present, tc.present)
			}
			if present && c.TestsExit != tc.exit {
				t.Errorf("go test's exit code = %d, want %d", c.TestsExit, tc.exit)
			}
		})
	}
}
