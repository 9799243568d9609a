package targets

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/exitcode"
)

// The targets find the test that calls mush.Test in a package whose steps
// live in _test.go files, whatever name package mush is imported under.
func TestMushTests(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a_test.go": `package a
import (
	"context"
	"strings"

	"github.com/mushbdd/mush/internal/exitcode"
	"testing"
	"github.com/mushbdd/mush"
)
func TestFeatures(t *testing.T) { mush.Test(t, mush.Suite{}) }
func TestOther(t *testing.T) {}
func helper(t *testing.T) { mush.Test(t, mush.Suite{}) }
`,
		"b_test.go": `package a_test
import (
	"context"
	"strings"

	"github.com/mushbdd/mush/internal/exitcode"
	"testing"
	m "github.com/mushbdd/mush"
)
func TestAliased(t *testing.T) { t.Run("x", func(t *testing.T) { m.Test(t, m.Suite{}) }) }
`,
		"c_test.go": `package a
import "testing"
type mush struct{}
func (mush) Test(*testing.T, int) {}
func TestNotMush(t *testing.T) { mush{}.Test(t, 1) }
`,
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := mushTests(dir, []string{"a_test.go", "b_test.go", "c_test.go"})
	if err != nil || !slices.Equal(got, []string{"TestFeatures", "TestAliased"}) {
		t.Errorf("mushTests = %q, %v", got, err)
	}
	os.WriteFile(filepath.Join(dir, "bad_test.go"), []byte("package a\nfunc {"), 0o644)
	if _, err := mushTests(dir, []string{"bad_test.go"}); err == nil {
		t.Error("a file that does not parse was taken")
	}
}

// findRunner: a package main is built as a program; a package whose one
// test calls mush.Test as its test binary; anything else is refused.
func TestFindRunner(t *testing.T) {
	p, _ := testProject(t)
	write := func(dir, src string) {
		os.MkdirAll(filepath.Join(p.Root, dir), 0o755)
		if err := os.WriteFile(filepath.Join(p.Root, dir, "x_test.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const head = "package x\nimport (\n\t\"testing\"\n\t\"github.com/mushbdd/mush\"\n)\n"
	write("one", head+"func TestFeatures(t *testing.T) { mush.Test(t, mush.Suite{}) }\n")
	write("two", head+"func TestA(t *testing.T) { mush.Test(t, mush.Suite{}) }\nfunc TestB(t *testing.T) { mush.Test(t, mush.Suite{}) }\n")
	write("none", "package x\nimport \"testing\"\nfunc TestA(t *testing.T) {}\n")
	write("broken", head+"func TestA(t *testing.T) { mush.Test(t, mush.Suite{}) \n")
	ctx := context.Background()
	if r, err := p.findRunner(ctx, "./features"); err != nil || r.test != "" {
		t.Errorf("./features: %+v, %v; want the program", r, err)
	}
	if r, err := p.findRunner(ctx, "./one"); err != nil || r.test != "TestFeatures" || r.dir != filepath.Join(p.Root, "one") {
		t.Errorf("./one: %+v, %v; want its test binary", r, err)
	}
	for pkg, want := range map[string]string{
		"./two":    "BDD_RUNNER_PKG=./two: 2 tests call mush.Test (TestA, TestB): the targets run one suite, keep one",
		"./none":   "BDD_RUNNER_PKG=./none: not a feature runner (accepted: a package main calling mush.Main, or a package whose test calls mush.Test)",
		"./broken": "BDD_RUNNER_PKG=./broken: ",
	} {
		if _, err := p.findRunner(ctx, pkg); exitcode.Code(err) != exitcode.Misuse || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v, want a misuse %q", pkg, err, want)
		}
	}
}
