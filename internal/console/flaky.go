package console

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// writeFlaky lists the scenarios that passed only on a retry (BDD_RETRY),
// in file order, each with the error of every failed try.
func writeFlaky(b *strings.Builder, p palette, v *view.View) {
	if len(v.Flaky) == 0 {
		return
	}
	fmt.Fprintf(b, "%s\n\n", p.warn.Sprintf("Flaky (%d): passed on a retry, counted as passed", len(v.Flaky)))
	for _, s := range v.Flaky {
		fmt.Fprintf(b, "%s %s  %s %s\n", p.warn.Sprint("FLAKY"), loc(*s), title(*s),
			p.dim.Sprintf("(passed on try %d of %d, %s, worker %d)", len(s.Retries)+1, len(s.Retries)+1, view.Seconds(s.Duration), s.Worker))
		for i, t := range s.Retries {
			msg, _, _ := strings.Cut(strings.TrimSpace(t.Error), "\n")
			if t.FailedStep != "" {
				msg = fmt.Sprintf("%s  (%s): %s", t.FailedStep, result.Loc{File: s.File, Line: t.FailedLine}, msg)
			}
			fmt.Fprintf(b, "    try %d: %s\n", i+1, Neutral(msg))
		}
		b.WriteString("\n")
	}
}

// writeRerunAll shows the command that reruns every failed scenario from
// the rerun file, when the run wrote one and more than one scenario failed
// (a single failure has its own rerun line).
func writeRerunAll(b *strings.Builder, v *view.View, reports []string) {
	if len(v.Failures) < 2 || v.Run.Rerun.Command == "" {
		return
	}
	for _, r := range reports {
		if filepath.Base(r) == "rerun.txt" {
			fmt.Fprintf(b, "Rerun every failed scenario: %s\n\n", Neutral(view.RerunCommand(v.Run.Rerun, "@"+r)))
		}
	}
}
