package report_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/cucumber/godog"
)

// The Compatibility Kit's samples mush runs (testdata/cck, the samples of
// @cucumber/compatibility-kit), each with its step definitions written in
// Go after the sample's TypeScript ones, and the BDD_RETRY its
// arguments.txt asks for. docs/cucumber.md lists the samples left out and
// why; TestCompatibilityKit fails on a vendored sample missing here.
var cckSamples = map[string]cckSample{
	"minimal": {steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^I have (\d+) cukes in my belly$`, func(int) {})
	}},
	"cdata": {steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^I have (\d+) <!\[CDATA\[cukes\]\]> in my belly$`, func(int) {})
	}},
	"data-tables": {steps: dataTableSteps},
	"doc-strings": {steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^a doc string:$`, func(*godog.DocString) {})
	}},
	"backgrounds":       {steps: orderSteps},
	"rules-backgrounds": {steps: orderSteps},
	"multiple-features": {steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^an order for "([^"]*)"$`, func(string) {})
	}},
	"rules": {steps: chocolateSteps},
	"examples-tables": {steps: func(sc *godog.ScenarioContext) {
		n := cucumberSteps(sc)
		var friends int
		sc.Step(`^there are (\d+) friends$`, func(f int) { friends = f })
		sc.Step(`^each person can eat (\d+) cucumbers$`, func(share int) error {
			return strictlyEqual(*n/(1+friends), share)
		})
	}},
	"examples-tables-undefined":          {steps: func(sc *godog.ScenarioContext) { cucumberSteps(sc) }},
	"examples-tables-undefined-multiple": {steps: func(sc *godog.ScenarioContext) { cucumberSteps(sc) }},
	"examples-tables-attachment": {steps: func(sc *godog.ScenarioContext) {
		for kind, file := range map[string]string{"JPEG": "cucumber.jpeg", "PNG": "cucumber.png"} {
			sc.Step(`^a `+kind+` image is attached$`, func(ctx context.Context) (context.Context, error) {
				b, err := os.ReadFile(filepath.Join("testdata", "cck", "examples-tables-attachment", file))
				return godog.Attach(ctx, godog.Attachment{Body: b, MediaType: "image/" + strings.ToLower(kind)}), err
			})
		}
	}},
	"undefined":          {steps: implementedSteps},
	"undefined-multiple": {steps: implementedSteps},
	"pending": {steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^an implemented non-pending step$`, func() {})
		sc.Step(`^an implemented step that is skipped$`, func() {})
		sc.Step(`^an unimplemented pending step$`, func() error { return godog.ErrPending })
	}},
	"pending-exception": {steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^an unimplemented pending step$`, func() error { return fmt.Errorf("TODO: %w", godog.ErrPending) })
	}},
	"skipped": {steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^a step that does not skip$`, func() {})
		sc.Step(`^a step that is skipped$`, func() {})
		sc.Step(`^I skip a step$`, func() error { return godog.ErrSkip })
	}},
	"skipped-exception": {steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^I skip a step$`, func() error { return fmt.Errorf("skipping: %w", godog.ErrSkip) })
	}},
	"ambiguous": {steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^a (.*?) with (.*?)$`, func(string, string) {})
		sc.Step(`^a step with (.*?)$`, func(string) {})
	}},
	"all-statuses": {steps: statusSteps},
	"retry":        {retry: "2", newSteps: retrySteps},
	"retry-ambiguous": {retry: "2", steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^an ambiguous step$`, func() {})
		sc.Step(`^an ambiguous step$`, func() {})
	}},
	"retry-pending": {retry: "2", steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^a pending step$`, func() error { return godog.ErrPending })
	}},
	"retry-undefined": {retry: "2", steps: func(*godog.ScenarioContext) {}},
	"attachments":     {steps: attachmentSteps},
	"regular-expression": {steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^a (.*?)(?: and a (.*?))?(?: and a (.*?))?$`, func(string, string, string) {})
	}},
	"stack-traces": {steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^a step throws an exception$`, func() error { return errors.New("BOOM") })
	}},
	"parameter-types": {steps: func(sc *godog.ScenarioContext) {
		// godog has no parameter types: the step converts what its
		// regular expression captures, as the sample's transformer does.
		type flight struct{ from, to string }
		sc.Step(`^([A-Z]{3})-([A-Z]{3}) has been delayed$`, func(from, to string) error {
			if f := (flight{from, to}); f != (flight{"LHR", "CDG"}) {
				return fmt.Errorf("flight %v, want LHR-CDG", f)
			}
			return nil
		})
	}},
	"unused-steps": {steps: func(sc *godog.ScenarioContext) {
		sc.Step(`^a step that is used$`, func() {})
		sc.Step(`^a step that is not used$`, func() {})
	}},
}

// cckSample is how to run one sample: its step definitions (or a maker of
// fresh ones, for a sample whose steps count over the run), and BDD_RETRY.
type cckSample struct {
	steps    func(*godog.ScenarioContext)
	newSteps func() func(*godog.ScenarioContext)
	retry    string
}

// retrySteps are the retry sample's: steps that pass on the second and
// third try, counted over the whole run as the sample's module-level
// counters are.
func retrySteps() func(*godog.ScenarioContext) {
	var second, third atomic.Int32
	return func(sc *godog.ScenarioContext) {
		sc.Step(`^a step that always passes$`, func() {})
		sc.Step(`^a step that passes the second time$`, func() error { return failUntil(&second, 2) })
		sc.Step(`^a step that passes the third time$`, func() error { return failUntil(&third, 3) })
		sc.Step(`^a step that always fails$`, func() error { return errors.New("Exception in step") })
	}
}

func failUntil(n *atomic.Int32, pass int32) error {
	if n.Add(1) < pass {
		return errors.New("Exception in step")
	}
	return nil
}

func orderSteps(sc *godog.ScenarioContext) {
	sc.Step(`^an order for "([^"]*)"$`, func(string) {})
	sc.Step(`^an action$`, func() {})
	sc.Step(`^an outcome$`, func() {})
}

