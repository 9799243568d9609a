package main

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/cucumber/godog"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/targets"
)

// adoptionSteps registers the steps of adoption.feature that act on the
// world of steps.go (its variables, exit code and output).
func adoptionSteps(sc *godog.ScenarioContext, w *world) {
	sc.Step(`^I run the (unitTests|coverageReport) target on mush itself$`, w.runTarget)
}

// runTarget runs a Mage target in-process on mush's own module with the
// scenario's variables. Only refusals are run this way: a target that got
// past its checks would build and run mush's whole suite.
func (w *world) runTarget(ctx context.Context, target string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	var out, errOut bytes.Buffer
	p := targets.Project{Root: root, Features: "./features", Stdout: &out, Stderr: &errOut, Env: config.NewEnv(os.Environ())}
	for k, v := range w.env {
		p.Env = p.Env.Set(k, v, "")
	}
	switch target {
	case "unitTests":
		err = targets.UnitTests(ctx, p)
	default:
		err = targets.CoverageReport(ctx, p)
	}
	w.code = targets.Report(err, &errOut)
	w.stdout, w.stderr = out.String(), errOut.String()
	if w.code != 2 {
		return fmt.Errorf("the %s target got past its checks (exit %d): only refusals run on mush itself", target, w.code)
	}
	return nil
}
