package runner

import (
	"context"

	"github.com/mushbdd/mush/internal/discover"
	"github.com/mushbdd/mush/internal/result"
)

// runTries runs sc, and runs it again, in a fresh godog run on the same
// worker right away, while it fails and p.retry allows (BDD_RETRY). The
// last try is the result; the failed tries before it are kept in Retries,
// and Duration counts every try. A scenario that passes on a retry is
// flaky (result.Scenario.Flaky). Nothing is retried once the run stopped,
// and only a failed step or hook (flaky code): undefined, pending and
// ambiguous steps fail the same way every time; a timed-out scenario left
// a goroutine behind that a retry in the same process would meet again; a
// crash ends the process (the supervisor takes over).
func (p plan) runTries(ctx context.Context, s Suite, sc discover.Scenario, h *halt, ln *lane) result.Scenario {
	res := p.runOne(ctx, s, sc, h, ln)
	var tries []result.Try
	total := res.Duration
	for len(tries) < p.retry && res.Status == result.Failed && ctx.Err() == nil && !h.stopped() {
		tries = append(tries, result.Try{Status: res.Status, Error: res.Error,
			FailedStep: res.FailedStep, FailedLine: res.FailedLine, DurationS: res.Duration.Seconds(), Logs: res.Logs})
		res = p.runOne(ctx, s, sc, h, ln)
		total += res.Duration
	}
	res.Retries, res.Duration = tries, total
	return res
}
