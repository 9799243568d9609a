Feature: Parallel runs
  mush runs every scenario of a suite in one process on several workers,
  and gives the same verdicts as a sequential run.

  Scenario: A parallel run and a sequential run give the same verdicts
    Given a feature file "sums.feature":
      """
      Feature: Sums

        Scenario: Small sum
          Then 1 plus 1 is 2

        Scenario: Wrong sum
          Then 2 plus 2 is 5

        Scenario Outline: Sums from a table
          Then <a> plus <b> is <c>

          Examples:
            | a | b | c |
            | 1 | 2 | 3 |
            | 2 | 3 | 6 |
      """
    When I run mush on "sums.feature" with 1 worker
    And I run mush on "sums.feature" with 8 workers
    Then every scenario has the same verdict in both runs
    And scenario "Wrong sum" is failed
    And scenario "Small sum" is passed

  Scenario: Several workers run scenarios at the same time
    Given a feature file "rendezvous.feature":
      """
      Feature: Rendezvous
        Each scenario waits until the other one runs too: a run that is not
        parallel cannot pass it.

        Scenario: Meets the other
          Given a step that waits until 2 scenarios run at once

        Scenario: Meets the first
          Given a step that waits until 2 scenarios run at once
      """
    When I run mush on "rendezvous.feature" with 4 workers
    Then at least 2 scenarios ran at the same time
    And the exit code is 0
    And the last line of the output is "2 passed, 0 failed"

  Scenario: One worker runs scenarios one at a time
    Given a feature file "steady.feature":
      """
      Feature: Steady
        Each scenario takes a little while, so that two would overlap if
        they ran at once.

        Scenario: One
          Given a step that sleeps for 20ms

        Scenario: Two
          Given a step that sleeps for 20ms

        Scenario: Three
          Given a step that sleeps for 20ms
      """
    When I run mush on "steady.feature" with 1 worker
    Then 3 scenarios ran
    And at most 1 scenario ran at the same time
    And the output contains "1 worker,"
    And the last line of the output is "3 passed, 0 failed"

  Scenario: Each example row of an outline is its own scenario
    Given a feature file "table.feature":
      """
      Feature: Table

        Scenario Outline: Sums from a table
          Then <a> plus <b> is <c>

          Examples:
            | a | b | c |
            | 1 | 2 | 3 |
            | 2 | 3 | 6 |
            | 3 | 4 | 7 |
      """
    When I run mush on "table.feature"
    Then 3 scenarios ran
    And the last line of the output is "2 passed, 1 failed"
