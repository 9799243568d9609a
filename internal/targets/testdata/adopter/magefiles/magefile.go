//go:build mage

// The adopter's targets: mush's unitTests and coverageReport.
package main

import (
	//mage:import
	_ "github.com/mushbdd/mush/magefiles/targets"
)