func implementedSteps(sc *godog.ScenarioContext) {
	sc.Step(`^an implemented step$`, func() {})
	sc.Step(`^a step that will be skipped$`, func() {})
}

func statusSteps(sc *godog.ScenarioContext) {
	sc.Step(`^a step$`, func() {})
	sc.Step(`^a failing step$`, func() error { return errors.New("whoops") })
	sc.Step(`^a pending step$`, func() error { return godog.ErrPending })
	sc.Step(`^a skipped step$`, func() error { return godog.ErrSkip })
	sc.Step(`^an ambiguous (.*?)$`, func(string) {})
	sc.Step(`^(.*?) ambiguous step$`, func(string) {})
}

// strictlyEqual fails as node's assert.strictEqual does.
func strictlyEqual(got, want int) error {
	if got != want {
		return fmt.Errorf("Expected values to be strictly equal:\n\n%d !== %d\n", got, want)
	}
	return nil
}

// cucumberSteps are the examples tables' steps; they return the count of
// cucumbers of the scenario.
func cucumberSteps(sc *godog.ScenarioContext) *int {
	n := new(int)
	sc.Step(`^there are (\d+) cucumbers$`, func(start int) { *n = start })
	sc.Step(`^I eat (\d+) cucumbers$`, func(eat int) { *n -= eat })
	sc.Step(`^I should have (\d+) cucumbers$`, func(left int) error { return strictlyEqual(*n, left) })
	return n
}

