package bench

import (
	"os"
	"os/exec"
	"slices"
	"testing"
)

// TestTreeRSS: a child counts in its parent's tree while it lives, and a
// process that is gone has none.
func TestTreeRSS(t *testing.T) {
	cmd := exec.Command("cat") // blocks on its standard input until closed
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	if _, pids := treeRSS(os.Getpid()); !slices.Contains(pids, pid) {
		t.Errorf("tree of the test %v lacks its child %d", pids, pid)
	}
	child, _ := treeRSS(pid)
	if all, _ := treeRSS(os.Getpid()); child <= 0 || all <= child {
		t.Errorf("child %d bytes, the test's tree %d bytes: want the tree above the child", child, all)
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if got, pids := treeRSS(pid); got != 0 || len(pids) != 0 {
		t.Errorf("a process gone: %d bytes, tree %v", got, pids)
	}
}
