package discover

import "fmt"

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
