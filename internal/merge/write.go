package merge

import (
	"io"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/finish"
	"github.com/mushbdd/mush/internal/result"
)

// Options say where the shards are and where the merged run goes.
type Options struct {
	From       string // the -from pattern, for messages
	Dirs       []string
	ReportsDir string // merged reports (build/reports)
	Timings    string // merged timing history (build/cache/timings.json)
	// Getenv gives NO_COLOR, TERM and the rerun command; NoColor and
	// Terminal decide colour as for a run.
	Getenv   func(string) string
	NoColor  bool
	Terminal bool
	Stdout   io.Writer
	Stderr   io.Writer
}

// Results merges the shards' results: it checks them (exit code 6 naming
// every problem, nothing written), then ends the merged run as a run ends
// (package finish: the merged timing history, every report, one summary
// ending with the counts line), and returns the merged set and the exit
// code one machine would have given, as an already reported exitcode
// error whose text is the counts line (nil for a pass). Inside GitHub Actions it writes the job summary
// of the merged run but no annotations: each shard's job annotated its own
// failures.
func Results(o Options) (Set, error) {
	set, err := Read(o.From, o.Dirs)
	if err != nil {
		return set, err
	}
	run := set.Run()
	history, cpu := set.History()
	getenv := o.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	// With the shards' coverage the page is left to the coverage merge,
	// which writes it once, with the coverage.
	_, covered, cerr := set.Coverage()
	v, err := finish.Run(run, finish.Options{
		Settings: config.Settings{ReportsDir: o.ReportsDir, Timings: o.Timings, NoColor: o.NoColor, PageLater: covered && cerr == nil},
		Getenv:   getenv, Stdout: o.Stdout, Stderr: o.Stderr, Terminal: o.Terminal,
		History: history, CPU: cpu, Shard: set.Balance(),
		Annotated: true, // each shard annotated its failures in its own job
	})
	code := set.ExitCode(run)
	if err != nil && (code == exitcode.OK || code == exitcode.Failed) {
		code = exitcode.Reports // reports missing: not a pass
	}
	return set, result.Outcome{Code: code, Closing: v.CountsLine(nil)}.Err()
}
