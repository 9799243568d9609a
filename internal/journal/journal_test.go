package journal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/fixtures/hostilefile"
	"github.com/mushbdd/mush/internal/golden"
	"github.com/mushbdd/mush/internal/result"
)

var t0 = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

func scenario(file string, line int, st result.Status) result.Scenario {
	return result.Scenario{Feature: "Basket", Name: "add apples", File: file, Line: line, Order: line,
		Status: st, Start: t0, Duration: 1500 * time.Millisecond, Worker: 2, Attempt: 1}
}

// writeSample writes a short run through w: two scenarios, one finished.
func writeSample(t *testing.T, w *Writer) {
	t.Helper()
	zone := time.FixedZone("CET", 3600)
	s := scenario("features/basket.feature", 3, result.Failed)
	s.Error = "expected 2, got 3"
	s.Start = t0.In(zone) // written in UTC
	for _, err := range []error{
		w.Start("features/basket.feature:3", 2, t0.In(zone)),
		w.Start("features/basket.feature:9", 1, t0.Add(time.Second)),
		w.Finish(s, t0.Add(2*time.Second)),
		w.Note("fail-fast: stopping", t0.Add(3*time.Second)),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestWriterGolden(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	writeSample(t, w)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "journal.golden.ndjson"), buf.Bytes())
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "build", "reports", "journal.ndjson")
	w, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	writeSample(t, w)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	events, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	s := scenario("features/basket.feature", 3, result.Failed)
	s.Error = "expected 2, got 3"
	want := []Event{
		{Kind: KindStart, Time: t0, Location: "features/basket.feature:3", Worker: 2},
		{Kind: KindStart, Time: t0.Add(time.Second), Location: "features/basket.feature:9", Worker: 1},
		{Kind: KindFinish, Time: t0.Add(2 * time.Second), Location: "features/basket.feature:3", Worker: 2, Scenario: &s},
		{Kind: KindNote, Time: t0.Add(3 * time.Second), Note: "fail-fast: stopping"},
	}
	if !reflect.DeepEqual(events, want) {
		t.Errorf("events:\n%+v\nwant\n%+v", events, want)
	}
}

func TestCreateTruncates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.ndjson")
	if err := os.WriteFile(path, []byte("old run\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Note("new run", t0); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"kind":"note","time":"2025-03-14T09:26:53Z","note":"new run"}` + "\n"; string(got) != want {
		t.Errorf("file holds %q, want %q", got, want)
	}
}

func TestCreateErrors(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string) string
		wantErr string
	}{
		{"directory is a file", func(t *testing.T, dir string) string {
			mustWrite(t, filepath.Join(dir, "build"))
			return filepath.Join(dir, "build", "j.ndjson")
		}, "journal: mkdir "},
		{"path is a directory", func(t *testing.T, dir string) string {
			return dir
		}, "journal: " + "DIR is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			w, err := Create(tt.setup(t, dir))
			if want := strings.ReplaceAll(tt.wantErr, "DIR", dir); err == nil || !strings.HasPrefix(err.Error(), want) || w != nil {
				t.Errorf("Create = %v, %v; want nil and an error starting %q", w, err, tt.wantErr)
			}
		})
	}
}

func mustWrite(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

// recorder keeps every Write call apart, or fails them all.
type recorder struct {
	mu    sync.Mutex
	calls [][]byte
	fail  error
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.fail != nil {
		return 0, r.fail
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, bytes.Clone(p))
	return len(p), nil
}

func TestOneWritePerLine(t *testing.T) {
	rec := &recorder{}
	writeSample(t, NewWriter(rec))
	if len(rec.calls) != 4 {
		t.Fatalf("%d Write calls for 4 events", len(rec.calls))
	}
	for i, call := range rec.calls {
		if bytes.IndexByte(call, '\n') != len(call)-1 || !json.Valid(call) {
			t.Errorf("call %d is not one whole JSON line: %q", i, call)
		}
	}
}

func TestWriterErrors(t *testing.T) {
	errDisk := errors.New("disk full")
	far := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		w       *Writer
		call    func(*Writer) error
		wantErr string
	}{
		{"write fails", NewWriter(&recorder{fail: errDisk}),
			func(w *Writer) error { return w.Note("x", t0) }, "cannot write the journal: disk full (writing a note event)"},
		{"time out of range", NewWriter(&recorder{}),
			func(w *Writer) error { return w.Start("a:1", 1, far) }, "journal: encode start event: "},
		{"closed", closed(NewWriter(&recorder{})),
			func(w *Writer) error { return w.Finish(result.Scenario{}, t0) }, ErrClosed.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(tt.w)
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want prefix %q", err, tt.wantErr)
			}
		})
	}
}

// After a write fails, nothing more is written, not even a line that
// would fit again (a full disk that a removed file freed): the journal
// ends at the failure, and Err says where and why.
func TestWriterStopsAtTheFirstFailure(t *testing.T) {
	rec := &recorder{}
	w := NewWriter(rec)
	if w.Err() != nil {
		t.Fatal(w.Err())
	}
	writeSample(t, w)
	rec.fail = &os.PathError{Op: "write", Path: "/r/journal.ndjson", Err: syscall.ENOSPC}
	w.path = "/r/journal.ndjson"
	first := w.Finish(scenario("a.feature", 3, result.Passed), t0)
	rec.fail = nil
	second := w.Done(Done{Code: 1}, t0)
	want := "cannot write the journal /r/journal.ndjson: no space left on device (writing a finish event)"
	if first == nil || first.Error() != want || second != first || w.Err() != first || !errors.Is(first, syscall.ENOSPC) {
		t.Fatalf("errors %v / %v / %v, want %q each time", first, second, w.Err(), want)
	}
	if len(rec.calls) != 4 {
		t.Errorf("%d lines written, want the 4 before the failure", len(rec.calls))
	}
}

