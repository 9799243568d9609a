// Command benchmod stands in for the benchmark suite in internal/bench's
// tests of the build step.
package main

func main() {}
