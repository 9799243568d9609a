//go:build !linux && !darwin

package bench

import "os"

// maxRSS is not measured on this platform.
func maxRSS(*os.ProcessState) int64 { return 0 }

// treeRSS is not measured on this platform.
func treeRSS(int) (int64, []int) { return 0, nil }
