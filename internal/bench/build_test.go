package bench

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestChildEnvDropsSettings(t *testing.T) {
	in := []string{"PATH=/bin", "BDD_TAGS=@x", "GOCOVERDIR=/tmp/c", "MUSH_BENCH_QUICK=1", "BENCH_ITERS_PER_MS=3", "GODOG_SEED=1", "HOME=/root", "BDD=keep"}
	want := []string{"PATH=/bin", "HOME=/root", "BDD=keep"}
	if got := childEnv(in); !slices.Equal(got, want) {
		t.Errorf("childEnv = %v, want %v", got, want)
	}
}

func TestBuildSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	root, _ := filepath.Abs("testdata/mod")
	dir := t.TempDir()
	b, err := buildSuite(context.Background(), root, ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{b.plain, b.cover} {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", p, err)
		}
	}
	if _, err := buildSuite(context.Background(), root, "./nonexistent", dir); err == nil || !strings.Contains(err.Error(), "go build") {
		t.Errorf("err = %v, want the failing go build", err)
	}
	if _, err := buildSuite(context.Background(), t.TempDir(), ".", dir); err == nil {
		t.Error("no error outside a module")
	}
}
