// Package console renders a run for people: the live progress line, the
// per-scenario blocks of the pretty format, and the summary that ends every
// run with the "N passed, N failed" line. Colour comes from fatih/color and
// is decided by the caller (see config.Colour); writers are injected so tests
// see exactly what a terminal would.
package console

import "github.com/fatih/color"

// palette holds the colours of one output; all are plain when disabled.
type palette struct {
	pass, fail, skip, warn, dim *color.Color
}

func newPalette(enabled bool) palette {
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if enabled {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return palette{
		pass: mk(color.FgGreen),
		fail: mk(color.FgRed, color.Bold),
		skip: mk(color.FgCyan),
		warn: mk(color.FgYellow),
		dim:  mk(color.Faint),
	}
}
