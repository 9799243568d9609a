package targets

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// output collects a target's stdout and stderr in one buffer; go test's
// two streams are copied by two goroutines, hence the lock.
type output struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) { o.mu.Lock(); defer o.mu.Unlock(); return o.b.Write(p) }
func (o *output) String() string              { o.mu.Lock(); defer o.mu.Unlock(); return o.b.String() }

func testProject(t *testing.T) (Project, *output) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs a module")
	}
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("testdata/mod")); err != nil {
		t.Fatal(err)
	}
	out := &output{}
	fixtures.Hermetic(t)
	// The module's policy, as its magefile would set it: its stand-in
	// feature runner is not counted.
	env := config.NewEnv(os.Environ()).Default(config.ExcludeVar, "features")
	return Project{Root: root, Features: "./features", Stdout: out, Stderr: out, Env: env}, out
}

func TestUnitTestsPassesTheExitCodeThrough(t *testing.T) {
	for _, tc := range []struct {
		exit string
		want int
	}{{"0", 0}, {"1", 1}, {"3", 3}} {
		t.Run(tc.exit, func(t *testing.T) {
			p, out := testProject(t)
			p.Env = p.Env.Set("FAKE_EXIT", tc.exit, "")
			err := UnitTests(context.Background(), p)
			if got := exitcode.Code(err); got != tc.want {
				t.Fatalf("exit code %d, want %d (%v)\n%s", got, tc.want, err, out)
			}
			if err != nil && !exitcode.IsReported(err) {
				t.Fatalf("the child's exit should count as reported: %v", err)
			}
		})
	}
}

func TestCoverageReportGatesTheModule(t *testing.T) {
	for _, tc := range []struct {
		name, threshold, exit string
		want                  int
		gate                  string
	}{
		{"passes", "50", "0", exitcode.OK, "coverage: 80.0% of statements (threshold 50.0%)"},
		{"below threshold", "90", "0", exitcode.Coverage, "coverage: 80.0% of statements (threshold 90.0%)"},
		{"tests failed", "50", "1", exitcode.Failed, "coverage: 80.0% of statements (threshold 50.0%)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, out := testProject(t)
			p = p.WithFlags("coverageReport", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, &tc.threshold)
			p.Env = p.Env.Set("FAKE_EXIT", tc.exit, "")
			err := CoverageReport(context.Background(), p)
			if got := exitcode.Code(err); got != tc.want {
				t.Fatalf("exit code %d, want %d (%v)\n%s", got, tc.want, err, out)
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if last := lines[len(lines)-1]; last != tc.gate {
				t.Fatalf("last line %q, want %q", last, tc.gate)
			}
			b, err := os.ReadFile(filepath.Join(p.Root, "build", "coverage", "coverage.json"))
			if err != nil {
				t.Fatal(err)
			}
			var rep struct{ Total float64 }
			if err := json.Unmarshal(b, &rep); err != nil || rep.Total != 80 {
				t.Fatalf("coverage.json total %v (%v), want 80", rep.Total, err)
			}
		})
	}
}

// TestCoverageReportStopsWhenTheRunnerRefusesItsSettings: a feature run
// that ends in misuse (exit 2: its settings or paths were refused) ends
// the coverage run there, with no gate and no coverage reports.
func TestCoverageReportStopsWhenTheRunnerRefusesItsSettings(t *testing.T) {
	p, out := testProject(t)
	p.Env = p.Env.Set("FAKE_EXIT", "2", "")
	err := CoverageReport(context.Background(), p)
	if got := exitcode.Code(err); got != exitcode.Misuse {
		t.Fatalf("exit code %d, want 2 (%v)\n%s", got, err, out)
	}
	if strings.Contains(out.String(), "(threshold ") {
		t.Errorf("a refused feature run still shows a gate:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(p.Root, "build", "coverage", "coverage.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("coverage.json after a refused feature run: %v, want none", err)
	}
}

// TestCoverageReportCompletesThePage: after the gate, the run's index.html,
// written once there, shows the coverage and links coverage.html, and in GitHub Actions the
// job summary gets the coverage table and the gate line.
func TestCoverageReportCompletesThePage(t *testing.T) {
	p, out := testProject(t)
	t.Chdir(p.Root) // as under mage: the project root is the working directory
	reports := filepath.Join(p.Root, "build", "reports")
	// The reports as the feature run of a coverage run leaves them: no page.
	if _, err := report.WriteAll(reports, view.New(result.Run{Workers: 1}, view.Options{}), false); err != nil {
		t.Fatal(err)
	}
	summary := filepath.Join(t.TempDir(), "summary.md")
	p.Env = p.Env.Set("FAKE_EXIT", "0", "").Set("GITHUB_ACTIONS", "true", "").Set("GITHUB_STEP_SUMMARY", summary, "").Set("COVERAGE_THRESHOLD", "50", "")
	if err := CoverageReport(context.Background(), p); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	page, _ := os.ReadFile(filepath.Join(reports, "index.html"))
	md, _ := os.ReadFile(summary)
	for _, want := range []string{`id="coverage"`, `href="../coverage/coverage.html"`, "coverage: 80.0% of statements (threshold 50.0%)"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if !bytes.Contains(md, []byte("### ✅ coverage: 80.0% of statements (threshold 50.0%)")) {
		t.Errorf("job summary:\n%s", md)
	}
}

// TestCoverageReportRefusesBadInput: bad values are refused before anything
// is built, naming the variable; unitTests refuses the BDD_* ones the same
// way and does not read COVERAGE_THRESHOLD at all.
func TestCoverageReportRefusesBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, key, value, want string
		unitTests              bool // unitTests refuses it too
	}{
		{"threshold", "COVERAGE_THRESHOLD", "ninety", `COVERAGE_THRESHOLD="ninety"`, false},
		{"threshold range", "COVERAGE_THRESHOLD", "101", `COVERAGE_THRESHOLD="101"`, false},
		{"workers", "BDD_WORKERS", "0", `BDD_WORKERS="0"`, true},
		{"retry", "BDD_RETRY", "x", `BDD_RETRY="x"`, true},
		{"runner package", "BDD_RUNNER_PKG", "./nowhere", `BDD_RUNNER_PKG="./nowhere"`, true},
		{"exclusions", "COVERAGE_EXCLUDE", "../elsewhere", `COVERAGE_EXCLUDE="../elsewhere": "../elsewhere" not accepted`, false},
		{"rerun", "MUSH_RERUN", "go tool mage\nunitTests", `MUSH_RERUN="go tool mage\nunitTests"`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Project{Root: t.TempDir(), Env: config.NewEnv([]string{tc.key + "=" + tc.value})}
			err := CoverageReport(context.Background(), p)
			if exitcode.Code(err) != exitcode.Misuse || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v (code %d), want misuse naming %s", err, exitcode.Code(err), tc.want)
			}
			if !tc.unitTests {
				return
			}
			err = UnitTests(context.Background(), p)
			if exitcode.Code(err) != exitcode.Misuse || !strings.HasPrefix(err.Error(), tc.want+": not accepted") {
				t.Fatalf("UnitTests: got %v (code %d), want misuse naming %s", err, exitcode.Code(err), tc.want)
			}
		})
	}
}

