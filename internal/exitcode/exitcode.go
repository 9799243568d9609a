// Package exitcode names mush's process exit codes and carries them through
// Go errors, so that a target or a command can turn any error into the
// documented code with errors.As.
package exitcode

import (
	"errors"
	"fmt"
)

// The documented exit codes. README lists them; keep both in step.
const (
	OK       = 0   // every scenario passed
	Failed   = 1   // a scenario failed (strict), or suite setup/teardown failed
	Misuse   = 2   // bad flag or variable, missing path, malformed feature file
	Coverage = 3   // coverage below the threshold, or no coverage data
	Crashed  = 4   // the feature runner crashed (the rest ran in a fresh one)
	Timeout  = 5   // a scenario or the whole run exceeded its time limit
	SIGINT   = 130 // interrupted by SIGINT (128+2)
	SIGTERM  = 143 // interrupted by SIGTERM (128+15)
)

// Incomplete is the exit code of a shard merge that found the shards
// incomplete or inconsistent: a shard missing, a scenario missing or
// duplicated, shards that selected or split the suite differently.
const Incomplete = 6

// Reports is the exit code of a run whose reports (BDD_REPORTS_DIR) could
// not all be written: its summary was printed, but CI would find no or
// partial junit.xml and results.json, so it did not pass.
const Reports = 7

// Error is an error with an exit code. Reported is set when the message has
// already been shown to the user (the caller should only exit).
type Error struct {
	Code     int
	Err      error
	Reported bool
}

func (e *Error) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// ExitStatus is the exit code, under the name Mage looks for: a Mage target
// that returns an *Error unwrapped ends `mage` with this code (Mage checks
// the returned error itself with a type assertion, so wrapping it in
// another error loses the code).
func (e *Error) ExitStatus() int { return e.Code }

// New returns an error with the given code and message.
func New(code int, format string, args ...any) error {
	return &Error{Code: code, Err: fmt.Errorf(format, args...)}
}

// Misusef reports bad input: exit code 2.
func Misusef(format string, args ...any) error {
	return New(Misuse, format, args...)
}

// Silent is an exit code whose explanation was already printed.
func Silent(code int) error {
	if code == OK {
		return nil
	}
	return &Error{Code: code, Reported: true}
}

// Code returns the exit code for err: 0 for nil, the code of an *Error in
// its chain, 1 otherwise.
func Code(err error) int {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Failed
}

// IsReported reports whether err's message was already shown.
func IsReported(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Reported
}
