package journal

import (
	"io"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/sample"
)

// BenchmarkEvents measures the journal's two events per scenario, start
// and finish, for a trivial scenario of the benchmark's 20,000-scenario
// corpus (two passed steps), written to io.Discard.
func BenchmarkEvents(b *testing.B) {
	run, _ := sample.Scale(1, 1, 1)
	s := run.Scenarios[0]
	loc, at := s.Location(), s.Start.Add(time.Millisecond)
	w := NewWriter(io.Discard)
	b.Run("start", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := w.Start(loc, s.Worker, at); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("finish", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := w.Finish(s, at); err != nil {
				b.Fatal(err)
			}
		}
	})
}
