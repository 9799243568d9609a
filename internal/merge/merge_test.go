package merge

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/exitcode"
	"github.com/mushbdd/mush/internal/finish"
	"github.com/mushbdd/mush/internal/journal"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/schedule"
	"github.com/mushbdd/mush/internal/shard"
	"github.com/mushbdd/mush/internal/view"
)

var keys = []string{"a.feature:3", "a.feature:7", "b.feature:3", "b.feature:9", "c.feature:4"}

var history = map[string]float64{"a.feature:3": 3, "a.feature:7": 1, "b.feature:3": 2, "b.feature:9": 1, "c.feature:4": 2}

// writeShards writes n shards of keys the way the runner does: a manifest
// each, and results in which every scenario passed except c.feature:4,
// which gets status last.
func writeShards(t *testing.T, root string, n int, last result.Status) {
	t.Helper()
	assign := shard.Split(keys, history, n)
	for i := 1; i <= n; i++ {
		spec := shard.Spec{Index: i, Total: n}
		dir := filepath.Join(root, spec.Dir())
		if err := shard.NewManifest(spec, "BDD_SHARD", keys, history, assign).Write(dir); err != nil {
			t.Fatal(err)
		}
		run := result.Run{Workers: 2, Shard: spec.String(), Wall: time.Duration(i) * time.Second, Rerun: result.Start{Command: "go tool mage unitTests"},
			Started: time.Date(2026, 11, 28, 15, 0, i, 0, time.UTC)}
		for j, k := range keys {
			if assign[j] != i {
				continue
			}
			file, line, _ := strings.Cut(k, ":")
			ln := 0
			for _, c := range line {
				ln = ln*10 + int(c-'0')
			}
			st := result.Passed
			if k == "c.feature:4" {
				st = last
			}
			run.Scenarios = append(run.Scenarios, result.Scenario{File: file, Line: ln, Order: j, Name: k, Status: st,
				Duration: time.Duration(j+1) * time.Second})
		}
		if _, err := report.WriteAll(dir, view.New(run, view.Options{}), true); err != nil {
			t.Fatal(err)
		}
		// Every shard's history has a CPU time for every scenario (its own
		// measure, or the cache's); only the one that ran a scenario has
		// it right: here, its shard number.
		cpu := schedule.CPU{"gone.feature:1": 0.5}
		for j, k := range keys {
			cpu[k] = float64(i)
			if assign[j] != i {
				cpu[k] = 1000 // wrong: no shard number
			}
		}
		if err := (schedule.History{"gone.feature:1": 9}).Save(filepath.Join(dir, shard.TimingsFile), cpu, schedule.Last{}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMergeGivesTheWholeRun(t *testing.T) {
	for _, tc := range []struct {
		last result.Status
		code int
	}{
		{result.Passed, exitcode.OK},
		{result.Failed, exitcode.Failed},
		{result.Crashed, exitcode.Crashed},
		{result.TimedOut, exitcode.Timeout},
	} {
		root := t.TempDir()
		writeShards(t, root, 3, tc.last)
		from := filepath.Join(root, "*")
		dirs, err := Dirs(from)
		if err != nil || len(dirs) != 3 {
			t.Fatalf("Dirs = %v, %v", dirs, err)
		}
		var out, errOut bytes.Buffer
		o := finish.Options{Settings: config.Settings{ReportsDir: filepath.Join(root, "reports"),
			Timings: filepath.Join(root, "cache", "timings.json")}, Stdout: &out, Stderr: &errOut}
		set, err := Results(from, dirs, o)
		if code := exitcode.Code(err); code != tc.code || (err != nil && !exitcode.IsReported(err)) {
			t.Errorf("%s: exit %d (%v), want %d", tc.last, code, err, tc.code)
		}
		run := set.Run()
		if len(run.Scenarios) != len(keys) || run.Workers != 6 || run.Wall != 3*time.Second || run.Rerun.Command != "go tool mage unitTests" {
			t.Errorf("%s: merged run has %d scenarios, %d workers, %v wall, rerun %q", tc.last, len(run.Scenarios), run.Workers, run.Wall, run.Rerun)
		}
		if tc.last == result.Failed && !strings.Contains(out.String(), "BDD_PATHS=c.feature:4 go tool mage unitTests") {
			t.Errorf("the summary does not rerun the failure with the shards' command:\n%s", out.String())
		}
		for i, s := range run.Scenarios {
			if s.Location() != keys[i] {
				t.Errorf("%s: scenario %d is %s, want %s (file order)", tc.last, i, s.Location(), keys[i])
			}
		}
		if !strings.Contains(out.String(), "shard:     3 shards merged from "+from+"; busiest 3/3 took 3.00s, mean 2.00s (1.50)") {
			t.Errorf("%s: summary lacks the shards line:\n%s", tc.last, out.String())
		}
		h, cpu, _, err := schedule.Load(o.Settings.Timings)
		if err != nil || len(h) != len(keys)+1 || h["c.feature:4"] != 5 || h["gone.feature:1"] != 9 {
			t.Errorf("%s: merged history %v, %v", tc.last, h, err)
		}
		assign := shard.Split(keys, history, 3)
		for j, k := range keys {
			if cpu[k] != float64(assign[j]) {
				t.Errorf("%s: merged CPU time of %s is %v, want %d (from the shard that ran it)", tc.last, k, cpu[k], assign[j])
			}
		}
		if cpu["gone.feature:1"] != 0.5 {
			t.Errorf("%s: the CPU time no shard ran was lost: %v", tc.last, cpu)
		}
		if _, err := os.Stat(filepath.Join(root, "reports", report.JUnitFile)); err != nil {
			t.Errorf("%s: no merged junit.xml: %v", tc.last, err)
		}
	}
}

// An interrupted shard makes the merged run interrupted, as one machine
// would have been: from the exit code its journal ends with, or from the
// scenarios it left unrun.
func TestMergeOfAnInterruptedShard(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, dir string)
		code   int
	}{
		{"journal says SIGTERM", func(t *testing.T, dir string) {
			jw, err := journal.Create(filepath.Join(dir, journal.File))
			if err != nil {
				t.Fatal(err)
			}
			jw.Done(journal.Done{Code: exitcode.SIGTERM}, time.Now())
			jw.Close()
		}, exitcode.SIGTERM},
		{"a scenario not run", func(t *testing.T, dir string) {
			run, _ := report.ReadFile(filepath.Join(dir, report.ResultsFile))
			run.Scenarios[0].Status, run.Scenarios[0].Error = result.Skipped, "not run: the run was interrupted"
			report.WriteAll(dir, view.New(run, view.Options{}), true)
		}, exitcode.SIGINT},
		{"journal says it passed", func(t *testing.T, dir string) {
			jw, _ := journal.Create(filepath.Join(dir, journal.File))
			jw.Done(journal.Done{Code: 0}, time.Now())
			jw.Close()
		}, exitcode.OK},
		{"journal says the deadline stopped it, its scenarios only skipped", func(t *testing.T, dir string) {
			run, _ := report.ReadFile(filepath.Join(dir, report.ResultsFile))
			run.Scenarios[0].Status, run.Scenarios[0].Error = result.Skipped, "not run: the run deadline passed (BDD_DEADLINE=1m0s)"
			report.WriteAll(dir, view.New(run, view.Options{}), true)
			jw, _ := journal.Create(filepath.Join(dir, journal.File))
			jw.Done(journal.Done{Code: exitcode.Timeout}, time.Now())
			jw.Close()
		}, exitcode.Timeout},
	} {
		root := t.TempDir()
		writeShards(t, root, 2, result.Passed)
		tc.change(t, filepath.Join(root, "2-of-2"))
		dirs, _ := Dirs(filepath.Join(root, "*"))
		var out bytes.Buffer
		_, err := Results(root, dirs, finish.Options{Settings: config.Settings{ReportsDir: filepath.Join(root, "reports"),
			Timings: filepath.Join(root, "timings.json")}, Stdout: &out, Stderr: &out})
		if code := exitcode.Code(err); code != tc.code {
			t.Errorf("%s: exit %d (%v), want %d", tc.name, code, err, tc.code)
		}
	}
}

func TestMergeRefusesShardsThatDoNotAddUp(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, root string)
		want   []string
	}{
		{"missing shard", func(t *testing.T, root string) { os.RemoveAll(filepath.Join(root, "2-of-3")) },
			[]string{"shard 2/3 is missing: no directory matching"}},
		{"thousands missing", func(t *testing.T, root string) {
			os.RemoveAll(filepath.Join(root, "2-of-3"))
			os.RemoveAll(filepath.Join(root, "3-of-3"))
			shard.NewManifest(shard.Spec{Index: 1, Total: shard.MaxTotal}, "", keys, history, shard.Split(keys, history, shard.MaxTotal)).Write(filepath.Join(root, "1-of-3"))
		}, []string{"9999 of 10000 shards are missing (2/10000, 3/10000, 4/10000 and 9996 more): no directory matching"}},
		{"not a shard", func(t *testing.T, root string) { os.MkdirAll(filepath.Join(root, "junk"), 0o755) },
			[]string{"junk has no shard.json: not a shard's output"}},
		{"broken manifest", func(t *testing.T, root string) {
			os.WriteFile(filepath.Join(root, "1-of-3", shard.ManifestFile), []byte("{"), 0o644)
		}, []string{"not a shard manifest"}},
		{"twice", func(t *testing.T, root string) {
			os.CopyFS(filepath.Join(root, "copy"), os.DirFS(filepath.Join(root, "1-of-3")))
		},
			[]string{"shard 1/3 is there 2 times: "}},
		{"other count", func(t *testing.T, root string) { writeShards(t, root, 2, result.Passed) },
			[]string{"shards disagree on their number"}},
		{"no results", func(t *testing.T, root string) { os.Remove(filepath.Join(root, "3-of-3", report.ResultsFile)) },
			[]string{"shard 3/3 has no readable results.json"}},
		{"other selection", func(t *testing.T, root string) {
			m, _ := shard.ReadManifest(filepath.Join(root, "2-of-3"))
			shard.NewManifest(shard.Spec{Index: m.Index, Total: m.Total}, "", append(m.Scenarios, "d.feature:1"), history, append(m.Assign, 1)).Write(filepath.Join(root, "2-of-3"))
		}, []string{"shard 2/3 selected other scenarios than shard 1/3 (6 against 5; d.feature:1 only in shard 2/3)"}},
		{"other history", func(t *testing.T, root string) {
			other := map[string]float64{"c.feature:4": 100}
			m, _ := shard.ReadManifest(filepath.Join(root, "3-of-3"))
			shard.NewManifest(shard.Spec{Index: m.Index, Total: m.Total}, "", keys, other, shard.Split(keys, other, 3)).Write(filepath.Join(root, "3-of-3"))
		}, []string{"shard 3/3 split the suite differently from shard 1/3", "their timing histories differ"}},
		{"scenario missing and duplicated", func(t *testing.T, root string) {
			dir := filepath.Join(root, "1-of-3")
			run, _ := report.ReadFile(filepath.Join(dir, report.ResultsFile))
			other, _ := report.ReadFile(filepath.Join(root, "2-of-3", report.ResultsFile))
			gone := run.Scenarios[0]
			run.Scenarios = append(run.Scenarios[1:], other.Scenarios[0], result.Scenario{File: "x.feature", Line: 1, Name: "stray"})
			report.WriteAll(dir, view.New(run, view.Options{}), true)
			t.Logf("dropped %s, copied %s", gone.Location(), other.Scenarios[0].Location())
		}, []string{"scenario a.feature:3 is missing: shard 1/3 was to run it", "scenario x.feature:1 (stray) in shard 1/3's results was not selected by the split",
			"is duplicated: it has results in shards 1/3, 2/3"}},
	} {
		root := t.TempDir()
		writeShards(t, root, 3, result.Passed)
		tc.change(t, root)
		from := filepath.Join(root, "*")
		dirs, _ := Dirs(from)
		var out, errOut bytes.Buffer
		_, err := Results(from, dirs, finish.Options{Settings: config.Settings{ReportsDir: filepath.Join(root, "reports"),
			Timings: filepath.Join(root, "timings.json")}, Stdout: &out, Stderr: &errOut})
		if exitcode.Code(err) != exitcode.Incomplete {
			t.Errorf("%s: exit %d (%v), want 6", tc.name, exitcode.Code(err), err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error lacks %q:\n%v", tc.name, w, err)
			}
		}
		if out.Len() > 0 {
			t.Errorf("%s: a refused merge printed:\n%s", tc.name, out.String())
		}
		if _, err := os.Stat(filepath.Join(root, "reports")); err == nil {
			t.Errorf("%s: a refused merge wrote reports", tc.name)
		}
	}
}

