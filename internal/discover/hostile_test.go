package discover

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/fixtures/hostilefile"
)

const refusedSuffix = " (accepted: a regular file of at most 4 MiB)"

func TestFindRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	hostile := hostilefile.Make(t, dir, ".feature")
	for name, path := range hostile {
		if name == "a directory" {
			continue // walked: a directory of features is a path
		}
		t.Run(name, func(t *testing.T) {
			_, _, err := Find(Options{Paths: []string{path}})
			got := problems(t, err)
			if len(got) != 1 || !strings.HasPrefix(got[0], path+" is ") || !strings.HasSuffix(got[0], refusedSuffix) {
				t.Errorf("problems %q: want one line naming %s and what is accepted", got, path)
			}
		})
	}
	t.Run("in a directory walked", func(t *testing.T) {
		_, _, err := Find(Options{Paths: []string{dir}})
		if got := problems(t, err); len(got) != len(hostile)-1 {
			t.Errorf("problems %q: want one for each of %d hostile files", got, len(hostile)-1)
		}
	})
}

// A 50 MB feature file is refused from its size, before a byte is read.
func TestFindRefusesLargeFeature(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.feature")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	f.Close()
	_, _, err = Find(Options{Paths: []string{path}})
	want := []string{path + " is larger than 4 MiB" + refusedSuffix}
	if got := problems(t, err); !slices.Equal(got, want) {
		t.Errorf("problems %q, want %q", got, want)
	}
}

// docStringFeature is a feature whose one scenario has a doc string of n
// lines of line each.
func docStringFeature(n int, line string) []byte {
	var b bytes.Buffer
	b.WriteString("Feature: big\n  Scenario: s\n    Given a doc string:\n      \"\"\"\n")
	for range n {
		b.WriteString("      " + line + "\n")
	}
	b.WriteString("      \"\"\"\n")
	return b.Bytes()
}

func TestFindDocStringLimits(t *testing.T) {
	tests := []struct {
		name    string
		lines   int
		line    string
		problem string // "" when accepted
	}{
		{"at both limits", MaxDocStringLines, strings.Repeat("x", MaxDocStringSize/MaxDocStringLines-1), ""},
		{"one line too many", MaxDocStringLines + 1, "x", "doc string of 4097 lines and 8193 bytes"},
		{"too many bytes", 8, strings.Repeat("x", MaxDocStringSize/8), "doc string of 8 lines and 262151 bytes"},
		// gherkin's own builder would take minutes (lines x bytes).
		{"512 KiB of one-byte lines", 256 << 10, "x", "doc string of 262144 lines and 524287 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "big.feature")
			if err := os.WriteFile(path, docStringFeature(tt.lines, tt.line), 0o644); err != nil {
				t.Fatal(err)
			}
			found, _, err := Find(Options{Paths: []string{path}})
			var want []string
			if tt.problem != "" {
				want = []string{fmt.Sprintf("%s:4: %s (accepted: at most 4096 lines and 256 KiB; godog's Gherkin parser slows with the square of a doc string's size)", path, tt.problem)}
			}
			if got := problems(t, err); !slices.Equal(got, want) {
				t.Errorf("problems %q, want %q", got, want)
			}
			if tt.problem == "" && len(found) != 1 {
				t.Errorf("found %d scenarios, want 1", len(found))
			}
		})
	}
}

// ParseDocument builds the very document gherkin's parser builds.
func TestParseDocumentAsGherkin(t *testing.T) {
	texts := map[string][]byte{
		"doc strings": []byte("Feature: f\n  Background:\n    Given a\n      ```json\n      {\"a\": 1}\n\n        indented\n      \\`\\`\\`\n      ```\n" +
			"  Rule: r\n    Scenario: s\n      Given b\n        \"\"\"\n        \"\"\"\n      And c\n        \"\"\"text/plain\n        one\n        \\\"\\\"\\\"\n        \"\"\"\n"),
		"broken doc string": []byte("Feature: f\n  Scenario: s\n    Given a\n      \"\"\"\n      never closed\n"),
	}
	files, _ := filepath.Glob("testdata/*/*.feature")
	more, _ := filepath.Glob("testdata/*.feature")
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts[f] = b
	}
	for name, text := range texts {
		t.Run(name, func(t *testing.T) {
			want, wantErr := gherkin.ParseGherkinDocument(bytes.NewReader(text), (&messages.Incrementing{}).NewId)
			got, gotErr := ParseDocument(bytes.NewReader(text), (&messages.Incrementing{}).NewId)
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("error %v, want %v", gotErr, wantErr)
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if !bytes.Equal(g, w) {
				t.Errorf("document\n%s\nwant\n%s", g, w)
			}
		})
	}
}

func TestFindSummarisesEmptyFiles(t *testing.T) {
	dir := t.TempDir()
	for i := range 1000 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("e%05d.feature", i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 5 {
		text := fmt.Sprintf("Feature: nothing %d\n", i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("n%d.feature", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, warnings, err := Find(Options{Paths: []string{dir, "testdata/bad/b_cells.feature"}})
	d := filepath.ToSlash(dir)
	want := []string{
		fmt.Sprintf("1000 feature files have no Feature: %[1]s/e00000.feature, %[1]s/e00001.feature, %[1]s/e00002.feature and 997 more", d),
		"testdata/bad/b_cells.feature:5: inconsistent cell count within the table",
	}
	if got := problems(t, err); !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantWarnings := []string{fmt.Sprintf("5 features have no scenarios: %[1]s/n0.feature, %[1]s/n1.feature, %[1]s/n2.feature and 2 more", d)}
	if !slices.Equal(warnings, wantWarnings) {
		t.Errorf("warnings %q, want %q", warnings, wantWarnings)
	}
}
