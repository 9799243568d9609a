package targets

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/runner"
)

func TestMergeReportsTarget(t *testing.T) {
	root := t.TempDir()
	features, _ := filepath.Abs("../fixtures/testdata/passing.feature")
	for _, s := range []string{"1/2", "2/2"} {
		env := map[string]string{
			"BDD_SHARD": s, "BDD_PATHS": features, "BDD_WORKERS": "2",
			"BDD_REPORTS_DIR": filepath.Join(root, "build", "shards", strings.Replace(s, "/", "-of-", 1)),
			"BDD_TIMINGS":     filepath.Join(root, "timings.json"),
		}
		var out bytes.Buffer
		if code := runner.Run(context.Background(), fixtures.Suite(&fixtures.Recorder{}), runner.Env{
			Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &out,
		}); code != 0 {
			t.Fatalf("shard %s: exit %d\n%s", s, code, out.String())
		}
	}
	var out, errOut bytes.Buffer
	p := Project{Root: root, Stdout: &out, Stderr: &errOut}
	env := map[string]string{"BDD_NO_COLOR": "1"}
	if err := mergeReports(p, func(k string) string { return env[k] }); err != nil {
		t.Fatalf("merge: %v\n%s", err, errOut.String())
	}
	if !strings.HasSuffix(out.String(), "\n5 passed, 0 failed\n") || !strings.Contains(out.String(), "2 shards merged from build/shards/*") {
		t.Errorf("merged summary:\n%s", out.String())
	}
	for _, f := range []string{"build/reports/junit.xml", "build/reports/results.json", "build/cache/timings.json"} {
		if _, err := filepath.Glob(filepath.Join(root, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	env["MUSH_MERGE_FROM"] = "elsewhere/*"
	if err := mergeReports(p, func(k string) string { return env[k] }); exitcode.Code(err) != exitcode.Incomplete {
		t.Errorf("no shards: %v, want exit 6", err)
	}
	env["BDD_NO_COLOR"] = "maybe"
	if err := mergeReports(p, func(k string) string { return env[k] }); exitcode.Code(err) != exitcode.Misuse {
		t.Errorf("bad BDD_NO_COLOR: %v, want exit 2", err)
	}
	// The target itself reads the process environment and its flags.
	from := filepath.Join(root, "nothing", "*")
	if err := MergeReports(context.Background(), p, MergeFlags{From: &from}); exitcode.Code(err) != exitcode.Incomplete {
		t.Errorf("MergeReports with no shards: %v, want exit 6", err)
	}
	counts := "x"
	if err := ShardPlan(context.Background(), p, PlanFlags{Shards: &counts}); exitcode.Code(err) != exitcode.Misuse {
		t.Errorf("ShardPlan -shards=x: %v, want exit 2", err)
	}
}

func TestShardPlanTarget(t *testing.T) {
	root, _ := filepath.Abs("../fixtures")
	for _, tc := range []struct {
		env  map[string]string
		code int
		want string
	}{
		{map[string]string{"MUSH_SHARDS": "1,2", "MUSH_SHARD_SETUP": "1s", "BDD_WORKERS": "2", "BDD_PATHS": "testdata"},
			0, "20 scenarios, 0 known to the timing history"},
		{map[string]string{"MUSH_SHARDS": "0"}, 2, "-shards / MUSH_SHARDS=\"0\""},
		{map[string]string{"MUSH_SHARD_SETUP": "soon"}, 2, "-setup / MUSH_SHARD_SETUP=\"soon\""},
		{map[string]string{"BDD_WORKERS": "none"}, 2, "BDD_WORKERS=\"none\""},
		{map[string]string{"BDD_TAGS": "@a &&"}, 2, "BDD_TAGS"},
		{map[string]string{"BDD_PATHS": "nowhere"}, 2, "nowhere"},
	} {
		var out, errOut bytes.Buffer
		tc.env["BDD_TIMINGS"] = filepath.Join(t.TempDir(), "none.json")
		err := shardPlan(Project{Root: root, Stdout: &out, Stderr: &errOut}, func(k string) string { return tc.env[k] })
		if code := exitcode.Code(err); code != tc.code {
			t.Errorf("%v: exit %d (%v), want %d", tc.env, code, err, tc.code)
		}
		if got := out.String() + errOut.String() + fmt.Sprint(err); !strings.Contains(got, tc.want) {
			t.Errorf("%v: output lacks %q:\n%s", tc.env, tc.want, got)
		}
	}
}
