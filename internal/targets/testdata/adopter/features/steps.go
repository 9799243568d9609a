package main

import (
	"context"
	"fmt"

	"github.com/cucumber/godog"

	"example.com/adopter/calc"
)

// memory is set once by BeforeSuite; scenarios only read it.
var memory int

// InitializeTestSuite sets up what every scenario shares and registers the
// steps, as many godog suites do.
func InitializeTestSuite(ctx *godog.TestSuiteContext) {
	ctx.BeforeSuite(func() { memory = 42 })
	sc := ctx.ScenarioContext()
	sc.Step(`^the memory holds (\d+)$`, func(n int) error {
		if memory != n {
			return fmt.Errorf("the memory holds %d, not %d", memory, n)
		}
		return nil
	})
}

// result is one scenario's last result, kept in its context.
type result struct{ value int }

type resultKey struct{}

// InitializeScenario registers the arithmetic steps; each scenario gets
// its own result.
func InitializeScenario(ctx *godog.ScenarioContext) {
	ctx.Before(func(ctx context.Context, _ *godog.Scenario) (context.Context, error) {
		return context.WithValue(ctx, resultKey{}, &result{}), nil
	})
	res := func(ctx context.Context) *result { return ctx.Value(resultKey{}).(*result) }
	ctx.Step(`^I add (\d+) and (\d+)$`, func(ctx context.Context, a, b int) {
		res(ctx).value = calc.Add(a, b)
	})
	ctx.Step(`^I add the memory and (\d+)$`, func(ctx context.Context, b int) {
		res(ctx).value = calc.Add(memory, b)
	})
	ctx.Step(`^I divide (\d+) by (\d+)$`, func(ctx context.Context, a, b int) error {
		v, err := calc.Divide(a, b)
		res(ctx).value = v
		return err
	})
	ctx.Step(`^the result is (\d+)$`, func(ctx context.Context, want int) error {
		if got := res(ctx).value; got != want {
			return fmt.Errorf("the result is %d, not %d", got, want)
		}
		return nil
	})
}
