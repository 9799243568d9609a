Feature: Reports for people and tools
  Next to junit.xml and results.json, every run writes a page for people,
  build/reports/index.html (the counts, the failures first, every scenario,
  a timeline with one lane per worker), build/reports/trace.json, the
  same timeline in the Chrome trace format that Perfetto opens, and
  build/reports/cucumber.json, the Cucumber JSON that godog's own cucumber
  formatter writes, for the tools that read it.

  Background:
    Given a feature file "sums.feature":
      """
      Feature: Sums

        Scenario: Small sum
          Given a step that passes
          Then 1 plus 1 is 2

        Scenario: Wrong sum
          Given a step that passes
          Then 2 plus 2 is 5

        Scenario Outline: Sums from a table
          Then <a> plus <b> is <c>

          Examples:
            | a | b | c |
            | 1 | 2 | 3 |
            | 2 | 3 | 6 |
      """
    And a feature file "words.feature":
      """
      Feature: Words

        Scenario: Counting letters
          Then the text "mush" has 4 letters

        Scenario: Failing on purpose
          Then a step that fails with "words are hard"
      """

  Scenario: The HTML report shows the counts, the failures first and one bar per scenario on its worker's lane
    When I run mush on "sums.feature,words.feature" with 2 workers
    Then the HTML report says "3 passed, 3 failed"
    And the first section of the HTML report lists 3 failures, "Sums › Wrong sum" first
    And the HTML report's timeline has 2 lanes and 6 bars
    And the HTML report loads nothing from the network

  Scenario: The HTML report tells how to rerun a failure
    When I run mush on "words.feature"
    Then the HTML report shows "BDD_PATHS=words.feature:6 go tool mage unitTests"

  Scenario: The trace has one thread per worker and one event per scenario
    When I run mush on "sums.feature" with 3 workers
    Then the trace names 3 worker threads and holds 4 scenario events

  Scenario: cucumber.json is the Cucumber JSON report godog writes, for the whole run, features sorted by name as godog sorts them
    Given a feature file "shop.feature":
      """
      @shop
      Feature: Shop

        Scenario: Paying
          Given a step with a doc string:
            ```json
            {"total": 3}
            ```
          And a step with a table:
            | item  | price |
            | apple | 1     |
          Then a step that attaches "receipt"

        Scenario: Refused
          Given a step that fails with "card declined"
      """
    And a feature file "another.feature":
      """
      Feature: Another feature

        Scenario: First
          Given a step that passes
      """
    When I run mush on "shop.feature,another.feature" with 4 workers
    Then cucumber.json lists the features "Another feature, Shop" with "1, 2" scenarios
    And in cucumber.json the step "a step that attaches "receipt"" is passed with an attachment "receipt.txt"
    And in cucumber.json the step "a step that fails with "card declined"" is failed with the error "card declined"
