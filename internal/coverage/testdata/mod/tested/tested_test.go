package tested

import (
	"os"
	"testing"
)

func TestAdd(t *testing.T) {
	if Add(1, 2) != 3 {
		t.Fatal("Add(1, 2) != 3")
	}
}

func TestDiff(t *testing.T) {
	if Diff(1, 3) != 2 {
		t.Fatal("Diff(1, 3) != 2")
	}
}

// TestFailOnRequest fails when MOD_FAIL is set, so that a test can see what
// a failing `go test` run leaves behind.
func TestFailOnRequest(t *testing.T) {
	if os.Getenv("MOD_FAIL") != "" {
		t.Fatal("failing on request (MOD_FAIL is set)")
	}
}
