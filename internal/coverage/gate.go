package coverage

import (
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"

	"github.com/mushbdd/mush/internal/exitcode"
)

// Gate passes (nil) when the total coverage reaches rep.Threshold, compared
// exactly: covered*100 >= threshold*statements in rational arithmetic, the
// threshold taken as the decimal it prints as. No statements at all fails.
// Failures are exitcode.Coverage errors.
func Gate(rep Report) error {
	if !(rep.Threshold >= 0 && rep.Threshold <= 100) { // NaN is not a percentage either
		return exitcode.Misusef("coverage threshold %v: not a number between 0 and 100", rep.Threshold)
	}
	total := rep.Total
	if total.Statements == 0 {
		return exitcode.New(exitcode.Coverage, "no statements measured: no coverage data, or every package excluded")
	}
	need := required(rep.Threshold, total.Statements)
	if total.Covered >= need {
		return nil
	}
	return exitcode.New(exitcode.Coverage,
		"coverage %s%% of statements is below the threshold %s%%: %d more of %d statements must be covered",
		FormatPercent(total.Covered, total.Statements), formatThreshold(rep.Threshold), need-total.Covered, total.Statements)
}

// required is the least number of covered statements, out of statements,
// that reaches threshold percent: ceil(threshold*statements/100), exactly.
func required(threshold float64, statements int64) int64 {
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(threshold, 'f', -1, 64))
	r.Mul(r, new(big.Rat).SetInt64(statements))
	r.Quo(r, big.NewRat(100, 1))
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return q.Int64()
}

// FormatPercent formats covered/total in percent with one decimal,
// truncated, never rounded up: 9696 of 10000 is "96.9", so a figure below a
// threshold never prints as reaching it. No statements prints "0.0", as
// `go tool cover` does.
func FormatPercent(covered, total int64) string {
	if total <= 0 {
		return "0.0"
	}
	tenths := covered * 1000 / total
	return fmt.Sprintf("%d.%d", tenths/10, tenths%10)
}

// formatThreshold prints a threshold with at least one decimal: 97.0, 97.5,
// 97.25.
func formatThreshold(t float64) string {
	s := strconv.FormatFloat(t, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// GateLine is the last line of a coverage run:
// "coverage: 97.4% of statements (threshold 97.0%)".
func GateLine(rep Report) string {
	return fmt.Sprintf("coverage: %s%% of statements (threshold %s%%)",
		FormatPercent(rep.Total.Covered, rep.Total.Statements), formatThreshold(rep.Threshold))
}

// Judge applies the gate to rep as a coverage run ends: a failure's reason
// on errOut ("mush: ..."), then the gate line on out, always last. It
// returns Gate's verdict.
func Judge(out, errOut io.Writer, rep Report) error {
	err := Gate(rep)
	if err != nil {
		fmt.Fprintln(errOut, "mush: "+err.Error())
	}
	fmt.Fprintln(out, GateLine(rep))
	return err
}
