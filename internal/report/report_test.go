package report

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/coverage"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/view"
)

// t0 is the fixed start of the fixture run.
var t0 = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

// fixture is a run with every status, two feature files, an outline whose
// rows share a name, a suite-level failure and characters XML cannot carry.
// Its scenarios are in Order, which puts a Checkout scenario between two
// Basket ones.
func fixture() result.Run {
	at := func(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }
	steps := func(st ...result.Status) []result.Step {
		texts := []string{"Given a basket", "When I add 2 apples", "Then the basket holds 2 apples"}
		var out []result.Step
		for i, s := range st {
			kw, text, _ := strings.Cut(texts[i], " ")
			out = append(out, result.Step{Keyword: kw + " ", Text: text, Line: 4 + i, Status: s})
		}
		return out
	}
	return result.Run{
		Workers: 4,
		Seed:    0,
		Started: t0,
		Wall:    2*time.Second + 345*time.Millisecond,
		Busy:    5*time.Second + 5*time.Millisecond,
		Notes:   []string{"suite teardown failed: database still locked\ncleanup.go:12"},
		Failed:  true,
		Scenarios: []result.Scenario{
			{Feature: "Basket", Name: "add apples", File: "features/basket.feature", Line: 3, Order: 0, Tags: []string{"@smoke"},
				Status: result.Passed, Steps: steps(result.Passed, result.Passed, result.Passed),
				Start: at(0), Duration: 120 * time.Millisecond, Worker: 1, Attempt: 1},
			{Feature: "Basket", Name: "remove apples", File: "features/basket.feature", Line: 10, Order: 1,
				Status: result.Failed, Error: "expected 2 apples, got 3\n\tbasket_test.go:40\x1b[31m red\x1b[0m \x00\x07 bad\xffbyte",
				FailedStep: "Then the basket holds 2 apples", FailedLine: 6,
				Steps: steps(result.Passed, result.Passed, result.Failed),
				Start: at(1), Duration: 310 * time.Millisecond, Worker: 3, Attempt: 1,
				Retries: []result.Try{
					{Status: result.Failed, Error: "expected 2 apples, got 4", FailedStep: "Then the basket holds 2 apples", FailedLine: 6, DurationS: 0.1},
					{Status: result.Failed, Error: "expected 2 apples, got 5", DurationS: 0.1},
				}},
			{Feature: "Basket", Name: "weigh <fruit>", File: "features/basket.feature", Line: 22, Order: 2,
				Status: result.Undefined, Error: "step is undefined: When I add 2 apples",
				Snippet: "func iAddApples(n int) error {\n\treturn godog.ErrPending\n}",
				Steps:   steps(result.Passed, result.Undefined, result.Skipped),
				Start:   at(2), Duration: 5 * time.Millisecond, Worker: 1, Attempt: 1},
			{Feature: "Checkout", Name: "pay by card", File: "features/checkout.feature", Line: 3, Order: 3,
				Status: result.Passed, Steps: steps(result.Passed, result.Passed, result.Passed),
				Start: at(1), Duration: 250 * time.Millisecond, Worker: 2, Attempt: 1,
				Retries: []result.Try{{Status: result.Failed, Error: "card declined\n\tpay_test.go:12",
					FailedStep: "When I add 2 apples", FailedLine: 5, DurationS: 0.125}}},
			{Feature: "Basket", Name: "weigh <fruit>", File: "features/basket.feature", Line: 23, Order: 4,
				Status: result.Pending, Error: "TODO: write pending definition",
				Steps: steps(result.Passed, result.Pending),
				Start: at(2), Duration: 7 * time.Millisecond, Worker: 2, Attempt: 1},
			{Feature: "Checkout", Name: "pay by voucher", File: "features/checkout.feature", Line: 9, Order: 5,
				Status: result.Ambiguous, Error: "ambiguous step: \"I pay\" matches 2 definitions",
				Steps: steps(result.Ambiguous), Start: at(3), Duration: 1 * time.Millisecond, Worker: 4, Attempt: 1},
			{Feature: "Checkout", Name: "pay by cheque", File: "features/checkout.feature", Line: 15, Order: 6,
				Status: result.Crashed, Error: "panic: runtime error: index out of range [3] with length 3\ngoroutine 7 [running]:",
				FailedStep: "When I add 2 apples", FailedLine: 17,
				Steps: steps(result.Passed, result.Failed, result.Skipped),
				Start: at(3), Duration: 1500 * time.Millisecond, Worker: 1, Attempt: 2},
			{Feature: "Checkout", Name: "pay later", File: "features/checkout.feature", Line: 21, Order: 7,
				Status: result.TimedOut, Error: "scenario exceeded 30s",
				Steps: steps(result.Passed, result.Skipped, result.Skipped),
				Start: at(4), Duration: 30 * time.Second, Worker: 2, Attempt: 1},
			{Feature: "Checkout", Name: "refund", File: "features/checkout.feature", Line: 27, Order: 8,
				Status: result.Skipped, Error: "fail-fast: an earlier scenario failed"},
			{Feature: "Checkout", Name: "refund twice", File: "features/checkout.feature", Line: 33, Order: 9,
				Status: result.Skipped},
		},
	}
}

