package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var testSpecs = []Spec{
	{Name: "heavy", Features: 12, Scenarios: 80, MedianMs: 9, Sigma: 1.1, MaxMs: 300, CPUMin: 0, CPUMax: 0.5},
	{Name: "cpu", Features: 3, Scenarios: 20, MedianMs: 5, Sigma: 0.5, MaxMs: 30, CPUMin: 1, CPUMax: 1},
	{Name: "skewed", Features: 4, Scenarios: 30, MedianMs: 4, Sigma: 0.3, MaxMs: 10, CPUMax: 0.2, Long: 3, LongMs: 500, LongCPU: 0.1},
	{Name: "trivial", Features: 5, Scenarios: 50},
	{Name: "one", Features: 1, Scenarios: 1, Long: 1, LongMs: 7, LongCPU: 1},
}

func TestGenerateIsDeterministic(t *testing.T) {
	for _, spec := range append(testSpecs, DefaultCorpora(false)...) {
		t.Run(spec.Name, func(t *testing.T) {
			a, err := Generate(spec, 342)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := Generate(spec, 342)
			other, _ := Generate(spec, 343)
			if !bytes.Equal(concat(a), concat(b)) {
				t.Error("same seed, different corpus")
			}
			if spec.MedianMs > 0 && bytes.Equal(concat(a), concat(other)) {
				t.Error("different seeds, same corpus")
			}
			// Written to disk, byte for byte.
			dir := t.TempDir()
			if err := a.Write(dir); err != nil {
				t.Fatal(err)
			}
			for _, f := range a.Files {
				got, err := os.ReadFile(filepath.Join(dir, f.Name))
				if err != nil || !bytes.Equal(got, f.Content) {
					t.Fatalf("%s on disk differs (%v)", f.Name, err)
				}
			}
		})
	}
}

func concat(c Corpus) []byte {
	var b bytes.Buffer
	for _, f := range c.Files {
		b.WriteString(f.Name + "\n")
		b.Write(f.Content)
	}
	return b.Bytes()
}

var stepRE = regexp.MustCompile(`^    (?:When|And) (?:I|a program) (computes?|wait) for (\d+) ms(?: in the shared context)?$`)

// TestGenerateShape checks the corpus against its spec, and that the steps
// written in each file add up to the work the generator reports.
func TestGenerateShape(t *testing.T) {
	for _, spec := range append(testSpecs, DefaultCorpora(false)...) {
		t.Run(spec.Name, func(t *testing.T) {
			c, err := Generate(spec, 7)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Files) != spec.Features || len(c.Scenarios) != spec.Scenarios {
				t.Fatalf("%d files, %d scenarios; want %d, %d", len(c.Files), len(c.Scenarios), spec.Features, spec.Scenarios)
			}
			files := map[string][]string{}
			for _, f := range c.Files {
				files[f.Name] = strings.Split(string(f.Content), "\n")
			}
			for i, sc := range c.Scenarios {
				lines := files[sc.File]
				if got := lines[sc.Line-1]; got != "  Scenario: "+sc.Name {
					t.Fatalf("%s:%d is %q, want the scenario %q", sc.File, sc.Line, got, sc.Name)
				}
				var cpu, wait time.Duration
				for _, l := range lines[sc.Line:] {
					if strings.HasPrefix(l, "  Scenario:") {
						break
					}
					if m := stepRE.FindStringSubmatch(l); m != nil {
						n, _ := strconv.Atoi(m[2])
						if m[1] != "wait" {
							cpu += ms(n)
						} else {
							wait += ms(n)
						}
					}
				}
				if cpu != sc.CPU || wait != sc.Wait {
					t.Fatalf("%s:%d: steps do %v CPU + %v wait, generator says %v + %v", sc.File, sc.Line, cpu, wait, sc.CPU, sc.Wait)
				}
				long := strings.HasSuffix(sc.Name, "(long)")
				if long != (i >= len(c.Scenarios)-spec.Long) {
					t.Fatalf("scenario %d %q: long=%v, want the %d long ones last in file order", i, sc.Name, long, spec.Long)
				}
				waiter := spec.Waiters > 0 && sc.CPU == 0
				if waiter && (sc.Wait < time.Millisecond || sc.Wait > ms(int(spec.WaitMaxMs))) {
					t.Fatalf("%s: waiting %v outside [1ms, %vms]", sc.Name, sc.Wait, spec.WaitMaxMs)
				}
				if !long && !waiter && spec.MedianMs > 0 && (sc.CPU+sc.Wait < time.Millisecond || sc.CPU+sc.Wait > ms(int(spec.MaxMs))) {
					t.Fatalf("%s: work %v outside [1ms, %vms]", sc.Name, sc.CPU+sc.Wait, spec.MaxMs)
				}
				if !long && spec.MedianMs == 0 && sc.CPU+sc.Wait != 0 {
					t.Fatalf("%s: trivial scenario with work", sc.Name)
				}
			}
		})
	}
}

