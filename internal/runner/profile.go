package runner

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile starts a CPU profile into path (nothing when path is empty)
// and returns the function that ends it. A profile that cannot be started
// is reported on w and the run goes on without it.
func startProfile(path string, w io.Writer) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(w, "mush: warning: MUSH_CPUPROFILE=%q: no profile: %v\n", path, err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
