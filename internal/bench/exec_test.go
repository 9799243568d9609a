package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for a child process: with
// BENCH_TEST_HELPER set it behaves as that variable says and exits.
func TestMain(m *testing.M) {
	switch os.Getenv("BENCH_TEST_HELPER") {
	case "":
		os.Exit(m.Run())
	case "ok":
		fmt.Println(strings.Repeat("progress ", 1000))
		os.Exit(0)
	case "busy": // ready, then busy until its input ends
		fmt.Println("busy")
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	default:
		fmt.Fprintln(os.Stderr, "boom: "+os.Getenv("BENCH_TEST_HELPER"))
		os.Exit(3)
	}
}

func helper(mode string) Command {
	return Command{Path: os.Args[0], Args: []string{"-test.run=^$"}, Env: append(os.Environ(), "BENCH_TEST_HELPER="+mode)}
}

func TestOSExec(t *testing.T) {
	u, err := osExec{}.run(context.Background(), helper("ok"))
	if err != nil {
		t.Fatal(err)
	}
	if u.Wall <= 0 || u.MaxRSS <= 0 || u.TreeRSS != 0 {
		t.Errorf("usage %+v: want positive wall and RSS, no tree sampled", u)
	}
	tree := helper("ok")
	tree.Tree = true
	if u, err = (osExec{}).run(context.Background(), tree); err != nil || u.TreeRSS < 0 {
		t.Errorf("sampling the tree: %+v, %v", u, err)
	}
	u, err = osExec{}.run(context.Background(), helper("fail"))
	if err == nil || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "boom: fail") {
		t.Errorf("err = %v, want the exit status and the output", err)
	}
	if u.Wall <= 0 {
		t.Errorf("a failed child has no wall time: %+v", u)
	}
	_, err = osExec{}.run(context.Background(), Command{Path: "/nonexistent/benchsuite"})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/benchsuite") {
		t.Errorf("err = %v", err)
	}
}

// TestOSExecStart: a background child is ready once it printed a line,
// and stopping it ends its input and waits for it; one that ends before
// it is ready or cannot start (after an interrupt too) says so.
func TestOSExecStart(t *testing.T) {
	stop, err := osExec{}.start(context.Background(), helper("busy"))
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	_, err = osExec{}.start(context.Background(), helper("fail"))
	if err == nil || !strings.Contains(err.Error(), "ended before it was ready") || !strings.Contains(err.Error(), "exit status 3") ||
		!strings.Contains(err.Error(), "boom: fail") {
		t.Errorf("a child that fails at once: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (osExec{}).start(ctx, helper("busy")); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("starting after an interrupt: %v", err)
	}
	if _, err := (osExec{}).start(context.Background(), Command{Path: "/nonexistent/benchsuite"}); err == nil ||
		!strings.Contains(err.Error(), "/nonexistent/benchsuite") {
		t.Errorf("err = %v", err)
	}
}

func TestCommandString(t *testing.T) {
	c := Command{Path: "bin/benchsuite", Args: []string{"godog-conc", "-n", "8", "dir"}}
	if got := c.String(); got != "bin/benchsuite godog-conc -n 8 dir" {
		t.Errorf("String() = %q", got)
	}
}
