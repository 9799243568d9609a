package bench

import (
	"os"
	"strconv"
	"strings"
)

// treeRSS is the resident set size of pid and of every living process
// below it, now, in bytes (the resident pages of /proc/PID/statm), and
// those processes; 0 and none once pid is gone, or where there is no /proc
// (not Linux). Children are listed per thread, in
// /proc/PID/task/TID/children.
func treeRSS(pid int) (sum int64, pids []int) {
	for todo := []int{pid}; len(todo) > 0; todo = todo[1:] {
		dir := "/proc/" + strconv.Itoa(todo[0])
		b, err := os.ReadFile(dir + "/statm")
		f := strings.Fields(string(b))
		if err != nil || len(f) < 2 {
			continue // gone
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		sum += n * int64(os.Getpagesize())
		pids = append(pids, todo[0])
		tasks, _ := os.ReadDir(dir + "/task")
		for _, t := range tasks {
			b, _ := os.ReadFile(dir + "/task/" + t.Name() + "/children")
			for _, c := range strings.Fields(string(b)) {
				if n, err := strconv.Atoi(c); err == nil {
					todo = append(todo, n)
				}
			}
		}
	}
	return sum, pids
}
