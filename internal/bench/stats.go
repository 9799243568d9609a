package bench

import "slices"

// Stats are the median, minimum and maximum of a contender's rounds in
// seconds, or a figure computed from them and its range (see over).
type Stats struct {
	MedianS float64 `json:"median_s"`
	MinS    float64 `json:"min_s"`
	MaxS    float64 `json:"max_s"`
}

// Summarize computes the Stats of secs; the median of an even count is the
// mean of the two middle values. No values give zero Stats.
func Summarize(secs []float64) Stats {
	if len(secs) == 0 {
		return Stats{}
	}
	s := slices.Sorted(slices.Values(secs))
	mid := len(s) / 2
	med := s[mid]
	if len(s)%2 == 0 {
		med = (s[mid-1] + s[mid]) / 2
	}
	return Stats{med, s[0], s[len(s)-1]}
}

// point is a figure measured once (peak RSS, a computed balance): no range.
func point(v float64) Stats { return Stats{v, v, v} }

// over is a/b, its range from a's best round over b's worst and the
// other way round.
func (a Stats) over(b Stats) Stats {
	return Stats{ratio(a.MedianS, b.MedianS), ratio(a.MinS, b.MaxS), ratio(a.MaxS, b.MinS)}
}

// ratio returns a/b, or 0 when either is not positive.
func ratio(a, b float64) float64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	return a / b
}
