package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/htmlreport/htmltest"
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
			if !strings.Contains(htmltest.Text(p.Doc), want) {
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
		if !strings.Contains(string(b), want) {
			return fmt.Errorf("the job summary lacks %q:\n%s", want, b)
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
