package main

import "github.com/mushbdd/mush/internal/config"

// moduleRoot is the nearest directory at or above the working directory
// that holds go.mod.
func moduleRoot() (string, error) { return config.ModuleRoot(".") }
