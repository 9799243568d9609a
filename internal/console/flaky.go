package console

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/mushbdd/mush/internal/result"
)

// writeFlaky lists the scenarios that passed only on a retry (BDD_RETRY),
// in file order, each with the error of every failed try.
func writeFlaky(b *strings.Builder, p palette, run result.Run) {
	var flaky []result.Scenario
	for _, s := range run.Scenarios {
		if s.Flaky() {
			flaky = append(flaky, s)
		}
	}
	slices.SortStableFunc(flaky, func(a, b result.Scenario) int { return cmp.Compare(a.Order, b.Order) })
	if len(flaky) == 0 {
		return
	}
	fmt.Fprintf(b, "%s\n\n", p.warn.Sprintf("Flaky (%d): passed on a retry, counted as passed", len(flaky)))
	for _, s := range flaky {
		fmt.Fprintf(b, "%s %s  %s %s\n", p.warn.Sprint("FLAKY"), s.Location(), title(s),
			p.dim.Sprintf("(passed on try %d of %d, %s, worker %d)", len(s.Retries)+1, len(s.Retries)+1, seconds(s.Duration), s.Worker))
		for i, t := range s.Retries {
			msg, _, _ := strings.Cut(strings.TrimSpace(t.Error), "\n")
			if t.FailedStep != "" {
				msg = fmt.Sprintf("%s  (%s:%d): %s", t.FailedStep, s.File, t.FailedLine, msg)
			}
			fmt.Fprintf(b, "    try %d: %s\n", i+1, msg)
		}
		b.WriteString("\n")
	}
}

// writeRerunAll shows the command that reruns every failed scenario from
// the rerun file, when the run wrote one and more than one scenario failed
// (a single failure has its own rerun line).
func writeRerunAll(b *strings.Builder, run result.Run, o SummaryOptions) {
	if o.Rerun == "" || run.Count().Failures() < 2 {
		return
	}
	for _, r := range o.Reports {
		if filepath.Base(r) == "rerun.txt" {
			fmt.Fprintf(b, "Rerun every failed scenario: BDD_PATHS=%s %s\n\n", shellQuote("@"+r), o.Rerun)
		}
	}
}

// flakyLine is "N flaky (passed on a retry)" and a line break when any
// scenario was flaky, else empty: it goes just above the counts line.
func flakyLine(run result.Run, p palette) string {
	n := 0
	for _, s := range run.Scenarios {
		if s.Flaky() {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return p.warn.Sprintf("%d flaky (passed on a retry)", n) + "\n"
}

// Plural is n and noun, with an "s" unless n is 1: "1 worker", "2 workers".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
