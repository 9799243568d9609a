// Package finish is the end of a run, the same for a feature runner and for
// the supervisor that merges the attempts of a crashed or replaced runner:
// save the timing history, write every report, print the summary (and,
// inside GitHub Actions, annotate the failures and write the job summary). Whatever
// a run leaves behind is added here, once, and both sides get it.
package finish

import (
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/console"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/shard"
	"github.com/mushbdd/mush/internal/view"
)

// Options say where a run's results go.
type Options struct {
	// Settings give the reports directory, the timing history file and the
	// colour choice; Getenv the rest of the environment (NO_COLOR, the rerun
	// command).
	Settings config.Settings
	Getenv   func(string) string
	// Stdout receives the summary; Stderr warnings about files not written.
	Stdout, Stderr io.Writer
	// Terminal reports whether Stdout is a terminal (colour).
	Terminal bool
	// History and CPU are the timing history the run adds to (a merge's:
	// its shards'); nil reads Settings.Timings once the reports are
	// written (a shard's is saved next to them).
	History schedule.History
	CPU     schedule.CPU
	// Order says how the scenarios were ordered (seed, history): the
	// summary's order line, to which Run adds whether the order changed
	// since the last run.
	Order string
	// RerunFor, when set, gives the command that reruns one failed
	// scenario (mush.Test: a go test -run command).
	RerunFor func(result.Scenario) string
	// Quiet prints no summary: a supervised runner whose supervisor prints
	// the merged one.
	Quiet bool
	// Preface is printed before the summary (the supervisor's crash
	// section); ReportNotes are added to the run's notes in the reports
	// only (the same facts, one line each).
	Preface     string
	ReportNotes []string
	// Shard describes the shard that ran (Settings.Shard) or the merged
	// shards for the summary; empty says only which shard it is.
	Shard string
	// Dir is the directory of the person who ran the command: the summary
	// shows the report paths relative to it. Empty: as written.
	Dir string
	// Annotated says the failures were annotated where they ran (the
	// shards' own CI jobs, for their merge): inside GitHub Actions only the
	// job summary is written.
	Annotated bool
	// Commands, inside GitHub Actions, are the run's stopped workflow
	// commands; nil stops them here for the summary (report.StopCommands).
	// They are resumed for the annotations and before the closing line.
	Commands *report.Commands
}

// Run ends run: it records every scenario's duration in the timing history
// and saves it, writes the reports under Settings.ReportsDir, prints the
// summary on Stdout unless Quiet, and returns the run's view (its counts
// line is the run's outcome's closing line). Reports that cannot be
// written are said on Stderr, the summary is printed anyway, and the error
// is returned (a run whose reports are missing did not pass); a history
// that cannot be saved is only a warning.
//
// A shard (Settings.Shard) is named in the reports and the summary, and
// saves its history next to its reports instead of Settings.Timings, so
// that every shard of a suite splits with the same history; the merge
// writes the merged one.
func Run(run result.Run, o Options) (*view.View, error) {
	if run.Rerun.Command == "" {
		run.Rerun = config.Rerun(o.Getenv)
	}
	from := o.Settings.Timings // the history the run read (a shard saves elsewhere)
	if s := o.Settings.Shard; s.Sharded() {
		run.Shard = s.String()
		run.Scenarios = slices.Clone(run.Scenarios)
		for i := range run.Scenarios {
			run.Scenarios[i].Shard = run.Shard
		}
		o.Settings.Timings = filepath.Join(o.Settings.ReportsDir, shard.TimingsFile)
		if o.Shard == "" {
			o.Shard = fmt.Sprintf("%s (%s)", s, o.Settings.ShardFrom)
		}
	}
	reported := run
	reported.Notes = append(slices.Clip(o.ReportNotes), run.Notes...)
	v := view.New(reported, view.Options{RerunFor: o.RerunFor})
	paths, err := report.WriteAll(o.Settings.ReportsDir, v, !o.Settings.PageLater)
	if err != nil {
		console.Errorln(o.Stderr, "cannot write the reports: "+err.Error())
	}
	// Read after the reports, the history is not held while they are
	// written; the summary's order line compares with its last run.
	last := saveHistory(run, o, from)
	if o.Quiet {
		return v, err
	}
	order, orderNotes := orderChange(run, o.Order, last)
	if o.Commands == nil {
		o.Commands = report.StopCommands(o.Getenv, o.Stdout)
	}
	// Inside GitHub Actions: annotations before the summary, whose last
	// line stays the run's last.
	report.PublishGitHub(o.Getenv, o.Stdout, o.Stderr, v, report.GitHubOptions{
		Reports: config.Shown(o.Dir, filepath.Join(o.Settings.ReportsDir, report.HTMLFile)), Annotated: o.Annotated, Commands: o.Commands,
	})
	io.WriteString(o.Stdout, o.Preface)
	for i, p := range paths {
		paths[i] = config.Shown(o.Dir, p)
	}
	console.WriteSummary(o.Stdout, v, console.SummaryOptions{
		Color:         config.Colour(o.Settings, o.Getenv, o.Terminal),
		Order:         order,
		Reports:       paths,
		Shard:         o.Shard,
		Notes:         append(slices.Clip(run.Notes), orderNotes...),
		UnusedFail:    o.Settings.UnusedFail,
		BeforeClosing: func() { o.Commands.Resume(nil) }, // the closing line, mush's own, is the last (nil: no-op)
	})
	return v, err
}

