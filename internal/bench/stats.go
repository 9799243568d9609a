package bench

import (
	"slices"
	"time"
)

// Stats are the median, minimum and maximum of a contender's wall times.
type Stats struct {
	Median, Min, Max time.Duration
}

// Summarize computes Stats; the median of an even count is the mean of the
// two middle values. No values give zero Stats.
func Summarize(walls []time.Duration) Stats {
	if len(walls) == 0 {
		return Stats{}
	}
	s := slices.Clone(walls)
	slices.Sort(s)
	mid := len(s) / 2
	med := s[mid]
	if len(s)%2 == 0 {
		med = (s[mid-1] + s[mid]) / 2
	}
	return Stats{Median: med, Min: s[0], Max: s[len(s)-1]}
}

// ratio returns a/b, or 0 when either is not positive.
func ratio(a, b float64) float64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	return a / b
}
