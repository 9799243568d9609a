package runner

// lane is the goroutine a worker runs its scenarios on. Each scenario runs
// apart from its worker so that the worker can give up on it (a timeout, an
// interrupt) and go on. One lane serves a worker's scenarios until it gives
// up on one: the goroutine, its stack grown to godog's depth and its id
// are paid once per worker, not once per scenario (on 20,000 trivial
// scenarios, growing fresh stacks alone cost 0.4 s of 11 s CPU). The zero
// lane starts its goroutine on first use.
type lane struct {
	jobs chan func()
	id   int64 // the goroutine's id, for a timeout's stack dump
}

// run starts job on the lane's goroutine (a new one when it has none) and
// returns that goroutine's id.
func (l *lane) run(job func()) int64 {
	if l.jobs == nil {
		jobs, id := make(chan func()), make(chan int64)
		go func() {
			id <- goroutineID()
			for job := range jobs {
				job()
			}
		}()
		l.jobs, l.id = jobs, <-id
	}
	l.jobs <- job
	return l.id
}

// close ends the lane: its goroutine exits once its job is done (a job
// given up on may never be), and the next job starts a new goroutine.
func (l *lane) close() {
	if l.jobs != nil {
		close(l.jobs)
		l.jobs = nil
	}
}
