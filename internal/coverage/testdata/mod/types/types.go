// Package types has declarations only: no statements to cover.
package types

// T is a type.
type T struct{ A int }

// C is a constant.
const C = 1
