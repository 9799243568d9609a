package runner_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/adapt"
	"github.com/mushbdd/mush/internal/runner"
)

// BenchmarkTrivialScenarios runs 2,000 scenarios of two steps that do
// nothing on one worker and reports the process CPU time per scenario (cpu-µs/scenario)
// beside the wall time: what mush itself costs a scenario, from discovery
// to the reports. Compare two commits with
//
//	go test -run '^$' -bench TrivialScenarios -count 5 ./internal/runner
func BenchmarkTrivialScenarios(b *testing.B) {
	const n = 2000
	dir := b.TempDir()
	var f strings.Builder
	f.WriteString("Feature: Trivial\n")
	for i := range n {
		fmt.Fprintf(&f, "\n  Scenario: case %d\n    Given a step that passes\n    Then a step that passes\n", i)
	}
	path := filepath.Join(dir, "trivial.feature")
	if err := os.WriteFile(path, []byte(f.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	env := map[string]string{
		"BDD_PATHS": path, "BDD_WORKERS": "1",
		"BDD_REPORTS_DIR": filepath.Join(dir, "reports"), "BDD_TIMINGS": filepath.Join(dir, "timings.json"),
	}
	suite := runner.Suite{ScenarioInitializer: func(sc *godog.ScenarioContext) {
		sc.Step(`^a step that passes$`, func() {})
	}}
	var cpu float64
	b.ResetTimer()
	for range b.N {
		before, _ := adapt.ProcessCPU()
		code := runner.ExitCode(runner.Run(context.Background(), suite, runner.Env{
			Getenv: func(k string) string { return env[k] }, Stdout: io.Discard, Stderr: io.Discard,
		}))
		after, _ := adapt.ProcessCPU()
		if code != 0 {
			b.Fatalf("exit %d", code)
		}
		cpu += float64((after - before).Microseconds())
	}
	b.ReportMetric(cpu/float64(b.N*n), "cpu-µs/scenario")
}
