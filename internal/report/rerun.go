package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/mushbdd/mush/internal/view"
)

// WriteRerun writes the location (file.feature:LINE) of every scenario that
// failed, crashed or timed out, one a line in file order: cucumber's rerun
// format, which BDD_PATHS=@FILE reads back (a location holding a space or
// a comma as a Go string: view.QuotePath). A run without failures writes
// an empty file, so a rerun file never outlives the run that wrote it.
func WriteRerun(w io.Writer, v *view.View) error {
	var b strings.Builder
	for _, f := range v.Failures {
		b.WriteString(view.QuotePath(f.Location()) + "\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("report: write rerun file: %w", err)
	}
	return nil
}
