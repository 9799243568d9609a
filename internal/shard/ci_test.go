package shard

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// ciDoc is the page of CI configurations README links.
const ciDoc = "../../docs/ci.md"

// yamlBlocks returns the YAML code blocks of a Markdown file, in order.
func yamlBlocks(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(b), -1) {
		blocks = append(blocks, m[1])
	}
	return blocks
}

// node walks a decoded YAML document by keys and list indexes.
func node(doc any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := doc.(map[string]any)
			if !ok {
				return nil
			}
			doc = m[k]
		case int:
			l, ok := doc.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			doc = l[k]
		}
	}
	return doc
}

// text is a node as text, lists joined by newlines (commands, paths).
func text(n any) string {
	switch v := n.(type) {
	case []any:
		var parts []string
		for _, x := range v {
			parts = append(parts, text(x))
		}
		return strings.Join(parts, "\n")
	case nil:
		return ""
	}
	return fmt.Sprint(n)
}

// TestCIConfigurations parses every YAML block of docs/ci.md and checks
// that each configuration has the four parts the page promises: the
// history cache restored by the shards and saved by the merge, the shard
// jobs, the artifact upload of build/shards, and the merge job.
func TestCIConfigurations(t *testing.T) {
	blocks := yamlBlocks(t, ciDoc)
	if len(blocks) != 3 {
		t.Fatalf("docs/ci.md has %d YAML blocks, want 3 (GitHub Actions, GitLab, Buildkite)", len(blocks))
	}
	docs := make([]map[string]any, len(blocks))
	for i, b := range blocks {
		if err := yaml.Unmarshal([]byte(b), &docs[i]); err != nil {
			t.Fatalf("YAML block %d is not valid YAML: %v", i+1, err)
		}
	}

	t.Run("GitHub Actions", func(t *testing.T) {
		gh := docs[0]
		shards, merge := node(gh, "jobs", "shard"), node(gh, "jobs", "merge")
		if n := len(node(shards, "strategy", "matrix", "shard").([]any)); n != 4 {
			t.Errorf("the matrix has %d shards, want 4", n)
		}
		if node(shards, "strategy", "fail-fast") != false {
			t.Error("the matrix must not cancel the other shards when one fails")
		}
		var restore, run, upload bool
		for _, s := range node(shards, "steps").([]any) {
			uses, with := text(node(s, "uses")), node(s, "with")
			restore = restore || strings.HasPrefix(uses, "actions/cache/restore@") && text(node(with, "path")) == "build/cache/timings.json"
			run = run || strings.Contains(text(node(s, "run")), "go tool mage coverageReport -shard=${{ matrix.shard }}/4")
			upload = upload || strings.HasPrefix(uses, "actions/upload-artifact@") && text(node(with, "path")) == "build/shards/" &&
				text(node(s, "if")) != ""
		}
		if !restore || !run || !upload {
			t.Errorf("shard steps: history restored %v, shard run %v, outputs uploaded always %v", restore, run, upload)
		}
		if text(node(merge, "needs")) != "shard" || !strings.Contains(text(node(merge, "if")), "cancelled()") {
			t.Errorf("the merge job must need the shards and run when one failed: needs %v, if %v", node(merge, "needs"), node(merge, "if"))
		}
		var download, merged, save bool
		for _, s := range node(merge, "steps").([]any) {
			uses, with := text(node(s, "uses")), node(s, "with")
			download = download || strings.HasPrefix(uses, "actions/download-artifact@") && text(node(with, "path")) == "build/shards" &&
				node(with, "merge-multiple") == true
			merged = merged || text(node(s, "run")) == "go tool mage mergeReports"
			save = save || strings.HasPrefix(uses, "actions/cache/save@") && text(node(with, "path")) == "build/cache/timings.json"
		}
		if !download || !merged || !save {
			t.Errorf("merge steps: shards downloaded %v, merged %v, history saved %v", download, merged, save)
		}
	})

	t.Run("GitLab", func(t *testing.T) {
		gl := docs[1]
		shards, merge := gl["features"], gl["merge"]
		if node(shards, "parallel") != 4 || text(node(shards, "script")) != "go tool mage coverageReport" {
			t.Errorf("the shard job: parallel %v, script %q", node(shards, "parallel"), text(node(shards, "script")))
		}
		if text(node(shards, "cache", "paths")) != "build/cache/timings.json" || node(shards, "cache", "policy") != "pull" {
			t.Errorf("the shards must only pull the history: %v", node(shards, "cache"))
		}
		if text(node(shards, "artifacts", "paths")) != "build/shards/" || node(shards, "artifacts", "when") != "always" {
			t.Errorf("the shards must always keep build/shards/: %v", node(shards, "artifacts"))
		}
		if node(merge, "needs", 0, "job") != "features" || node(merge, "when") != "always" ||
			text(node(merge, "script")) != "go tool mage mergeReports" {
			t.Errorf("the merge job: needs %v, when %v, script %q", node(merge, "needs"), node(merge, "when"), text(node(merge, "script")))
		}
		if node(merge, "cache", "policy") != "push" || text(node(merge, "cache", "paths")) != "build/cache/timings.json" {
			t.Errorf("the merge job must push the history: %v", node(merge, "cache"))
		}
		if node(merge, "artifacts", "reports", "junit") != "build/reports/junit.xml" {
			t.Errorf("the merged JUnit file is not reported: %v", node(merge, "artifacts"))
		}
		if re, err := regexp.Compile(text(node(merge, "coverage"))[1 : len(text(node(merge, "coverage")))-1]); err != nil ||
			!re.MatchString("coverage: 97.4% of statements (threshold 97.0%)") {
			t.Errorf("the coverage regexp %q does not read the gate line (%v)", text(node(merge, "coverage")), err)
		}
	})

	t.Run("Buildkite", func(t *testing.T) {
		steps := docs[2]["steps"].([]any)
		if len(steps) != 3 {
			t.Fatalf("%d steps, want shards, wait, merge", len(steps))
		}
		shards, wait, merge := steps[0], steps[1], steps[2]
		if node(shards, "parallelism") != 4 || text(node(shards, "command")) != "go tool mage coverageReport" ||
			text(node(shards, "artifact_paths")) != "build/shards/**/*" {
			t.Errorf("the shard step: %v", shards)
		}
		if text(node(shards, "plugins", 0, "cache#v1.10.0", "path")) != "build/cache/timings.json" ||
			node(shards, "plugins", 0, "cache#v1.10.0", "restore") != "pipeline" || node(shards, "plugins", 0, "cache#v1.10.0", "save") != nil {
			t.Errorf("the shards must only restore the history: %v", node(shards, "plugins"))
		}
		if node(wait, "continue_on_failure") != true {
			t.Error("the merge must run when a shard failed")
		}
		if cmd := text(node(merge, "command")); !strings.Contains(cmd, `buildkite-agent artifact download "build/shards/**/*" .`) ||
			!strings.HasSuffix(cmd, "go tool mage mergeReports") {
			t.Errorf("the merge step's command: %q", cmd)
		}
		if node(merge, "plugins", 0, "cache#v1.10.0", "save") != "pipeline" {
			t.Errorf("the merge step must save the history: %v", node(merge, "plugins"))
		}
	})
}
