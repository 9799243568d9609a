// Command features stands in for a feature runner: it prints a counts line
// and exits with the code in FAKE_EXIT (0 when unset).
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	code, _ := strconv.Atoi(os.Getenv("FAKE_EXIT"))
	fmt.Printf("%d passed, %d failed\n", 1-min(code, 1), min(code, 1))
	os.Exit(code)
}
