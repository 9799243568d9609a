package report

import (
	"bytes"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/view"
)

// collect returns a consumer that keeps the first n elements it sees
// (all of them for n < 0) and stops there.
func collect(n int, into *[]int) func(iter.Seq[int]) {
	return func(seq iter.Seq[int]) {
		for x := range seq {
			if n >= 0 && len(*into) == n {
				return
			}
			*into = append(*into, x)
		}
	}
}

// TestShare: both consumers see every element in order, the sequence
// walked once; one that stops early, or never starts (a file that could
// not be created), does not hold the other back.
func TestShare(t *testing.T) {
	tests := []struct {
		name       string
		stopA      int // -1: reads all
		wantA      int
		neverReadB bool
	}{
		{"both read all", -1, 100, false},
		{"one stops early", 3, 3, false},
		{"one stops at once", 0, 0, false},
		{"one never reads", -1, 100, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			walked := 0
			seq := func(yield func(int) bool) {
				for i := range 100 {
					walked++
					if !yield(i) {
						return
					}
				}
			}
			var a, b []int
			consumeB := collect(-1, &b)
			if tt.neverReadB {
				consumeB = func(iter.Seq[int]) {}
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				share(seq, 1, collect(tt.stopA, &a), consumeB)
			}()
			select {
			case <-done:
			case <-time.After(time.Minute): // a deadlock, not a slow machine
				t.Fatal("share did not return")
			}
			want := make([]int, tt.wantA)
			for i := range want {
				want[i] = i
			}
			if !slices.Equal(a, want) {
				t.Errorf("a saw %v, want 0..%d", a, tt.wantA-1)
			}
			if wantB := 100; !tt.neverReadB && len(b) != wantB {
				t.Errorf("b saw %d elements, want %d", len(b), wantB)
			}
			if walked != 100 {
				t.Errorf("the sequence was walked %d times, want 100 (once, to the end)", walked)
			}
		})
	}
}

// zebraRun is sample.Scale's run of features files of n scenarios, its
// files under a new working directory, the records of the second file
// naming its feature "Zebra", so that the reports' order by feature name
// differs from the files' order.
func zebraRun(t testing.TB, features, n int) *view.View {
	t.Helper()
	run := scaleFiles(t, features, n, 2)
	second := run.Scenarios[n].File
	for i := range run.Scenarios {
		if run.Scenarios[i].File == second {
			run.Scenarios[i].Feature = "Zebra"
		}
	}
	return view.New(run, view.Options{})
}

// TestWriteAllParsesOnceForBoth: the cucumber.json and messages.ndjson
// WriteAll writes side by side from one parse of each file are, run after
// run, byte for byte what WriteCucumber and WriteMessages write alone,
// with a file that can no longer be read among the others.
func TestWriteAllParsesOnceForBoth(t *testing.T) {
	v := zebraRun(t, 7, 3)
	if err := os.Remove(filepath.FromSlash(v.Run.Scenarios[9].File)); err != nil { // its records alone
		t.Fatal(err)
	}
	var cucumber, msgs bytes.Buffer
	if err := WriteCucumber(&cucumber, v, FeatureFiles("")); err != nil {
		t.Fatal(err)
	}
	if err := WriteMessages(&msgs, v, FeatureFiles("")); err != nil {
		t.Fatal(err)
	}
	zebra, last := bytes.Index(cucumber.Bytes(), []byte(`"uri": "features/area_002.feature"`)), bytes.Index(cucumber.Bytes(), []byte(`"uri": "features/area_007.feature"`))
	if zebra < last || bytes.Count(msgs.Bytes(), []byte(`{"gherkinDocument":`)) != 6 {
		t.Fatalf("the sample is not what the test needs: Zebra last, six documents of seven files")
	}
	for range 5 {
		dir := t.TempDir()
		if _, err := WriteAll(dir, v, false); err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string][]byte{CucumberFile: cucumber.Bytes(), MessagesFile: msgs.Bytes()} {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("WriteAll's %s differs from what its writer writes alone", name)
			}
		}
	}
}

// BenchmarkCucumberFormats compares writing cucumber.json and
// messages.ndjson side by side, each parsing every feature file (apart),
// with WriteAll's one parse for both (shared), on 20,000 scenarios.
func BenchmarkCucumberFormats(b *testing.B) {
	v := zebraRun(b, 100, 200)
	b.Run("apart", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				WriteCucumber(io.Discard, v, FeatureFiles(""))
			}()
			WriteMessages(io.Discard, v, FeatureFiles(""))
			wg.Wait()
		}
	})
	b.Run("shared", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ids := &messages.Incrementing{}
			share(featureFiles(v, FeatureFiles(""), ids), 4,
				func(files iter.Seq[*featureFile]) { writeCucumber(io.Discard, files) },
				func(files iter.Seq[*featureFile]) { writeMessages(io.Discard, v, ids, files) })
		}
	})
}
