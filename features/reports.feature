Feature: Reports for people and tools
  Next to junit.xml and results.json, every run writes a page for people,
  build/reports/index.html (the counts, the failures first, every scenario,
  a timeline with one lane per worker), and build/reports/trace.json, the
  same timeline in the Chrome trace format that Perfetto opens.

  Scenario: The HTML report shows the counts, the failures first and one bar per scenario on its worker's lane
    When I run mush on "internal/fixtures/testdata/arithmetic.feature,internal/fixtures/testdata/words.feature" with 2 workers
    Then the HTML report says "6 passed, 3 failed"
    And the first section of the HTML report lists 3 failures, "Arithmetic › Wrong sum" first
    And the HTML report's timeline has 2 lanes and 9 bars
    And the HTML report loads nothing from the network

  Scenario: The HTML report tells how to rerun a failure
    When I run mush on "internal/fixtures/testdata/words.feature"
    Then the HTML report shows "BDD_PATHS=internal/fixtures/testdata/words.feature:15 go tool mage unitTests"

  Scenario: The trace has one thread per worker and one event per scenario
    When I run mush on "internal/fixtures/testdata/arithmetic.feature" with 3 workers
    Then the trace names 3 worker threads and holds 6 scenario events
