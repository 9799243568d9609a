package coverage

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// topFiles is how many files the table lists under "most uncovered".
const topFiles = 5

// WriteTable writes the per-package table (package, statements, covered,
// percent), each row of a package below the threshold passed through
// highlight (a colour function; identity for plain output), then the files
// with the most uncovered statements.
func WriteTable(w io.Writer, rep Report, highlight func(string) string) error {
	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "package\tstatements\tcovered\tpercent")
	for _, p := range rep.Packages {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", p.Package, p.Statements, p.Covered, percentCell(p.Stats))
	}
	tw.Flush()
	rows := strings.SplitAfter(table.String(), "\n")
	var out bytes.Buffer
	out.WriteString(rows[0])
	for i, p := range rep.Packages {
		row := rows[i+1]
		if p.Covered < required(rep.Threshold, p.Statements) {
			row = highlight(strings.TrimSuffix(row, "\n")) + "\n"
		}
		out.WriteString(row)
	}
	if files := mostUncovered(rep); len(files) > 0 {
		fmt.Fprintln(&out, "\nfiles with the most uncovered statements:")
		tw := tabwriter.NewWriter(&out, 0, 8, 2, ' ', 0)
		for _, f := range files {
			fmt.Fprintf(tw, "  %s\t%d uncovered\t%s\n", f.File, f.Uncovered(), percentCell(f.Stats))
		}
		tw.Flush()
	}
	_, err := w.Write(out.Bytes())
	return err
}

// percentCell is a table's percent column: "-" when there is nothing to
// cover.
func percentCell(s Stats) string {
	if s.Statements == 0 {
		return "-"
	}
	return FormatPercent(s.Covered, s.Statements) + "%"
}

// mostUncovered returns up to topFiles files with uncovered statements, most
// uncovered first, ties by name.
func mostUncovered(rep Report) []FileStats {
	var files []FileStats
	for _, p := range rep.Packages {
		for _, f := range p.Files {
			if f.Uncovered() > 0 {
				files = append(files, f)
			}
		}
	}
	slices.SortFunc(files, func(a, b FileStats) int {
		return cmp.Or(cmp.Compare(b.Uncovered(), a.Uncovered()), strings.Compare(a.File, b.File))
	})
	return files[:min(len(files), topFiles)]
}
