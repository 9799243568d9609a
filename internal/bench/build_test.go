package bench

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestModulePath(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, gomod, want string
		fails             bool
	}{
		{"plain", "module example.com/m\n\ngo 1.26\n", "example.com/m", false},
		{"quoted, after a comment", "// c\nmodule \"example.com/q\"\n", "example.com/q", false},
		{"no module line", "go 1.26\n", "", true},
		{"no go.mod", "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_"))
			os.MkdirAll(root, 0o755)
			if tc.gomod != "" {
				os.WriteFile(filepath.Join(root, "go.mod"), []byte(tc.gomod), 0o644)
			}
			got, err := modulePath(root)
			if (err != nil) != tc.fails || got != tc.want {
				t.Errorf("modulePath = %q, %v; want %q, fails=%v", got, err, tc.want, tc.fails)
			}
		})
	}
}

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
		t.Error("no error without go.mod")
	}
}