func TestCoverageReportStopsWhenNothingBuilds(t *testing.T) {
	p, out := testProject(t)
	p.Features = "./nope"
	err := CoverageReport(context.Background(), p)
	if exitcode.Code(err) != exitcode.Misuse || !strings.Contains(err.Error(), "building the instrumented feature runner failed") {
		t.Fatalf("got %v, want a misuse naming the build\n%s", err, out)
	}
	if err := UnitTests(context.Background(), p); exitcode.Code(err) != exitcode.Misuse ||
		!strings.Contains(err.Error(), "building the feature runner failed") {
		t.Fatalf("UnitTests: got %v, want a misuse naming the build", err)
	}
	if err := CoverageReport(context.Background(), Project{Root: t.TempDir()}); exitcode.Code(err) != exitcode.Misuse ||
		!strings.Contains(err.Error(), "listing the module's packages") {
		t.Fatalf("no module: got %v, want a misuse naming the package listing", err)
	}
}

func TestCoverageReportInterruptedStillShowsCoverage(t *testing.T) {
	p, out := testProject(t)
	ctx, cancel := context.WithCancel(context.Background())
	p.Stdout = cancelOn{out, "go test (instrumented)", cancel} // the interrupt arrives as go test starts
	err := CoverageReport(ctx, p)
	if got := exitcode.Code(err); got != exitcode.SIGINT {
		t.Fatalf("exit code %d, want %d (%v)\n%s", got, exitcode.SIGINT, err, out)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if last := lines[len(lines)-1]; !defaultGate.MatchString(last) {
		t.Fatalf("last line %q is not the gate line after an interrupt:\n%s", last, out)
	}
}

// defaultGate is the last line of a coverage run at the default threshold.
var defaultGate = regexp.MustCompile(`^coverage: \d+\.\d% of statements \(threshold 97\.0%\)$`)

// cancelOn writes to w and calls cancel when a write contains text.
type cancelOn struct {
	w      *output
	text   string
	cancel context.CancelFunc
}

func (c cancelOn) Write(p []byte) (int, error) {
	if strings.Contains(string(p), c.text) {
		c.cancel()
	}
	return c.w.Write(p)
}

// Another project's layout: the feature runner in ./cmd/bdd, every package
// counted; the rerun command is the target's unless the user set one.
func TestRunnerPackageAndExclusions(t *testing.T) {
	p, out := testProject(t)
	if err := os.Rename(filepath.Join(p.Root, "features"), filepath.Join(p.Root, "cmd")); err != nil {
		t.Fatal(err)
	}
	env := p.Env
	p.Env = env.Set("BDD_RUNNER_PKG", "./cmd", "").Set("COVERAGE_EXCLUDE", "none", "").Set("COVERAGE_THRESHOLD", "10", "")
	if err := UnitTests(context.Background(), p); err != nil {
		t.Fatalf("unitTests: %v\n%s", err, out)
	}
	if err := CoverageReport(context.Background(), p); err != nil {
		t.Fatalf("coverageReport: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(p.Root, "build", "coverage", "coverage.json"))
	if err != nil || !strings.Contains(string(b), `"example.com/mod/cmd"`) || !strings.Contains(string(b), `"example.com/mod/lib"`) {
		t.Fatalf("coverage.json does not count both packages (%v):\n%s", err, b)
	}
	p.Env = p.Env.Set("COVERAGE_EXCLUDE", "./lib/..., tools", "")
	err = CoverageReport(context.Background(), p)
	if exitcode.Code(err) != exitcode.Misuse || err.Error() != "COVERAGE_EXCLUDE: tools matches no package of example.com/mod (accepted: module-relative package paths, none to count every package)" {
		t.Fatalf("an exclusion that matches nothing: %v", err)
	}
	for _, tc := range []struct{ env, want string }{
		{"", "go tool mage unitTests"},
		{"go tool mage mush:unitTests", "go tool mage mush:unitTests"},
	} {
		p.Env = env.Set("MUSH_RERUN", tc.env, "")
		if got := p.withRerun("go tool mage unitTests").Env.Getenv("MUSH_RERUN"); got != tc.want {
			t.Errorf("withRerun with MUSH_RERUN=%q: %q, want %q", tc.env, got, tc.want)
		}
	}
}
