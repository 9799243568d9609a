package mush_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readmeLimit is README's budget in bytes: what mush is, how to run it, the
// settings, outputs and exit codes; the detail lives in docs/.
const readmeLimit = 20_000

// README stays a front page: within its budget, and linking every page of
// docs/ so that what moved there can be found.
func TestReadmeIsAFrontPage(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > readmeLimit {
		t.Errorf("README.md is %d bytes, over its budget of %d: move detail to docs/", len(b), readmeLimit)
	}
	pages, err := filepath.Glob(filepath.Join("docs", "*.md"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no docs/*.md (%v)", err)
	}
	for _, p := range pages {
		if !strings.Contains(string(b), "](docs/"+filepath.Base(p)) {
			t.Errorf("README.md does not link %s", filepath.ToSlash(p))
		}
	}
}
