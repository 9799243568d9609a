package main

import (
	"fmt"
	"strings"

	"github.com/cucumber/godog"
)

// logSteps check a scenario's logs (godog.Log) in the reports of the last
// run. Texts given with "\n" stand for line breaks.
func logSteps(sc *godog.ScenarioContext, w *world) {
	unescape := strings.NewReplacer(`\n`, "\n").Replace
	sc.Step(`^the JUnit system-out of "([^"]*)" contains "(.*)"$`, func(name, want string) error {
		return w.junitSystemOut(name, unescape(want))
	})
	sc.Step(`^results.json has the logs "([^"]*)" for "([^"]*)"$`, w.resultsLogs)
	sc.Step(`^in cucumber.json the step "(.*)" has the output "([^"]*)"$`, w.cucumberOutput)
}

func (w *world) junitSystemOut(name, want string) error {
	c, _, err := w.junitCase(name)
	if err != nil {
		return err
	}
	if !strings.Contains(c.SystemOut, want) {
		return fmt.Errorf("system-out of %q is %q, want it to contain %q", name, c.SystemOut, want)
	}
	return nil
}

func (w *world) resultsLogs(want, name string) error {
	s, err := w.scenario(name)
	if err != nil {
		return err
	}
	var got []string
	for _, l := range s.Logs {
		got = append(got, l.Text)
	}
	if strings.Join(got, ", ") != want {
		return fmt.Errorf("logs of %q are %q, want %q", name, got, want)
	}
	return nil
}

func (w *world) cucumberOutput(name, want string) error {
	r, err := w.cucumber()
	if err != nil {
		return err
	}
	for _, f := range r {
		for _, e := range f.Elements {
			for _, st := range e.Steps {
				if st.Name == name {
					if strings.Join(st.Output, "\n") != want {
						return fmt.Errorf("step %q has the output %q, want %q", name, st.Output, want)
					}
					return nil
				}
			}
		}
	}
	return fmt.Errorf("no step %q in cucumber.json", name)
}
