package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/mushbdd/mush/internal/coverage"
)

// SuitePackage is the benchmark suite's package, relative to the module
// root.
const SuitePackage = "./internal/bench/benchsuite"

// binaries are the two builds of the benchmark suite.
type binaries struct {
	plain string // go build
	cover string // go build -cover -covermode=atomic -coverpkg=MODULE/...
}

// buildSuite compiles pkg (relative to root) twice into dir: plainly, and
// instrumented for coverage with the flags of the coverage run itself.
func buildSuite(ctx context.Context, root, pkg, dir string) (binaries, error) {
	module, pkgs, _, err := coverage.ListPackages(ctx, root, nil)
	if err != nil {
		return binaries{}, err
	}
	b := binaries{plain: filepath.Join(dir, "benchsuite"), cover: filepath.Join(dir, "benchsuite-cover")}
	cover := append(append([]string{"build"}, coverage.BuildFlags(module, pkgs, path.Join(module, pkg))...), "-o", b.cover, pkg)
	for _, args := range [][]string{{"build", "-o", b.plain, pkg}, cover} {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = root
		cmd.Env = childEnv(os.Environ())
		if out, err := cmd.CombinedOutput(); err != nil {
			return binaries{}, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, bytes.TrimSpace(out))
		}
	}
	return b, nil
}

// childEnv is env without the variables that would change what a child
// does behind the benchmark's back: the runner's BDD_* settings, a
// GOCOVERDIR inherited from a coverage run, and the benchmark's own.
func childEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "BDD_") || strings.HasPrefix(name, "BENCH_") || strings.HasPrefix(name, "MUSH_") ||
			strings.HasPrefix(name, "GODOG_") || name == "GOCOVERDIR" {
			continue
		}
		out = append(out, kv)
	}
	return out
}
