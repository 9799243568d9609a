// Package calc is the code under test of the adopter example.
package calc

import "errors"

// Add returns a + b.
func Add(a, b int) int { return a + b }

// Divide returns a / b, or an error when b is 0.
func Divide(a, b int) (int, error) {
	if b == 0 {
		return 0, errors.New("division by zero")
	}
	return a / b, nil
}
