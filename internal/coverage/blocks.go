package coverage

import (
	"bytes"
	"context"
	"fmt"

	"golang.org/x/tools/cover"

	"github.com/mushbdd/mush/internal/atomicfile"
)

// coverVar names the counter variable `go tool cover` declares; the block
// table follows its declaration.
const coverVar = "MushCoverBlocks"

// fileBlocks returns the coverage blocks of the Go file at path, all with
// count 0, for a file no profile mentions: so that it enters the denominator
// with exactly the statements `go test -coverprofile` would have reported.
// cmd/cover computes them (`go tool cover -mode=atomic`, its one-file mode);
// this reads the table it appends to the instrumented source, one line
// "START, END, 0xENDCOL<<16|STARTCOL, // [i]" per block, then one line
// "N, // i" per block with its statement count.
func fileBlocks(path string) ([]cover.ProfileBlock, error) {
	f, err := atomicfile.Open(path, atomicfile.MaxRecordSize) // a regular file, not a FIFO
	if err != nil {
		return nil, err
	}
	f.Close()
	out, err := output(context.Background(), "", "go", "tool", "cover", "-mode=atomic", "-var="+coverVar, path)
	if err != nil {
		return nil, err
	}
	_, table, ok := bytes.Cut(out, []byte("\nvar "+coverVar+" = struct {\n"))
	if !ok {
		return nil, fmt.Errorf("go tool cover %s: no block table in its output", path)
	}
	var blocks []cover.ProfileBlock
	next := 0 // the block whose statement count comes next
	for line := range bytes.Lines(table) {
		var start, end, cols, n, i int
		if _, err := fmt.Sscanf(string(line), "\t\t%d, %d, %v, // [%d]\n", &start, &end, &cols, &i); err == nil {
			blocks = append(blocks, cover.ProfileBlock{StartLine: start, StartCol: cols & 0xFFFF, EndLine: end, EndCol: cols >> 16})
		} else if _, err := fmt.Sscanf(string(line), "\t\t%d, // %d\n", &n, &i); err == nil && next < len(blocks) {
			blocks[next].NumStmt = n
			next++
		}
	}
	if next != len(blocks) {
		return nil, fmt.Errorf("go tool cover %s: %d blocks, %d statement counts", path, len(blocks), next)
	}
	return blocks, nil
}
