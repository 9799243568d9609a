package coverage

import (
	"math"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/exitcode"
)

func TestGate(t *testing.T) {
	tests := []struct {
		name      string
		total     Stats
		threshold float64
		wantErr   string
		wantCode  int
	}{
		{"96.96% fails 97 (cover -func would print 97.0%)", Stats{10000, 9696}, 97, "coverage 96.9% of statements is below the threshold 97.0%: 4 more of 10000 statements must be covered", exitcode.Coverage},
		{"97.0% exactly passes 97", Stats{10000, 9700}, 97, "", exitcode.OK},
		{"one statement short of 97", Stats{100, 96}, 97, "1 more of 100", exitcode.Coverage},
		{"no statements fails", Stats{0, 0}, 97, "no statements measured", exitcode.Coverage},
		{"no statements fails even at 0", Stats{0, 0}, 0, "no statements measured", exitcode.Coverage},
		{"97.5 is exact: 97.5% passes", Stats{1000, 975}, 97.5, "", exitcode.OK},
		{"97.5 is exact: 97.4% fails", Stats{1000, 974}, 97.5, "below the threshold 97.5%", exitcode.Coverage},
		{"97.3 compares as the decimal 97.3", Stats{1000, 973}, 97.3, "", exitcode.OK},
		{"97.3 needs 97.3 of 100, so 98", Stats{100, 97}, 97.3, "1 more of 100", exitcode.Coverage},
		{"threshold 0 passes nothing covered", Stats{10, 0}, 0, "", exitcode.OK},
		{"threshold 100 passes all covered", Stats{7, 7}, 100, "", exitcode.OK},
		{"threshold 100 fails one miss", Stats{1000000, 999999}, 100, "coverage 99.9% of statements is below the threshold 100.0%", exitcode.Coverage},
		{"threshold NaN is misuse", Stats{10, 10}, math.NaN(), "coverage threshold NaN: not a number between 0 and 100", exitcode.Misuse},
		{"threshold above 100 is misuse", Stats{10, 10}, 101, "not a number between 0 and 100", exitcode.Misuse},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Gate(Report{Total: tc.total, Threshold: tc.threshold})
			checkErr(t, err, tc.wantErr)
			checkCode(t, err, tc.wantCode)
		})
	}
}

func TestFormatPercent(t *testing.T) {
	tests := []struct {
		name           string
		covered, total int64
		want           string
	}{
		{"truncated, not rounded", 9696, 10000, "96.9"},
		{"just below 100", 9999, 10000, "99.9"},
		{"all", 7, 7, "100.0"},
		{"two thirds", 2, 3, "66.6"},
		{"one third", 1, 3, "33.3"},
		{"none", 0, 5, "0.0"},
		{"no statements", 0, 0, "0.0"},
		{"large counts", 123456789, 123456790, "99.9"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := FormatPercent(tc.covered, tc.total); got != tc.want {
				t.Errorf("FormatPercent(%d, %d) = %q, want %q", tc.covered, tc.total, got, tc.want)
			}
		})
	}
}

func TestGateLine(t *testing.T) {
	tests := []struct {
		name string
		rep  Report
		want string
	}{
		{"the documented example", Report{Total: Stats{1000, 974}, Threshold: 97}, "coverage: 97.4% of statements (threshold 97.0%)"},
		{"fractional threshold", Report{Total: Stats{3, 3}, Threshold: 97.25}, "coverage: 100.0% of statements (threshold 97.25%)"},
		{"nothing measured", Report{Threshold: 0}, "coverage: 0.0% of statements (threshold 0.0%)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := GateLine(tc.rep); got != tc.want {
				t.Errorf("GateLine = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestStatsPercent(t *testing.T) {
	tests := []struct {
		name  string
		stats Stats
		want  float64
	}{
		{"no statements", Stats{0, 0}, 0},
		{"half", Stats{4, 2}, 50},
		{"all", Stats{3, 3}, 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.stats.Percent(); got != tc.want {
				t.Errorf("%+v.Percent() = %v, want %v", tc.stats, got, tc.want)
			}
		})
	}
}

func TestJudgeEndsWithTheGateLine(t *testing.T) {
	for _, tc := range []struct {
		covered, statements int64
		out, errOut         string
	}{
		{9700, 10000, "coverage: 97.0% of statements (threshold 97.0%)\n", ""},
		{9696, 10000, "coverage: 96.9% of statements (threshold 97.0%)\n",
			"mush: coverage 96.9% of statements is below the threshold 97.0%: 4 more of 10000 statements must be covered\n"},
	} {
		var out, errOut strings.Builder
		rep := Report{Threshold: 97, Total: Stats{Statements: tc.statements, Covered: tc.covered}}
		err := Judge(&out, &errOut, rep)
		if (err != nil) != (tc.errOut != "") || out.String() != tc.out || errOut.String() != tc.errOut {
			t.Errorf("Judge(%d/%d) = %v\nout %q\nerr %q", tc.covered, tc.statements, err, out.String(), errOut.String())
		}
	}
}