func TestProblemsAreBounded(t *testing.T) {
	var p problems
	for i := range 25 {
		p.add("problem %d", i)
	}
	msg := p.err().Error()
	if !strings.Contains(msg, "(25 problems)") || !strings.Contains(msg, "problem 19\n  ... and 5 more") || strings.Contains(msg, "problem 20") {
		t.Errorf("bounded list:\n%s", msg)
	}
}

func TestDirs(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"1-of-2", "2-of-2"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	os.WriteFile(filepath.Join(root, "file"), nil, 0o644)
	got, err := Dirs(filepath.Join(root, "*") + ", " + filepath.Join(root, "1-of-2") + ",")
	if err != nil || len(got) != 2 {
		t.Errorf("Dirs = %v, %v", got, err)
	}
	if _, err := Dirs("["); exitcode.Code(err) != exitcode.Misuse {
		t.Errorf("a bad pattern: %v", err)
	}
	if _, err := Read("none/*", nil); exitcode.Code(err) != exitcode.Incomplete || !strings.Contains(err.Error(), `no shard output matches -from="none/*"`) {
		t.Errorf("no shards: %v", err)
	}
}

// TestFirstDifference names a scenario that only one of two selections
// has, from either side, or says the order alone differs.
func TestFirstDifference(t *testing.T) {
	a := shard.Manifest{Shard: "1/2", Scenarios: []string{"a.feature:3", "a.feature:6"}}
	for _, c := range []struct {
		b    []string
		want string
	}{
		{[]string{"a.feature:3"}, "a.feature:6 only in shard 1/2"},
		{[]string{"a.feature:3", "a.feature:6", "b.feature:2"}, "b.feature:2 only in shard 2/2"},
		{[]string{"a.feature:6", "a.feature:3"}, "the same scenarios in another order"},
	} {
		if got := firstDifference(a, shard.Manifest{Shard: "2/2", Scenarios: c.b}); got != c.want {
			t.Errorf("against %q: %q, want %q", c.b, got, c.want)
		}
	}
	if b := (Set{}).Balance(); b != "" {
		t.Errorf("the balance of no shard is %q, want none", b)
	}
}