// viewOf is the view of run the reports are written from.
func viewOf(run result.Run) *view.View { return view.New(run, view.Options{}) }

// failWriter fails every write.
type failWriter struct{}

var errDisk = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errDisk }

// failOn fails its n-th write (counting from 1) and every one after;
// with n 0 it fails none and counts the writes.
type failOn struct{ n, calls int }

func (f *failOn) Write(p []byte) (int, error) {
	f.calls++
	if f.n > 0 && f.calls >= f.n {
		return 0, errDisk
	}
	return len(p), nil
}

// TestWriteErrors: a writer that fails at any one of its writes, the
// first or the last or one between, makes every report writer fail with
// its error, whichever part of the report it was writing.
func TestWriteErrors(t *testing.T) {
	v := viewOf(fixture())
	for name, write := range map[string]func(io.Writer) error{
		"junit":    func(w io.Writer) error { return WriteJUnit(w, v) },
		"results":  func(w io.Writer) error { return WriteJSON(w, v) },
		"rerun":    func(w io.Writer) error { return WriteRerun(w, v) },
		"html":     func(w io.Writer) error { return WriteHTML(w, v) },
		"trace":    func(w io.Writer) error { return WriteTrace(w, v) },
		"messages": func(w io.Writer) error { return WriteMessages(w, v, nil) },
	} {
		count := &failOn{}
		if err := write(count); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for n := 1; n <= count.calls; n++ {
			if err := write(&failOn{n: n}); !errors.Is(err, errDisk) {
				t.Errorf("%s failing at write %d of %d: err = %v, want the writer's", name, n, count.calls, err)
			}
		}
	}
}

func TestWriteAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "build", "reports")
	paths, err := WriteAll(dir, viewOf(fixture()), true)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "junit.xml"), filepath.Join(dir, "results.json"), filepath.Join(dir, "rerun.txt"),
		filepath.Join(dir, "index.html"), filepath.Join(dir, "trace.json"), filepath.Join(dir, "cucumber.json"),
		filepath.Join(dir, "messages.ndjson")}
	if !slices.Equal(paths, want) {
		t.Fatalf("paths = %q, want %q", paths, want)
	}
	var junit, results, rerun bytes.Buffer
	if err := WriteJUnit(&junit, viewOf(fixture())); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&results, viewOf(fixture())); err != nil {
		t.Fatal(err)
	}
	if err := WriteRerun(&rerun, viewOf(fixture())); err != nil {
		t.Fatal(err)
	}
	for i, content := range [][]byte{junit.Bytes(), results.Bytes(), rerun.Bytes()} {
		got, err := os.ReadFile(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, content) {
			t.Errorf("%s does not hold what the writer writes", paths[i])
		}
	}
}

