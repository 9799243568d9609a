Feature: Reports for people and tools
  Next to junit.xml and results.json, every run writes a page for people,
  build/reports/index.html (the counts, the failures first, every scenario,
  a timeline with one lane per worker), build/reports/trace.json, the
  same timeline in the Chrome trace format that Perfetto opens, and
  build/reports/cucumber.json, the Cucumber JSON that godog's own cucumber
  formatter writes, for the tools that read it.

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

  Scenario: cucumber.json is the Cucumber JSON report godog writes, for the whole run, features sorted by name as godog sorts them
    When I run mush on "internal/fixtures/reporting" with 4 workers
    Then cucumber.json lists the features "Another feature, Shop" with "2, 5" scenarios
    And in cucumber.json the step "a step that attaches "receipt"" is passed with an attachment "receipt.txt"
    And in cucumber.json the step "a step that fails with "card declined"" is failed with the error "card declined"
