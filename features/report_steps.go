package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/report/htmltest"
)

// reportSteps checks the reports for people (index.html) and for tools
// (trace.json) as written by the last run.
func reportSteps(sc *godog.ScenarioContext, w *world) {
	sc.Step(`^the HTML report says "([^"]*)"$`, func(want string) error {
		return w.page(func(p htmltest.Page) error {
			if got := p.TextOf("closing"); got != want {
				return fmt.Errorf("closing line %q, want %q", got, want)
			}
			return nil
		})
	})
	sc.Step(`^the HTML report shows "([^"]*)"$`, func(want string) error {
		return w.page(func(p htmltest.Page) error {
			if !strings.Contains(w.rel(htmltest.Text(p.Doc)), want) {
				return fmt.Errorf("the page does not show %q", want)
			}
			return nil
		})
	})
	sc.Step(`^the first section of the HTML report lists (\d+) failures, "([^"]*)" first$`, func(n int, first string) error {
		return w.page(func(p htmltest.Page) error {
			if len(p.Sections) == 0 || p.Sections[0] != "failures" {
				return fmt.Errorf("sections %v: failures are not first", p.Sections)
			}
			if len(p.Failures) != n || !strings.Contains(p.Failures[0], first) {
				return fmt.Errorf("failures %q, want %d with %q first", p.Failures, n, first)
			}
			return nil
		})
	})
	sc.Step(`^the HTML report's timeline has (\d+) lanes and (\d+) bars$`, func(lanes, bars int) error {
		return w.page(func(p htmltest.Page) error {
			if p.Classes["div.lane"] != lanes || p.Classes["div.bar"] != bars {
				return fmt.Errorf("%d lanes and %d bars, want %d and %d", p.Classes["div.lane"], p.Classes["div.bar"], lanes, bars)
			}
			return nil
		})
	})
	sc.Step(`^the HTML report loads nothing from the network$`, func() error {
		return w.page(func(p htmltest.Page) error {
			if len(p.External) > 0 {
				return fmt.Errorf("external references: %q", p.External)
			}
			return nil
		})
	})
	sc.Step(`^the trace names (\d+) worker threads and holds (\d+) scenario events$`, w.traceHolds)
	sc.Step(`^cucumber.json lists the features "([^"]*)" with "([^"]*)" scenarios$`, w.cucumberFeatures)
	sc.Step(`^in cucumber.json the step "(.*)" is (passed|failed) with (?:an attachment|the error) "([^"]*)"$`, w.cucumberStep)
	sc.Step(`^the first progress line is "([^"]*)" and an estimate of the time left$`, w.progressEstimate)
	sc.Step(`^GITHUB_STEP_SUMMARY names a file$`, func() error {
		if err := w.tempDir(); err != nil {
			return err
		}
		w.env["GITHUB_STEP_SUMMARY"] = filepath.Join(w.dir, "summary.md")
		return nil
	})
	sc.Step(`^the job summary contains "(.*)"$`, func(want string) error {
		b, err := os.ReadFile(filepath.Join(w.dir, "summary.md"))
		if err != nil {
			return err
		}
		if !strings.Contains(w.rel(string(b)), want) {
			return fmt.Errorf("the job summary lacks %q:\n%s", want, w.rel(string(b)))
		}
		return nil
	})
	sc.Step(`^there is no job summary$`, func() error {
		if _, err := os.Stat(filepath.Join(w.dir, "summary.md")); !os.IsNotExist(err) {
			return fmt.Errorf("a job summary was written (%v)", err)
		}
		return nil
	})
}

func (w *world) page(check func(htmltest.Page) error) error {
	b, err := os.ReadFile(filepath.Join(w.dir, "reports", "index.html"))
	if err != nil {
		return err
	}
	p, err := htmltest.Parse(b)
	if err != nil {
		return err
	}
	return check(p)
}

func (w *world) traceHolds(threads, events int) error {
	b, err := os.ReadFile(filepath.Join(w.dir, "reports", "trace.json"))
	if err != nil {
		return err
	}
	var tr struct {
		TraceEvents []struct {
			Name, Ph string
			Tid      int
			Args     struct{ Name, Location string }
		}
	}
	if err := json.Unmarshal(b, &tr); err != nil {
		return fmt.Errorf("trace.json: %w", err)
	}
	named, scenarios := 0, 0
	for _, e := range tr.TraceEvents {
		switch {
		case e.Ph == "M" && e.Name == "thread_name" && strings.HasPrefix(e.Args.Name, "worker "):
			named++
		case e.Ph == "X" && e.Args.Location != "":
			scenarios++
		}
	}
	if named != threads || scenarios != events {
		return fmt.Errorf("%d worker threads and %d scenario events, want %d and %d", named, scenarios, threads, events)
	}
	return nil
}

// cucumberReport is the part of cucumber.json the steps look at.
type cucumberReport []struct {
	Name     string
	Elements []struct {
		Name  string
		Steps []struct {
			Name   string
			Result struct {
				Status       string
				ErrorMessage string `json:"error_message"`
			}
			Embeddings []struct{ Name string }
			Output     []string
		}
	}
}

func (w *world) cucumber() (cucumberReport, error) {
	var r cucumberReport
	b, err := os.ReadFile(filepath.Join(w.dir, "reports", "cucumber.json"))
	if err == nil {
		err = json.Unmarshal(b, &r)
	}
	return r, err
}

func (w *world) cucumberFeatures(names, counts string) error {
	r, err := w.cucumber()
	if err != nil {
		return err
	}
	var gotNames, gotCounts []string
	for _, f := range r {
		gotNames = append(gotNames, f.Name)
		gotCounts = append(gotCounts, fmt.Sprint(len(f.Elements)))
	}
	if strings.Join(gotNames, ", ") != names || strings.Join(gotCounts, ", ") != counts {
		return fmt.Errorf("features %q with %q scenarios, want %q with %q", gotNames, gotCounts, names, counts)
	}
	return nil
}

func (w *world) cucumberStep(name, status, detail string) error {
	r, err := w.cucumber()
	if err != nil {
		return err
	}
	for _, f := range r {
		for _, e := range f.Elements {
			for _, st := range e.Steps {
				if st.Name != name {
					continue
				}
				got := st.Result.ErrorMessage
				if status == "passed" && len(st.Embeddings) > 0 {
					got = st.Embeddings[0].Name
				}
				if st.Result.Status != status || got != detail {
					return fmt.Errorf("step %q is %s with %q, want %s with %q", name, st.Result.Status, got, status, detail)
				}
				return nil
			}
		}
	}
	return fmt.Errorf("no step %q in cucumber.json", name)
}

// estimateLine is a live progress line that ends with an estimate; how
// long depends on how fast the machine ran the scenarios the first time.
var estimateLine = regexp.MustCompile(`^(.*), about (\d+s|\d+m0s) left$`)

// progressEstimate checks the first live progress line of the last run.
func (w *world) progressEstimate(want string) error {
	lines := strings.Split(w.stdout, "\r\x1b[K")
	if len(lines) < 2 {
		return fmt.Errorf("no live progress line in:\n%q", w.stdout)
	}
	m := estimateLine.FindStringSubmatch(lines[1])
	if m == nil || m[1] != want {
		return fmt.Errorf("first progress line %q, want %q and an estimate of the time left", lines[1], want)
	}
	return nil
}
