package coverage

import (
	"bufio"
	"fmt"
	"io"

	"golang.org/x/tools/cover"
)

// WriteProfile writes profiles as one text profile: a single "mode: atomic"
// line, then one line per block, in the order given. `go tool cover` reads
// the result.
func WriteProfile(w io.Writer, profiles []*cover.Profile) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "mode: atomic")
	for _, p := range profiles {
		for _, b := range p.Blocks {
			fmt.Fprintf(bw, "%s:%d.%d,%d.%d %d %d\n",
				p.FileName, b.StartLine, b.StartCol, b.EndLine, b.EndCol, b.NumStmt, b.Count)
		}
	}
	return bw.Flush()
}
