// Command workers measures mush's wall time on the benchmark corpora for
// several worker counts, auto among them, in interleaved rounds (2 4 8 16
// auto 2 4 8 16 auto ...), and prints the median of each with its ratio to
// the best. It is how the fixed default of BDD_WORKERS was chosen, and how
// auto is held against every fixed count (docs/design.md).
//
// Run `go tool mage bench -quick` (or the full bench) first: it builds the
// suite binary and writes the corpora under build/bench/. Then:
//
//	go run ./scripts/workers -rounds 3 -workers 2,4,8,16,32,auto seed-shaped cpu-bound skewed mixed
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mushbdd/mush/internal/bench"
)

func main() {
	rounds := flag.Int("rounds", 3, "interleaved rounds")
	list := flag.String("workers", "2,4,8,16,32,auto", "worker counts (or auto), comma-separated")
	flag.Parse()
	corpora := flag.Args()
	if len(corpora) == 0 {
		corpora = []string{"seed-shaped", "cpu-bound", "skewed", "mixed"}
	}
	var counts []string
	for _, f := range strings.Split(*list, ",") {
		if n, err := strconv.Atoi(f); f != "auto" && (err != nil || n < 1) {
			fmt.Fprintf(os.Stderr, "workers: -workers=%q: not a list of whole numbers >= 1 or auto\n", *list)
			os.Exit(2)
		}
		counts = append(counts, f)
	}
	bin := filepath.Join("build", "bench", "bin", "benchsuite")
	if _, err := os.Stat(bin); err != nil {
		fmt.Fprintf(os.Stderr, "workers: %s is missing; run go tool mage bench -quick first\n", bin)
		os.Exit(2)
	}
	tmp, err := os.MkdirTemp("", "mush-workers-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "workers:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(tmp)
	loadStart := bench.LoadAverage()
	iters := bench.Calibrate(500 * time.Millisecond)
	walls := map[string][]float64{}
	for _, corpus := range corpora {
		for r := 0; r < *rounds; r++ {
			for _, n := range counts {
				cmd := exec.Command(bin, "mush")
				cmd.Env = append(os.Environ(),
					"BDD_PATHS="+filepath.Join("build", "bench", "corpora", corpus),
					"BDD_WORKERS="+n,
					"BDD_REPORTS_DIR="+filepath.Join(tmp, "reports"),
					"BDD_TIMINGS="+filepath.Join(tmp, corpus+".json"),
					"BENCH_ITERS_PER_MS="+strconv.FormatFloat(iters, 'f', -1, 64),
					"GOCOVERDIR=")
				start := time.Now()
				if out, err := cmd.CombinedOutput(); err != nil {
					fmt.Fprintf(os.Stderr, "workers: %s with %s workers: %v\n%s", corpus, n, err, out)
					os.Exit(1)
				}
				key := corpus + "/" + n
				walls[key] = append(walls[key], time.Since(start).Seconds())
			}
		}
	}
	fmt.Printf("load average: %s at the start, %s at the end\n", loadStart, bench.LoadAverage())
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CORPUS\tWORKERS\tMEDIAN\tMIN-MAX\tVS BEST")
	for _, corpus := range corpora {
		best := 0.0
		for _, n := range counts {
			if m := bench.Summarize(walls[corpus+"/"+n]).MedianS; best == 0 || m < best {
				best = m
			}
		}
		for _, n := range counts {
			s := bench.Summarize(walls[corpus+"/"+n])
			fmt.Fprintf(tw, "%s\t%s\t%.2fs\t%.2f-%.2fs\t%.2fx\n", corpus, n, s.MedianS, s.MinS, s.MaxS, s.MedianS/best)
		}
	}
	tw.Flush()
}