// The journal's path is refused at once when it is a named pipe (opening
// it for writing would wait for a reader forever) or a link, which is not
// followed: the file behind it is left as it was.
func TestCreateRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	for name, path := range hostilefile.Make(t, dir, ".ndjson") {
		t.Run(name, func(t *testing.T) {
			w, err := Create(path)
			if w != nil || err == nil || !strings.HasPrefix(err.Error(), "journal: "+path+" is ") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("Create = %v, %v; want one line refusing %s", w, err, path)
			}
		})
	}
}

func closed(w *Writer) *Writer {
	w.Close()
	return w
}

func TestClose(t *testing.T) {
	// Close is idempotent and leaves a caller's writer open.
	path := filepath.Join(t.TempDir(), "j.ndjson")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := NewWriter(f)
	for range 2 {
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.WriteString("still open\n"); err != nil {
		t.Errorf("NewWriter's Close closed the caller's file: %v", err)
	}
	cw, err := Create(filepath.Join(t.TempDir(), "k.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := cw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := cw.file.WriteString("x"); err == nil {
		t.Error("Close left Create's file open")
	}
}

func TestConcurrentWriters(t *testing.T) {
	// The file gets lines from many goroutines through Create; the buffer,
	// which is not safe for concurrent use, shows (under -race, or as
	// garbled lines) whether the Writer serialises its writes itself.
	tests := []struct {
		name string
		open func(t *testing.T) (w *Writer, contents func() []byte)
	}{
		{"file", func(t *testing.T) (*Writer, func() []byte) {
			path := filepath.Join(t.TempDir(), "j.ndjson")
			w, err := Create(path)
			if err != nil {
				t.Fatal(err)
			}
			return w, func() []byte {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				return data
			}
		}},
		{"unsynchronised buffer", func(t *testing.T) (*Writer, func() []byte) {
			var buf bytes.Buffer
			return NewWriter(&buf), buf.Bytes
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, contents := tt.open(t)
			const workers, perWorker = 16, 50
			// Long errors make each line larger than a pipe or buffer chunk.
			long := strings.Repeat("x", 8192)
			var wg sync.WaitGroup
			for g := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range perWorker {
						s := scenario(fmt.Sprintf("w%d.feature", g), i+1, result.Failed)
						s.Worker, s.Error = g, long
						for _, err := range []error{
							w.Start(s.Location(), g, t0),
							w.Finish(s, t0),
							w.Note(fmt.Sprintf("note %d/%d", g, i), t0),
						} {
							if err != nil {
								t.Error(err)
							}
						}
					}
				}()
			}
			wg.Wait()
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			events, err := Read(bytes.NewReader(contents()))
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]int{}
			for _, ev := range events {
				if ev.Kind == KindFinish && (ev.Scenario.Error != long || ev.Scenario.Worker != ev.Worker) {
					t.Errorf("finish %s holds a damaged scenario", ev.Location)
				}
				seen[ev.Kind+" "+ev.Location+ev.Note]++
			}
			if len(events) != 3*workers*perWorker || len(seen) != len(events) {
				t.Errorf("read %d events, %d distinct; want %d, all distinct", len(events), len(seen), 3*workers*perWorker)
			}
			st := Fold(events)
			if len(st.Finished) != workers*perWorker || len(st.Running) != 0 {
				t.Errorf("replay: %d finished, %d running; want %d and 0", len(st.Finished), len(st.Running), workers*perWorker)
			}
		})
	}
}

func TestCloseDuringWrites(t *testing.T) {
	// Writes racing with Close either land whole or return ErrClosed.
	var buf bytes.Buffer
	w := NewWriter(&buf)
	var wg sync.WaitGroup
	var mu sync.Mutex
	written := 0
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				err := w.Note(fmt.Sprintf("%d/%d", g, i), t0)
				if err != nil && !errors.Is(err, ErrClosed) {
					t.Error(err)
				}
				if err == nil {
					mu.Lock()
					written++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := w.Close(); err != nil {
			t.Error(err)
		}
	}()
	wg.Wait()
	events, err := Read(&buf)
	if err != nil || len(events) != written {
		t.Errorf("read %d events (%v); %d writes succeeded", len(events), err, written)
	}
}

func TestLast(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 200)
	for _, tc := range []struct {
		name, content string
		tail          int64
		want          string // the last event's note, "" for not ok
	}{
		{"last of several", `{"kind":"note","note":"a"}` + "\n" + `{"kind":"note","note":"b"}` + "\n", 1 << 10, "b"},
		{"only line, all read", `{"kind":"note","note":"only"}` + "\n", 1 << 10, "only"},
		{"only line, longer than the tail", `{"kind":"note","note":"` + long + `"}` + "\n", 64, ""},
		{"cut off mid-write", `{"kind":"note","note":"a"}` + "\n" + `{"kind":"no`, 1 << 10, ""},
		{"not an event", `{"kind":"note","note":"a"}` + "\n" + `{"kind":"odd"}` + "\n", 1 << 10, ""},
		{"empty", "", 1 << 10, ""},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_"))
		if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		ev, ok := Last(path, tc.tail)
		if ok != (tc.want != "") || ev.Note != tc.want {
			t.Errorf("%s: Last = %+v, %v; want note %q", tc.name, ev, ok, tc.want)
		}
	}
	if _, ok := Last(filepath.Join(dir, "missing"), 1<<10); ok {
		t.Error("a missing journal has a last event")
	}
}
