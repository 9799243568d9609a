package merge

import (
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/finish"
	"github.com/mushbdd/mush/internal/result"
)

// Results merges the shards' results in dirs (from, the -from pattern,
// names them in messages): it checks them (exit code 6 naming every
// problem, nothing written), then ends the merged run as a run ends
// (package finish: the merged timing history, every report, one summary
// ending with the counts line), and returns the merged set and the exit
// code one machine would have given, as an already reported exitcode
// error whose text is the counts line (nil for a pass). o gives
// Settings.ReportsDir, Settings.Timings (the merged history), colour and
// output; a nil Getenv is an empty environment. Inside GitHub Actions it
// writes the job summary of the merged run but no annotations: each
// shard's job annotated its own failures.
func Results(from string, dirs []string, o finish.Options) (Set, error) {
	set, err := Read(from, dirs)
	if err != nil {
		return set, err
	}
	run := set.Run()
	o.History, o.CPU = set.History()
	o.Shard, o.Annotated = set.Balance(), true // each shard annotated its failures in its own job
	if o.Getenv == nil {
		o.Getenv = func(string) string { return "" }
	}
	// With the shards' coverage the page is left to the coverage merge,
	// which writes it once, with the coverage.
	_, covered, cerr := set.Coverage()
	o.Settings.PageLater = covered && cerr == nil
	v, err := finish.Run(run, o)
	code := set.ExitCode(run)
	if err != nil && (code == exitcode.OK || code == exitcode.Failed) {
		code = exitcode.Reports // reports missing: not a pass
	}
	return set, result.Outcome{Code: code, Closing: v.CountsLine(nil)}.Err()
}
