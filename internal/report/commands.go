package report

import (
	"crypto/rand"
	"fmt"
	"io"
	"sync"

	"github.com/mushbdd/mush/internal/config"
)

// Commands keeps GitHub Actions from obeying what a run prints from a
// feature file, a step, an error or a path. GitHub's runner takes any line
// that starts with "::" once its leading white space is trimmed, and any
// line holding "##[", for a workflow command (::add-mask::, ::warning::,
// ::stop-commands::...). GitHub documents one way to print text that must
// not be obeyed: "::stop-commands::TOKEN" stops the processing of every
// command until a line "::TOKEN::", with a token nobody can guess. A run
// inside GitHub Actions prints between the two, and resumes commands only
// around its own annotations (Annotate) and before its closing line.
//
// A nil *Commands, outside GitHub Actions, prints nothing.
type Commands struct {
	mu      sync.Mutex
	w       io.Writer
	token   string
	stopped bool
}

// StopCommands, inside GitHub Actions, stops GitHub's processing of
// workflow commands with a fresh random token, printed on w. A feature
// runner started by a supervisor (config.AttemptVar) takes over its
// supervisor's token (config.StopCommandsVar) instead: the commands are
// stopped already. Outside GitHub Actions it returns nil.
func StopCommands(getenv func(string) string, w io.Writer) *Commands {
	if !InGitHubActions(getenv) {
		return nil
	}
	if t := getenv(config.StopCommandsVar); t != "" && getenv(config.AttemptVar) != "" {
		return &Commands{w: w, token: t, stopped: true}
	}
	c := &Commands{w: w, token: rand.Text()}
	c.Stop()
	return c
}

// Env is the environment entry that hands the token to a supervised
// feature runner (none outside GitHub Actions).
func (c *Commands) Env() []string {
	if c == nil {
		return nil
	}
	return []string{config.StopCommandsVar + "=" + c.token}
}

// Stop stops the processing of commands (again: after a feature runner
// that may have resumed it).
func (c *Commands) Stop() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.w, "::stop-commands::%s\n", c.token)
	c.stopped = true
}

// Resume resumes the processing of commands, printing the token on w (nil:
// the writer commands were stopped on), unless they are not stopped.
// Whatever is printed after it must be mush's own text.
func (c *Commands) Resume(w io.Writer) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.stopped {
		return
	}
	if w == nil {
		w = c.w
	}
	fmt.Fprintf(w, "::%s::\n", c.token)
	c.stopped = false
}

// Resumed records that commands were resumed by someone else: a
// supervised feature runner that ended its run.
func (c *Commands) Resumed() {
	if c != nil {
		c.mu.Lock()
		c.stopped = false
		c.mu.Unlock()
	}
}

// Annotate runs write, which prints mush's own workflow commands, with
// commands processed, and stops them again after it.
func (c *Commands) Annotate(write func()) {
	if c == nil {
		write()
		return
	}
	c.Resume(nil)
	write()
	c.Stop()
}