func chocolateSteps(sc *godog.ScenarioContext) {
	var money int
	var stock []string
	chocolate := ""
	sc.Step(`^the customer has (\d+) cents$`, func(m int) { money = m })
	sc.Step(`^there are chocolate bars in stock$`, func() { stock = []string{"Mars"} })
	sc.Step(`^there are no chocolate bars in stock$`, func() { stock = nil })
	sc.Step(`^the customer tries to buy a (\d+) cent chocolate bar$`, func(price int) {
		if money >= price && len(stock) > 0 {
			chocolate, stock = stock[len(stock)-1], stock[:len(stock)-1]
		}
	})
	sc.Step(`^the sale should not happen$`, func() error {
		if chocolate != "" {
			return fmt.Errorf("sold %s", chocolate)
		}
		return nil
	})
	sc.Step(`^the sale should happen$`, func() error {
		if chocolate == "" {
			return errors.New("nothing sold")
		}
		return nil
	})
}

func dataTableSteps(sc *godog.ScenarioContext) {
	var transposed [][]string
	rows := func(t *godog.Table) [][]string {
		var out [][]string
		for _, r := range t.Rows {
			var cells []string
			for _, c := range r.Cells {
				cells = append(cells, c.Value)
			}
			out = append(out, cells)
		}
		return out
	}
	sc.Step(`^the following table is transposed:$`, func(t *godog.Table) {
		in := rows(t)
		transposed = make([][]string, len(in[0]))
		for _, r := range in {
			for j, c := range r {
				transposed[j] = append(transposed[j], c)
			}
		}
	})
	sc.Step(`^it should be:$`, func(t *godog.Table) error {
		if want := rows(t); !slices.EqualFunc(transposed, want, slices.Equal) {
			return fmt.Errorf("transposed %v, want %v", transposed, want)
		}
		return nil
	})
}

func attachmentSteps(sc *godog.ScenarioContext) {
	attach := func(ctx context.Context, body []byte, mediaType, name string) context.Context {
		return godog.Attach(ctx, godog.Attachment{Body: body, MediaType: mediaType, FileName: name})
	}
	sc.Step(`^the string "([^"]*)" is attached as "([^"]*)"$`, func(ctx context.Context, text, mediaType string) context.Context {
		return attach(ctx, []byte(text), mediaType, "")
	})
	sc.Step(`^the string "([^"]*)" is logged$`, func(ctx context.Context, text string) { godog.Log(ctx, text) })
	sc.Step(`^text with ANSI escapes is logged$`, func(ctx context.Context) {
		godog.Log(ctx, "This displays a \x1b[31mr\x1b[0m\x1b[91ma\x1b[0m\x1b[33mi\x1b[0m\x1b[32mn\x1b[0m\x1b[34mb\x1b[0m\x1b[95mo\x1b[0m\x1b[35mw\x1b[0m")
	})
	sc.Step(`^the following string is attached as "([^"]*)":$`, func(ctx context.Context, mediaType string, doc *godog.DocString) context.Context {
		return attach(ctx, []byte(doc.Content), mediaType, "")
	})
	sc.Step(`^an array with (\d+) bytes is attached as "([^"]*)"$`, func(ctx context.Context, size int, mediaType string) context.Context {
		b := make([]byte, size)
		for i := range b {
			b[i] = byte(i)
		}
		return attach(ctx, b, mediaType, "")
	})
	sc.Step(`^a PDF document is attached and renamed$`, func(ctx context.Context) (context.Context, error) {
		b, err := os.ReadFile(filepath.Join("testdata", "cck", "attachments", "document.pdf"))
		return attach(ctx, b, "application/pdf", "renamed.pdf"), err
	})
	sc.Step(`^a link to "([^"]*)" is attached$`, func(ctx context.Context, uri string) context.Context {
		return attach(ctx, []byte(uri), "text/uri-list", "")
	})
	sc.Step(`^the string "([^"]*)" is attached as "([^"]*)" before a failure$`, func(ctx context.Context, text, mediaType string) (context.Context, error) {
		return attach(ctx, []byte(text), mediaType, ""), errors.New("whoops")
	})
}
