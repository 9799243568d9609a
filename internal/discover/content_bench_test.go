package discover

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkContent cuts the content of every scenario of a file of 2,000
// scenarios: the cost per scenario should not grow with the file.
func BenchmarkContent(b *testing.B) {
	var src strings.Builder
	src.WriteString("Feature: Big\n")
	for i := range 2000 {
		fmt.Fprintf(&src, "\n  Scenario: case %d\n    Given a step\n    Then a step\n", i)
	}
	ff, problems := parse("big.feature", []byte(src.String()))
	if ff == nil {
		b.Fatal(problems)
	}
	b.ResetTimer()
	for range b.N {
		for _, p := range ff.pickles {
			ff.content(p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ff.pickles)), "ns/scenario")
}