// TestWriteRerun: every failing scenario (undefined, pending, ambiguous,
// crashed and timed out included) in file order; nothing for a run without
// failures; a write error is reported.
func TestWriteRerun(t *testing.T) {
	var b bytes.Buffer
	if err := WriteRerun(&b, viewOf(fixture())); err != nil {
		t.Fatal(err)
	}
	want := "features/basket.feature:10\nfeatures/basket.feature:22\nfeatures/basket.feature:23\n" +
		"features/checkout.feature:9\nfeatures/checkout.feature:15\nfeatures/checkout.feature:21\n"
	if b.String() != want {
		t.Errorf("rerun file:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	passed := result.Run{Scenarios: []result.Scenario{{File: "a.feature", Line: 3, Status: result.Passed,
		Retries: []result.Try{{Status: result.Failed}}}, {File: "a.feature", Line: 5, Status: result.Skipped}}}
	if err := WriteRerun(&b, viewOf(passed)); err != nil || b.Len() != 0 {
		t.Errorf("a run without failures wrote %q, %v; want an empty file", b.String(), err)
	}
	if err := WriteRerun(failWriter{}, viewOf(fixture())); !errors.Is(err, errDisk) {
		t.Errorf("err = %v, want the writer's error", err)
	}
}

// TestWriteAllErrors: a file that cannot be written does not keep the
// others from being written; the error is the first failing file's, in
// WriteAll's order.
func TestWriteAllErrors(t *testing.T) {
	dirs := func(names ...string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			for _, n := range names {
				if err := os.MkdirAll(filepath.Join(dir, n), 0o755); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	tests := []struct {
		name      string
		setup     func(t *testing.T, dir string) // makes the directory unwritable in some way
		wantPaths []string
		wantErr   string // the file named in the error, if one is
	}{
		{"dir is a file", func(t *testing.T, dir string) {
			mustWrite(t, dir, "not a directory")
		}, nil, ""},
		{"results.json is a directory", dirs("results.json"),
			[]string{"junit.xml", "rerun.txt", "index.html", "trace.json", "cucumber.json", "messages.ndjson"}, "results.json"},
		{"cucumber.json and trace.json are directories", dirs("cucumber.json", "trace.json"),
			[]string{"junit.xml", "results.json", "rerun.txt", "index.html", "messages.ndjson"}, "trace.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "reports")
			tt.setup(t, dir)
			paths, err := WriteAll(dir, viewOf(fixture()), true)
			if err == nil {
				t.Fatal("WriteAll succeeded")
			}
			if want := filepath.Join(dir, tt.wantErr); tt.wantErr != "" && !strings.Contains(err.Error(), "write "+want+":") {
				t.Errorf("err = %v, want the error of %s", err, want)
			}
			var want []string
			for _, p := range tt.wantPaths {
				want = append(want, filepath.Join(dir, p))
			}
			if !slices.Equal(paths, want) {
				t.Errorf("paths = %q, want %q", paths, want)
			}
		})
	}
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWritePage: a coverage run leaves index.html out of WriteAll (still
// listed) and writes it once at its end from results.json, with the
// coverage section and the link to coverage.html, or without coverage; a
// directory without results has no page to write.
func TestWritePage(t *testing.T) {
	dir := t.TempDir()
	paths, err := WriteAll(dir, viewOf(fixture()), false)
	if err != nil || !slices.Contains(paths, filepath.Join(dir, HTMLFile)) {
		t.Fatalf("paths %q, %v", paths, err)
	}
	if _, err := os.Stat(filepath.Join(dir, HTMLFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("WriteAll without page wrote index.html: %v", err)
	}
	if err := WritePage(dir, nil); err != nil {
		t.Fatal(err)
	}
	if page, _ := os.ReadFile(filepath.Join(dir, HTMLFile)); !bytes.Contains(page, []byte("remove apples")) || bytes.Contains(page, []byte(`id="coverage"`)) {
		t.Errorf("page without coverage:\n%s", page)
	}
	rep := coverage.Report{Total: coverage.Stats{Statements: 10, Covered: 9}, Threshold: 97,
		Packages: []coverage.PackageStats{{Package: "m/a", Stats: coverage.Stats{Statements: 10, Covered: 9}}}}
	if err := WritePage(dir, &view.Coverage{Report: rep, HTML: "../coverage/coverage.html"}); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(dir, HTMLFile))
	for _, want := range []string{"coverage: 90.0% of statements (threshold 97.0%)", `href="../coverage/coverage.html"`, "remove apples"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	if err := WritePage(t.TempDir(), nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("without results.json: %v", err)
	}
	bad := t.TempDir()
	mustWrite(t, filepath.Join(bad, ResultsFile), "{")
	if err := WritePage(bad, nil); err == nil {
		t.Error("a broken results.json was accepted")
	}
}
