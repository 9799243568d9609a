// Package schedule decides the order in which scenarios are handed to
// workers: longest-first from a timing history recorded by earlier runs
// (scenarios the history does not know go first, in file order), or a
// shuffle from a seed that reproduces it. The workers themselves pull from
// one shared queue; nothing is split into chunks ahead of time.
package schedule

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// Order returns the positions of keys in the order they should run.
// With seed != 0 the order is a shuffle determined by the seed alone;
// otherwise unknown keys come first in their given order, then known keys by
// recorded duration, longest first (ties keep their given order).
func Order(keys []string, h History, seed int64) []int {
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	if seed != 0 {
		r := rand.New(rand.NewPCG(uint64(seed), uint64(seed)>>32|1))
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		return order
	}
	slices.SortStableFunc(order, func(a, b int) int {
		da, okA := h[keys[a]]
		db, okB := h[keys[b]]
		switch {
		case !okA && !okB:
			return 0
		case !okA:
			return -1
		case !okB:
			return 1
		}
		return cmp.Compare(db, da)
	})
	return order
}
