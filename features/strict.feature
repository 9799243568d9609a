Feature: Strict by default
  Undefined, pending and ambiguous steps fail the run.

  Background:
    Given a feature file "strict.feature":
      """
      Feature: Strict mode

        Scenario: Undefined step
          Given a step nobody wrote with 3 apples

        Scenario: Pending step
          Given a step that is pending

        Scenario: Ambiguous step
          Given an ambiguous step
      """

  Scenario: Undefined, pending and ambiguous steps fail
    When I run mush on "strict.feature"
    Then the exit code is 1
    And scenario "Undefined step" is undefined
    And scenario "Pending step" is pending
    And scenario "Ambiguous step" is ambiguous
    And the last line of the output is "0 passed, 3 failed"

  Scenario: An undefined step comes with a snippet to implement it
    When I run mush on "strict.feature:3"
    Then the failure of "Undefined step" shows "implement the missing step(s) with:"
    And the failure of "Undefined step" shows "func aStepNobodyWroteWithApples"
