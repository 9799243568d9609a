Feature: Failures people can act on
  The summary lists failures first, each with its file:line, the failing
  step, the error and the command that reruns just that scenario.

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
          And a step that passes

        Scenario Outline: Sums from a table
          Then <a> plus <b> is <c>

          Examples:
            | a | b | c |
            | 1 | 2 | 3 |
            | 2 | 3 | 6 |
      """

  Scenario: A failure shows where it happened and why
    When I run mush on "sums.feature"
    Then the exit code is 1
    And the failure of "Wrong sum" shows "sums.feature:7"
    And the failure of "Wrong sum" shows "Then 2 plus 2 is 5  (sums.feature:9)"
    And the failure of "Wrong sum" shows "error: 2 plus 2 is 4, not 5"
    And the failure of "Wrong sum" shows "rerun: BDD_PATHS=sums.feature:7 go tool mage unitTests"

  Scenario: The rerun command runs only the failed scenario
    When I run mush on "sums.feature"
    And I run the rerun command shown for "Wrong sum"
    Then only "Wrong sum" ran
    And the last line of the output is "0 passed, 1 failed"

  Scenario: The rerun command of an outline row runs only that row
    When I run mush on "sums.feature"
    And I run the rerun command shown for "Sums from a table"
    Then 1 scenario ran
    And the output contains "scenarios: 1 (1 failed)"
    And the last line of the output is "0 passed, 1 failed"

  Scenario: The summary ends with counts, slowest scenarios and utilisation
    When I run mush on "sums.feature:3"
    Then the output contains "Slowest scenarios"
    And the output contains "scenarios: 1 (1 passed)"
    And the output contains "steps:     2 (2 passed)"
    And the output contains "utilisation"
    And the last line of the output is "1 passed, 0 failed"

  Scenario: A panic in a step fails only that scenario
    Given a feature file "panics.feature":
      """
      Feature: Panics

        Scenario: Panic in a step
          Given a step that panics with "step exploded"

        Scenario: Unaffected
          Given a step that passes
      """
    When I run mush on "panics.feature"
    Then scenario "Panic in a step" is failed
    And the error of "Panic in a step" contains "step exploded"
    And scenario "Unaffected" is passed
    And the last line of the output is "1 passed, 1 failed"

  Scenario: A panic in an after-scenario hook fails only that scenario
    The fixture suite's after-scenario hook panics, after the steps
    passed, in every scenario tagged @panic-after.

    Given a feature file "hooks.feature":
      """
      Feature: Hooks

        @panic-after
        Scenario: Panic in an after-scenario hook
          Given a step that passes

        Scenario: Unaffected
          Given a step that passes
      """
    When I run mush on "hooks.feature"
    Then scenario "Panic in an after-scenario hook" is failed
    And the error of "Panic in an after-scenario hook" contains "after hook exploded"
    And scenario "Unaffected" is passed
    And the last line of the output is "1 passed, 1 failed"
