package runner

import "context"

// workerKey holds a scenario's worker id in its context.
type workerKey struct{}

// withWorker is ctx carrying worker id n.
func withWorker(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, workerKey{}, n)
}

// Worker is the id of the worker slot running the scenario whose context
// (or one derived from it) ctx is: 1-based, the same for every scenario the
// slot runs, never the same for two scenarios running at once; 0 for any
// other context. In one process it is the worker's number; in process mode
// (BDD_ISOLATION=process) slot s of a process running BDD_WORKERS=w at
// once numbers its workers (s-1)*w+1 to s*w, so with the default w of 1
// it equals MUSH_WORKER.
func Worker(ctx context.Context) int {
	n, _ := ctx.Value(workerKey{}).(int)
	return n
}
