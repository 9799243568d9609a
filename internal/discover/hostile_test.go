package discover

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mushbdd/mush/internal/hostilefile"
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
