// The GitHub writers speak to GitHub Actions, and only when a run is inside
// it (GITHUB_ACTIONS=true): one ::error workflow command per failed
// scenario, which GitHub shows on the pull request's diff at the failing
// step's line, and a Markdown job summary appended to the file named by
// GITHUB_STEP_SUMMARY (counts, failures, slowest scenarios, and after a
// coverage run the per-package table and the gate), kept under GitHub's
// 1 MiB limit. Elsewhere nothing here writes anything.

package report

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/mushbdd/mush/internal/coverage"
	"github.com/mushbdd/mush/internal/view"
)

// JobSummaryLimit is GitHub's limit on a step's job summary.
const JobSummaryLimit = 1 << 20

// InGitHubActions reports whether the run is inside GitHub Actions.
func InGitHubActions(getenv func(string) string) bool { return getenv("GITHUB_ACTIONS") == "true" }

// GitHubOptions say what PublishGitHub links to and what it leaves out.
type GitHubOptions struct {
	// Reports is the path of index.html, named in the job summary.
	Reports string
	// Annotated says the failures were annotated where they ran: a merge of
	// shards, each of which annotated its own failures in its own job.
	// PublishGitHub then writes the job summary only, so that no failure shows
	// twice on the pull request.
	Annotated bool
	// Commands are the run's stopped workflow commands: the annotations
	// are written while they are resumed.
	Commands *Commands
}

// PublishGitHub, inside GitHub Actions, writes the annotations of v's failures
// to out (unless o.Annotated) and appends v's job summary to
// $GITHUB_STEP_SUMMARY. Outside it does nothing. A summary that cannot be
// written is reported on errOut.
func PublishGitHub(getenv func(string) string, out, errOut io.Writer, v *view.View, o GitHubOptions) {
	if !InGitHubActions(getenv) {
		return
	}
	if !o.Annotated {
		o.Commands.Annotate(func() { WriteAnnotations(out, v) })
	}
	appendSummary(getenv, errOut, func(w io.Writer, budget int) error {
		return WriteJobSummary(w, v, budget, o.Reports)
	})
}

// PublishGitHubCoverage, inside GitHub Actions, appends the coverage part of the
// job summary.
func PublishGitHubCoverage(getenv func(string) string, errOut io.Writer, rep coverage.Report) {
	appendSummary(getenv, errOut, func(w io.Writer, budget int) error { return WriteJobCoverage(w, rep, budget) })
}

func appendSummary(getenv func(string) string, errOut io.Writer, write func(io.Writer, int) error) {
	path := getenv("GITHUB_STEP_SUMMARY")
	if path == "" || !InGitHubActions(getenv) {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		var fi os.FileInfo
		if fi, err = f.Stat(); err == nil {
			err = write(f, JobSummaryLimit-int(fi.Size()))
		}
		err = cmp.Or(err, f.Close())
	}
	if err != nil {
		fmt.Fprintln(errOut, "mush: warning: cannot write the GitHub job summary (GITHUB_STEP_SUMMARY): "+err.Error())
	}
}

// WriteAnnotations writes one ::error command per failed scenario, in file
// order, at the failing step's line (the scenario's line when no step
// failed), titled with the scenario and its status, with the error and
// the rerun command as message.
func WriteAnnotations(w io.Writer, v *view.View) error {
	var b strings.Builder
	for _, f := range v.Failures {
		s := f.Scenario
		line := cmp.Or(s.FailedLine, s.Line)
		title := fmt.Sprintf("%s › %s (%s)", s.Feature, s.Name, view.Label(s.Status))
		msg := s.Error
		if s.FailedStep != "" {
			msg = "step: " + s.FailedStep + "\n" + msg
		}
		if f.Rerun != "" {
			msg += "\nrerun: " + f.Rerun
		}
		fmt.Fprintf(&b, "::error file=%s,line=%d,title=%s::%s\n", escapeProperty(s.File), line, escapeProperty(title), escapeData(cut(msg, maxMessage)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// maxMessage bounds one annotation's message (stacks can be long).
const maxMessage = 4 << 10

// escapeData escapes a workflow command's message as GitHub documents.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// cut shortens s to at most n bytes on a rune boundary, saying so.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const more = "… (cut)"
	i := n - len(more)
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + more
}
