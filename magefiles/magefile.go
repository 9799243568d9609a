//go:build mage

// Mush's targets: the BDD suite run in parallel in one process, with and
// without coverage, imported from magefiles/targets exactly as another
// project imports them; bench is mush's own. Every flag also works as the
// environment variable named in README (BDD_WORKERS, BDD_TAGS, ...); a flag
// wins over its variable.
package main

import (
	//mage:import
	_ "github.com/mushbdd/mush/magefiles/targets"
)
