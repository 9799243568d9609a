// Command app stands in for the feature runner: an instrumented binary
// whose coverage data joins the test profile. It links package tested, not
// package untested, so its coverage data knows nothing of untested.
package main

import (
	"fmt"

	"example.com/mod/tested"
)

func main() {
	fmt.Println(tested.Diff(5, 1))
}
