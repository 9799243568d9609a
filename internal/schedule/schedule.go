// Package schedule decides the order in which scenarios are handed to
// workers: longest-first from a timing history recorded by earlier runs
// (scenarios the history does not know go first, in file order), with
// computing and waiting scenarios interleaved when the history knows
// their CPU time (Interleave), or a shuffle from a seed that reproduces it. The workers themselves pull from
// one shared queue; nothing is split into chunks ahead of time.
package schedule

import (
	"cmp"
	"container/heap"
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
		if okA != okB { // the unknown one first
			if okA {
				return 1
			}
			return -1
		}
		return cmp.Compare(db, da) // 0 when both are unknown
	})
	return order
}

// Interleave reorders the known part of a longest-first order so that
// scenarios that compute and scenarios that wait are handed out side by
// side: each kind stays longest-first, and the next scenario comes from
// the kind that has handed out the smaller share of its total time. Long
// runs of one kind would either leave the cores idle (all waiting) or
// queue everything on them (all computing), and the run would take the
// sum of both phases instead of the longer one.
//
// A scenario waits when its CPU share (CPU time over duration) is below
// half the share of all the scenarios with a CPU time: a relative test,
// because when many run at once a computing scenario also waits for a core,
// and its share drops with the load. Scenarios without a CPU time count
// as computing; without any CPU time the order is unchanged.
//
// A scenario longest-first would start at once (one of the first
// workers) goes to the front, whatever its kind, when the interleaved
// order would make it end after the longest-first order ends: held back,
// it alone would end the run late (four 2 s scenarios among 300 short
// ones ran 2.66 s instead of 2.29 s interleaved). Both ends come from
// handing out the history's durations to workers workers in turn.
func Interleave(order []int, keys []string, h History, cpu CPU, workers int) []int {
	var sumCPU, sumDur float64
	for k, c := range cpu {
		if d := h[k]; d > 0 {
			sumCPU, sumDur = sumCPU+c, sumDur+d
		}
	}
	if sumDur == 0 {
		return order
	}
	workers = max(workers, 1)
	waits := sumCPU / sumDur / 2
	interleave := func(front func(i int) bool) []int {
		var head []int
		var kinds [2][]int // computing, waiting
		var total, done [2]float64
		for _, i := range order {
			d, known := h[keys[i]]
			if !known || front(i) {
				head = append(head, i)
				continue
			}
			k := 0
			if c, ok := cpu[keys[i]]; ok && d > 0 && c/d < waits {
				k = 1
			}
			kinds[k], total[k] = append(kinds[k], i), total[k]+d
		}
		out := append(make([]int, 0, len(order)), head...)
		for len(kinds[0]) > 0 || len(kinds[1]) > 0 {
			k := 0
			if len(kinds[0]) == 0 || len(kinds[1]) > 0 && done[1]*total[0] < done[0]*total[1] {
				k = 1
			}
			i := kinds[k][0]
			out, done[k], kinds[k] = append(out, i), done[k]+h[keys[i]], kinds[k][1:]
		}
		return out
	}
	out := interleave(func(int) bool { return false })
	_, last := handOut(order, keys, h, workers)
	ends, _ := handOut(out, keys, h, workers)
	late := make([]bool, len(keys))
	for p, i := range out {
		late[i] = ends[p] > last
	}
	front, moved := make([]bool, len(keys)), false
	for _, i := range order[:min(workers, len(order))] {
		front[i] = late[i]
		moved = moved || late[i]
	}
	if moved {
		out = interleave(func(i int) bool { return front[i] })
	}
	return out
}

// handOut hands out the scenarios of order for their durations in h (0
// for one it does not know), as HandOut does.
func handOut(order []int, keys []string, h History, workers int) (ends []float64, last float64) {
	durations := make([]float64, len(order))
	for p, i := range order {
		durations[p] = h[keys[i]]
	}
	return HandOut(durations, workers)
}

// HandOut hands durations out in their order to workers workers (at least
// one), each to the first one free: when each ends, and when the last
// does. O(n log workers): BDD_WORKERS may be in the thousands.
func HandOut(durations []float64, workers int) (ends []float64, last float64) {
	free := make(frees, max(workers, 1)) // all free at 0: a heap already
	ends = make([]float64, len(durations))
	for p, d := range durations {
		free[0] += d
		ends[p], last = free[0], max(last, free[0])
		heap.Fix(&free, 0)
	}
	return ends, last
}

// frees is a min-heap of the times workers become free.
type frees []float64

func (f frees) Len() int           { return len(f) }
func (f frees) Less(i, j int) bool { return f[i] < f[j] }
func (f frees) Swap(i, j int)      { f[i], f[j] = f[j], f[i] }
func (f *frees) Push(x any)        { *f = append(*f, x.(float64)) }
func (f *frees) Pop() any {
	old := *f
	x := old[len(old)-1]
	*f = old[:len(old)-1]
	return x
}
