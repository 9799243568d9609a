Feature: Output and reports
  Scenario output is never interleaved, and every run leaves one JUnit
  file and one JSON results file.

  Background:
    Given a feature file "sums.feature":
      """
      Feature: Sums

        Scenario: Small sum
          Given a step that passes
          Then 1 plus 1 is 2

        Scenario: Slow sum
          Given a step that sleeps for 30ms
          Then 2 plus 2 is 4

        Scenario: Wrong sum
          Given a step that passes
          Then 2 plus 2 is 5
          And a step that passes

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

        Background:
          Given a step that passes

        Scenario: Counting letters
          Then the text "mush" has 4 letters

        Scenario: Failing on purpose
          Then a step that fails with "words are hard"
      """

  Scenario: The pretty format prints every scenario whole, even in parallel
    Given BDD_FORMAT is "pretty"
    When I run mush on "sums.feature,words.feature" with 8 workers
    Then every scenario is printed as one whole block

  Scenario: Outside a terminal the progress format prints failures and the summary only
    When I run mush on "words.feature"
    Then the output contains "FAILED words.feature:9  Words › Failing on purpose"
    And the output does not contain "PASS"
    And the output has no colour codes

  Scenario: The JUnit report has every scenario in file order
    When I run mush on "sums.feature,words.feature" with 8 workers
    Then the JUnit report lists 7 test cases with 3 failures in file order

  Scenario: On a terminal, the progress line estimates the time left once the timing history knows every scenario
    Given the output is a terminal
    When I run mush on "sums.feature"
    Then the output does not contain "left"
    When I run mush on "sums.feature" again
    Then the first progress line is "0/5 scenarios, 0 failed, 0s" and an estimate of the time left
