// Package tested has tests that cover part of it.
package tested

// Add is covered by the tests.
func Add(a, b int) int { return a + b }

// Diff is half covered by the tests.
func Diff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// Unused is never called.
func Unused(s string) string {
	for range 3 {
		s += "!"
	}
	return s
}
