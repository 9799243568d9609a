Feature: Benchmark
  `go tool mage bench` measures mush against one process per feature file,
  sequential godog and godog's own concurrency, and writes
  build/bench/bench.json. Its quick mode runs here, on a tiny corpus, so that
  the benchmark cannot silently rot.

  Scenario: The quick benchmark measures every contender on every corpus
    When I run the quick benchmark on a tiny corpus
    Then bench.json has every contender with a positive median on every corpus
    And the benchmark table shows every contender and the targets
    And no busy loop of the contended round is left running
