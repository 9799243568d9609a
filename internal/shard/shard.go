// Package shard splits a suite over the parallel jobs of a CI engine and
// describes each shard so that their results can be merged into one run.
//
// A shard is "i/n", 1-based: BDD_SHARD=2/4, or the engine's own variables
// (GitLab, CircleCI, Buildkite, Bazel), each read with its own base. The
// split is a pure function of the selected scenarios and the timing
// history: every shard computes the same one, runs its part, and records in
// its manifest (shard.json) the whole selection and the whole assignment,
// so that a merge can check that the shards' results add up to the suite,
// each scenario exactly once.
package shard

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mushbdd/mush/internal/exitcode"
)

// Var is the variable that names the shard explicitly; it wins over the CI
// engines' variables.
const Var = "BDD_SHARD"

// None is the value of Var that turns sharding off whatever the CI
// engine's variables say: a GitLab parallel:matrix job, for one, has
// CI_NODE_INDEX set without meaning a shard of the suite.
const None = "none"

// Spec is one shard: Index of Total, 1-based. The zero Spec means the
// suite is not sharded.
type Spec struct {
	Index, Total int
}

// Sharded reports whether s names a shard.
func (s Spec) Sharded() bool { return s.Total > 0 }

// String is "2/4".
func (s Spec) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Total) }

// Dir is the name of the shard's output directory, "2-of-4".
func (s Spec) Dir() string { return fmt.Sprintf("%d-of-%d", s.Index, s.Total) }

// MaxTotal is the most shards a suite is split into, checked before
// anything is allocated per shard (a split, a plan and a merge each keep
// one entry per shard). CI engines run far fewer parallel jobs: a GitHub
// Actions matrix at most 256, GitLab's parallel: at most 200.
const MaxTotal = 10000

// accepted is what BDD_SHARD accepts, for error lines.
var accepted = fmt.Sprintf("i/n with 1 <= i <= n <= %d, e.g. 2/4, or none", MaxTotal)

// Parse reads a BDD_SHARD value, "i/n" with 1 <= i <= n, or "none" (the
// zero Spec). Anything else is a misuse error naming the variable and what
// it accepts.
func Parse(v string) (Spec, error) {
	if strings.EqualFold(strings.TrimSpace(v), None) {
		return Spec{}, nil
	}
	i, n, ok := strings.Cut(strings.TrimSpace(v), "/")
	index, ierr := strconv.Atoi(strings.TrimSpace(i))
	total, terr := strconv.Atoi(strings.TrimSpace(n))
	if !ok || ierr != nil || terr != nil || total < 1 || total > MaxTotal || index < 1 || index > total {
		return Spec{}, exitcode.Misusef("%s=%q: not accepted (accepted: %s)", Var, v, accepted)
	}
	return Spec{Index: index, Total: total}, nil
}

// Engine is a CI engine's pair of shard variables and the base of its
// index.
type Engine struct {
	Name         string
	Index, Total string // variable names
	Base         int    // the index of the first job: 0 or 1
}

// Engines are the CI engines whose variables Detect reads, in the order it
// tries them. GitHub Actions has none: a matrix sets BDD_SHARD itself.
var Engines = []Engine{
	{"GitLab", "CI_NODE_INDEX", "CI_NODE_TOTAL", 1},
	{"CircleCI", "CIRCLE_NODE_INDEX", "CIRCLE_NODE_TOTAL", 0},
	{"Buildkite", "BUILDKITE_PARALLEL_JOB", "BUILDKITE_PARALLEL_JOB_COUNT", 0},
	{"Bazel", "TEST_SHARD_INDEX", "TEST_TOTAL_SHARDS", 0},
}

// Detect finds the shard of this run: BDD_SHARD when set ("none": not
// sharded), otherwise the
// first CI engine whose index variable is set, read with its own base.
// from names where the shard came from ("BDD_SHARD", "GitLab
// CI_NODE_INDEX/CI_NODE_TOTAL"). No shard at all, or an engine that runs
// one job (a total of 1), is the zero Spec and no error. Bad values are
// misuse errors naming the variables.
func Detect(getenv func(string) string) (s Spec, from string, err error) {
	if v := getenv(Var); strings.TrimSpace(v) != "" {
		if s, err = Parse(v); err != nil || !s.Sharded() {
			return s, "", err
		}
		return s, Var, nil
	}
	for _, e := range Engines {
		iv, tv := strings.TrimSpace(getenv(e.Index)), strings.TrimSpace(getenv(e.Total))
		if iv == "" {
			continue
		}
		from = fmt.Sprintf("%s %s/%s", e.Name, e.Index, e.Total)
		index, ierr := strconv.Atoi(iv)
		total, terr := strconv.Atoi(tv)
		if ierr != nil || terr != nil || total < 1 || total > MaxTotal || index < e.Base || index-e.Base >= total {
			return Spec{}, from, exitcode.Misusef("%s=%q, %s=%q: not accepted (accepted: a total from 1 to %d and an index from %d to total%s, as %s sets them; or set %s=%s)",
				e.Index, iv, e.Total, tv, MaxTotal, e.Base, map[int]string{0: "-1", 1: ""}[e.Base], e.Name, Var, accepted)
		}
		if total == 1 {
			return Spec{}, "", nil
		}
		return Spec{Index: index - e.Base + 1, Total: total}, from, nil
	}
	return Spec{}, "", nil
}