func TestDefaultCorporaShapes(t *testing.T) {
	full := DefaultCorpora(false)
	if s := full[0]; s.Name != "seed-shaped" || s.Features != 342 || s.Scenarios != 2400 {
		t.Errorf("seed-shaped is %+v", s)
	}
	names := map[string]Spec{}
	for _, s := range full {
		names[s.Name] = s
	}
	if names["scale"].Scenarios != 20000 || names["skewed"].Long == 0 || names["cpu-bound"].CPUMin != 1 {
		t.Errorf("corpora: %+v", full)
	}
	for _, s := range DefaultCorpora(true) {
		if s.Scenarios >= names[s.Name].Scenarios {
			t.Errorf("quick %s is not smaller than the full one", s.Name)
		}
	}
	// The heavy tail: the longest scenario is many times the median.
	c, _ := Generate(names["seed-shaped"], DefaultSeed)
	w := c.Work()
	if w.Longest < 20*ms(int(names["seed-shaped"].MedianMs)) {
		t.Errorf("longest %v: no heavy tail", w.Longest)
	}
}

func TestGenerateRefusesBadSpecs(t *testing.T) {
	for _, spec := range []Spec{
		{Name: "none", Features: 0, Scenarios: 0},
		{Name: "fewer", Features: 3, Scenarios: 2},
		{Name: "long", Features: 2, Scenarios: 3, Long: 3},
		{Name: "negative", Features: 2, Scenarios: 3, Long: -1},
	} {
		if _, err := Generate(spec, 1); err == nil || !strings.Contains(err.Error(), spec.Name) {
			t.Errorf("%s: err = %v", spec.Name, err)
		}
	}
}

func TestWork(t *testing.T) {
	c := Corpus{Scenarios: []Scenario{
		{CPU: ms(10), Wait: ms(5)},
		{CPU: 0, Wait: ms(40)},
		{CPU: ms(20), Wait: 0},
	}}
	want := Work{Scenarios: 3, CPU: ms(30), Wait: ms(45), Longest: ms(40)}
	if got := c.Work(); got != want {
		t.Errorf("Work() = %+v, want %+v", got, want)
	}
	if want.Total() != ms(75) {
		t.Errorf("Total() = %v", want.Total())
	}
}

func TestLowerBound(t *testing.T) {
	for _, tc := range []struct {
		name           string
		w              Work
		setup          time.Duration
		cores, workers int
		want           time.Duration
	}{
		{"longest scenario wins", Work{CPU: ms(100), Wait: ms(400), Longest: ms(300)}, ms(150), 2, 8, ms(450)},
		{"CPU over cores wins", Work{CPU: ms(1000), Wait: ms(600), Longest: ms(50)}, ms(150), 2, 8, ms(650)},
		{"all work over workers wins", Work{CPU: ms(100), Wait: ms(7900), Longest: ms(50)}, ms(150), 2, 8, ms(1150)},
		{"no setup, one worker", Work{CPU: ms(10), Wait: ms(20), Longest: ms(5)}, 0, 4, 1, ms(30)},
		{"zero cores and workers count as one", Work{CPU: ms(10), Wait: ms(20), Longest: ms(5)}, ms(1), 0, 0, ms(31)},
		{"trivial corpus is the setup", Work{Scenarios: 20000}, ms(150), 2, 8, ms(150)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := LowerBound(tc.w, tc.setup, tc.cores, tc.workers); got != tc.want {
				t.Errorf("LowerBound = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestWriteReplacesTheDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	c, _ := Generate(testSpecs[3], 1)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "stale.feature")
	os.WriteFile(stale, []byte("Feature: stale\n"), 0o644)
	if err := c.Write(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale file survived: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(c.Files) {
		t.Errorf("%d files, want %d", len(entries), len(c.Files))
	}
}

func TestWriteErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	c, _ := Generate(testSpecs[3], 1)
	if err := c.Write(filepath.Join(file, "sub")); err == nil {
		t.Error("no error writing under a file")
	}
	// A file name that cannot be created.
	c.Files = append(c.Files, File{Name: "missing/dir.feature"})
	if err := c.Write(filepath.Join(t.TempDir(), "c")); err == nil {
		t.Error("no error writing into a missing directory")
	}
	// A directory that cannot be removed.
	if os.Geteuid() != 0 {
		locked := filepath.Join(t.TempDir(), "locked")
		os.MkdirAll(filepath.Join(locked, "sub"), 0o755)
		os.WriteFile(filepath.Join(locked, "sub", "f"), nil, 0o644)
		os.Chmod(filepath.Join(locked, "sub"), 0o555)
		defer os.Chmod(filepath.Join(locked, "sub"), 0o755)
		if err := c.Write(locked); err == nil {
			t.Error("no error replacing a directory that cannot be removed")
		}
	}
}

// TestSpawnPutsTheComputingInAProgram: a spawning corpus has the same work
// as its twin, its CPU-bound steps run by a program the step starts.
func TestSpawnPutsTheComputingInAProgram(t *testing.T) {
	spec := Spec{Name: "twins", Features: 2, Scenarios: 10, MedianMs: 10, Sigma: 0.5, MaxMs: 40, CPUMin: 0.5, CPUMax: 1}
	plain, err := Generate(spec, 7)
	if err != nil {
		t.Fatal(err)
	}
	spec.Spawn = true
	spawning, err := Generate(spec, 7)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Work() != spawning.Work() {
		t.Fatalf("work %+v, plain twin %+v", spawning.Work(), plain.Work())
	}
	for i, f := range spawning.Files {
		want := strings.ReplaceAll(string(plain.Files[i].Content), " I compute for ", " a program computes for ")
		if string(f.Content) != want || !strings.Contains(want, "a program computes for") {
			t.Fatalf("%s:\n%s\nwant:\n%s", f.Name, f.Content, want)
		}
	}
}
