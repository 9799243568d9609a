package discover

import (
	"fmt"
	"regexp"
	"strings"
)

// warnings reports what in ff looks like a mistake but does not stop a
// run: a feature without scenarios, a scenario name used twice.
func (ff *featureFile) warnings() []string {
	var warnings []string
	if len(ff.pickles) == 0 {
		warnings = append(warnings, fmt.Sprintf("%s: feature %q has no scenarios", ff.path, ff.doc.Feature.Name))
	}
	first := map[string]int64{}
	for _, sc := range ff.layout.order {
		if line, ok := first[sc.Name]; ok {
			warnings = append(warnings, fmt.Sprintf("%s:%d: scenario name %q also used at line %d",
				ff.path, sc.Location.Line, sc.Name, line))
			continue
		}
		first[sc.Name] = sc.Location.Line
	}
	return warnings
}

// maxListed is how many files a summarised problem or warning names.
const maxListed = 3

// noScenarios matches the warning of a feature without scenarios.
var noScenarios = regexp.MustCompile(`^(.+): feature ".*" has no scenarios$`)

// summarise folds lines that say the same of more than maxListed files
// (10,000 empty feature files) into one line, where the first of them
// was: "N feature files have no Feature: a, b, c and N-3 more".
func summarise(lines []string, files func(line string) (file string, ok bool), what string) []string {
	var paths []string
	for _, l := range lines {
		if p, ok := files(l); ok {
			paths = append(paths, p)
		}
	}
	if len(paths) <= maxListed {
		return lines
	}
	summary := fmt.Sprintf("%d %s: %s and %d more", len(paths), what, strings.Join(paths[:maxListed], ", "), len(paths)-maxListed)
	out := make([]string, 0, len(lines)-len(paths)+1)
	for _, l := range lines {
		if _, ok := files(l); !ok {
			out = append(out, l)
		} else if summary != "" {
			out, summary = append(out, summary), ""
		}
	}
	return out
}

// summariseEmpty folds the problems of files without a Feature and the
// warnings of features without scenarios.
func summariseEmpty(problems, warnings []string) ([]string, []string) {
	problems = summarise(problems, func(l string) (string, bool) {
		return strings.CutSuffix(l, ": "+noFeature)
	}, "feature files have no Feature")
	warnings = summarise(warnings, func(l string) (string, bool) {
		m := noScenarios.FindStringSubmatch(l)
		if m == nil {
			return "", false
		}
		return m[1], true
	}, "features have no scenarios")
	return problems, warnings
}
