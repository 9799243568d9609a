package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStartProfile(t *testing.T) {
	var w bytes.Buffer
	startProfile("", &w)()
	path := filepath.Join(t.TempDir(), "cpu.pprof")
	stop := startProfile(path, &w)
	stop()
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 || w.Len() != 0 {
		t.Fatalf("profile %v, %v, warnings %q", fi, err, w.String())
	}
	startProfile(filepath.Join(path, "sub", "x"), &w)()
	if !strings.Contains(w.String(), "MUSH_CPUPROFILE=") {
		t.Fatalf("no warning for an unwritable profile: %q", w.String())
	}
}