// Progress starts showing a run of total scenarios on w, the same for a
// feature runner and for the supervisor in process mode: as the settings
// ask, live on a terminal, else with a heartbeat line every 30 seconds.
// backlog (nil for none) and workers give the estimate of the time left
// (console.ProgressOptions).
func Progress(w io.Writer, total, workers int, set config.Settings, getenv func(string) string, terminal bool, backlog *schedule.Backlog) *console.Progress {
	heartbeat := 30 * time.Second
	if terminal {
		heartbeat = 0
	}
	return console.NewProgress(w, total, console.ProgressOptions{
		Color: config.Colour(set, getenv, terminal), Live: terminal && set.Format == config.FormatProgress,
		Pretty: set.Format == config.FormatPretty, Heartbeat: heartbeat, Workers: workers, Backlog: backlog,
	})
}

// orderChange is the order line, saying when the order differs from the
// last run's, and after such a change a note for each scenario that passed
// the last time it ran and failed in this run: it may depend on the order.
func orderChange(run result.Run, line string, last schedule.Last) (string, []string) {
	now := schedule.OrderOf(run.Seed, line)
	if line == "" || last.Order == "" || last.Order == now {
		return line, nil
	}
	line += "; changed from the last run's: " + last.Order
	undo := "BDD_ORDER=file gives file order"
	switch seed, shuffled := strings.CutPrefix(last.Order, schedule.Shuffled+" "); {
	case shuffled:
		undo = "BDD_SEED=" + seed + " repeats the last run's order"
	case last.Order == schedule.FileOrder:
		undo = "BDD_ORDER=file repeats the last run's order"
	}
	var notes []string
	for _, s := range run.Scenarios {
		if s.Status.IsFailure() && last.Passed[s.Location()] {
			notes = append(notes, fmt.Sprintf("%s %s › %s passed in the last run and failed after the order changed: it may depend on the order (%s)",
				s.Location(), s.Feature, s.Name, undo))
		}
	}
	return line, notes
}

// nextLast is what this run leaves for the next: its order, and whether
// each scenario it ran passed (the others keep what they had).
func nextLast(run result.Run, line string, last schedule.Last) schedule.Last {
	next := schedule.Last{Order: last.Order, Passed: map[string]bool{}} // empty: not saved
	maps.Copy(next.Passed, last.Passed)
	if line != "" {
		next.Order = schedule.OrderOf(run.Seed, line)
	}
	for _, s := range run.Scenarios {
		switch {
		case s.Status == result.Passed:
			next.Passed[s.Location()] = true
		case s.Status != result.Skipped:
			delete(next.Passed, s.Location())
		}
	}
	return next
}

// saveHistory adds to the timing history (o.History, or the file from)
// the duration of every scenario that ran and, when the run sampled them,
// its CPU time, with what the run leaves for the next, and saves it. It
// returns what the last run had left (the file's).
func saveHistory(run result.Run, o Options, from string) schedule.Last {
	h, cpu, last, _ := schedule.Load(from) // a bad file is rewritten
	if o.History != nil {
		h = o.History
		if o.CPU != nil {
			cpu = o.CPU
		}
	}
	for _, sc := range run.Scenarios {
		if sc.Duration > 0 {
			h.Record(sc.Location(), sc.Duration)
			if run.Sampled {
				cpu.Record(sc.Location(), sc.CPU)
			}
		}
	}
	if err := h.Save(o.Settings.Timings, cpu, nextLast(run, o.Order, last)); err != nil {
		console.Errorln(o.Stderr, "warning: cannot save the timing history: "+err.Error())
	}
	return last
}
