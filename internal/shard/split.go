package shard

import (
	"cmp"
	"hash/fnv"
	"slices"
	"strings"
)

// Split assigns each of keys (the selected scenarios' "file:line"
// locations) to one of n shards and returns, for each key, its shard
// number from 1 to n. It depends on nothing but its arguments, so every
// shard of a CI job computes the same split from the same history:
//
//   - keys the history does not know are spread by a stable hash (FNV-1a)
//     of the key's file name and line, so where a new scenario lands
//     depends on nothing else, not even the directory a machine checked
//     the project out in (a feature outside the module keeps an absolute
//     path);
//     each counts as the mean known duration in its shard's load (0 with no
//     history at all);
//   - known keys are then packed longest first, each onto the shard with
//     the least load so far (ties to the lower shard number; equal
//     durations in key order): the LPT heuristic, whose busiest shard is
//     within 4/3 of the best possible.
//
// A key given twice keeps one assignment per position. n < 1 is treated
// as 1.
func Split(keys []string, h map[string]float64, n int) []int {
	n = max(n, 1)
	out := make([]int, len(keys))
	load := make([]float64, n)
	_, mean, _ := durations(keys, h)
	var known []int
	for i, k := range keys {
		if _, ok := h[k]; ok {
			known = append(known, i)
			continue
		}
		s := int(hash(k) % uint64(n))
		out[i] = s + 1
		load[s] += mean
	}
	slices.SortStableFunc(known, func(a, b int) int {
		return cmp.Or(cmp.Compare(h[keys[b]], h[keys[a]]), cmp.Compare(keys[a], keys[b]))
	})
	for _, i := range known {
		s := slices.Index(load, slices.Min(load))
		out[i] = s + 1
		load[s] += h[keys[i]]
	}
	return out
}

// durations is each key's recorded seconds, the mean of those h knows (0
// when it knows none) for the others, that mean, and how many it knows.
func durations(keys []string, h map[string]float64) (ds []float64, mean float64, known int) {
	for _, k := range keys {
		if d, ok := h[k]; ok {
			mean += d
			known++
		}
	}
	mean /= float64(max(known, 1))
	for _, k := range keys {
		d, ok := h[k]
		if !ok {
			d = mean
		}
		ds = append(ds, d)
	}
	return ds, mean, known
}

func hash(k string) uint64 {
	f := fnv.New64a()
	f.Write([]byte(k[strings.LastIndexByte(k, '/')+1:]))
	return f.Sum64()
}

// Select returns the positions of keys that assign gives to shard s, in
// their given order.
func Select(assign []int, s Spec) []int {
	var out []int
	for i, a := range assign {
		if a == s.Index {
			out = append(out, i)
		}
	}
	return out
}
