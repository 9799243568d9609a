package gotest

import (
	"cmp"
	"path"
	"strconv"
	"strings"

	"github.com/mushbdd/mush/internal/discover"
)

// names maps a scenario's location ("file:line") to its subtest name
// below the test: feature and scenario, as given to t.Run.
type names map[string][2]string

// nameScenarios names every scenario of all, the scenarios of whole
// feature files, so that a name does not depend on what is selected:
//   - the feature's name, or its file's base name when it has none; when
//     two files have the same feature name, the file path follows it;
//   - the scenario's name, or "line N" when it has none; when two
//     scenarios of a file have the same name (outline rows without a
//     placeholder in the name, say), each gets " (line N)" after it.
//
// A "/" in a name becomes "_": it would split the name into levels.
func nameScenarios(all []discover.Scenario) names {
	featureOf := map[string]string{} // by file
	files := map[string]int{}        // files by rewritten feature name
	count := map[[2]string]int{}     // scenarios by file and rewritten name
	for _, sc := range all {
		if _, seen := featureOf[sc.File]; !seen {
			featureOf[sc.File] = sanitize(cmp.Or(strings.TrimSpace(sc.Feature), strings.TrimSuffix(path.Base(sc.File), ".feature")))
			files[rewrite(featureOf[sc.File])]++
		}
		count[[2]string{sc.File, rewrite(scenarioName(sc))}]++
	}
	n := names{}
	for _, sc := range all {
		feature, name := featureOf[sc.File], scenarioName(sc)
		if files[rewrite(feature)] > 1 {
			feature += " (" + sanitize(sc.File) + ")"
		}
		if count[[2]string{sc.File, rewrite(name)}] > 1 {
			name += " (line " + strconv.Itoa(sc.Line) + ")"
		}
		n[sc.Location()] = [2]string{feature, name}
	}
	return n
}

func scenarioName(sc discover.Scenario) string {
	if strings.TrimSpace(sc.Name) == "" {
		return "line " + strconv.Itoa(sc.Line)
	}
	return sanitize(sc.Name)
}

func sanitize(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), "/", "_") }

// subtest is the name given to t.Run.
func (n names) subtest(loc string) string {
	x := n.of(loc)
	return x[0] + "/" + x[1]
}

// of is the feature and scenario name of loc; a location named by nobody
// (its file changed since it was read) is named after itself.
func (n names) of(loc string) [2]string {
	if x, ok := n[loc]; ok {
		return x
	}
	return [2]string{"unnamed", sanitize(loc)}
}

// elements are the levels of the full subtest name as testing matches
// them: the test's own levels, then feature and scenario, rewritten.
func (n names) elements(test, loc string) []string {
	x := n.of(loc)
	return append(strings.Split(test, "/"), rewrite(x[0]), rewrite(x[1]))
}
