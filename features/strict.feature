Feature: Strict by default
  Undefined, pending and ambiguous steps fail the run.

  Scenario: Undefined, pending and ambiguous steps fail
    When I run mush on "internal/fixtures/testdata/strict"
    Then the exit code is 1
    And scenario "Undefined step" is undefined
    And scenario "Pending step" is pending
    And scenario "Ambiguous step" is ambiguous
    And the last line of the output is "0 passed, 3 failed"

  Scenario: An undefined step comes with a snippet to implement it
    When I run mush on "internal/fixtures/testdata/strict/strict.feature:3"
    Then the failure of "Undefined step" shows "implement the missing step(s) with:"
    And the failure of "Undefined step" shows "func aStepNobodyWroteWithApples"
