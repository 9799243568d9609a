Feature: Failures people can act on
  The summary lists failures first, each with its file:line, the failing
  step, the error and the command that reruns just that scenario.

  Scenario: A failure shows where it happened and why
    When I run mush on "internal/fixtures/testdata/arithmetic.feature"
    Then the exit code is 1
    And the failure of "Wrong sum" shows "internal/fixtures/testdata/arithmetic.feature:14"
    And the failure of "Wrong sum" shows "Then 2 plus 2 is 5  (internal/fixtures/testdata/arithmetic.feature:16)"
    And the failure of "Wrong sum" shows "error: 2 plus 2 is 4, not 5"
    And the failure of "Wrong sum" shows "rerun: BDD_PATHS=internal/fixtures/testdata/arithmetic.feature:14 go tool mage unitTests"

  Scenario: The rerun command runs only the failed scenario
    When I run mush on "internal/fixtures/testdata/arithmetic.feature"
    And I run the rerun command shown for "Wrong sum"
    Then only "Wrong sum" ran
    And the last line of the output is "0 passed, 1 failed"

  Scenario: The rerun command of an outline row runs only that row
    When I run mush on "internal/fixtures/testdata/arithmetic.feature"
    And I run the rerun command shown for "Sums from a table"
    Then 1 scenarios ran
    And the last line of the output is "0 passed, 1 failed"

  Scenario: The summary ends with counts, slowest scenarios and utilisation
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the output contains "Slowest scenarios"
    And the output contains "scenarios: 5 (5 passed)"
    And the output contains "steps:     5 (5 passed)"
    And the output contains "utilisation"
    And the last line of the output is "5 passed, 0 failed"

  Scenario: A panic in a step fails only that scenario
    When I run mush on "internal/fixtures/testdata/panics/panics.feature"
    Then scenario "Panic in a step" is failed
    And the error of "Panic in a step" contains "step exploded"
    And scenario "Unaffected" is passed

  Scenario: A panic in an after-scenario hook fails only that scenario
    When I run mush on "internal/fixtures/testdata/panics/panics.feature"
    Then scenario "Panic in an after-scenario hook" is failed
    And the error of "Panic in an after-scenario hook" contains "after hook exploded"
    And scenario "Unaffected" is passed
    And the last line of the output is "1 passed, 2 failed"
