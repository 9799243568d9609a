Feature: GitHub Actions annotations and job summary
  Inside GitHub Actions (GITHUB_ACTIONS=true) a run annotates each failed
  scenario at its failing step's line, so the failure shows on the pull
  request's diff, and appends a Markdown job summary to the file named by
  GITHUB_STEP_SUMMARY. Anywhere else nothing GitHub-specific appears.

  Background:
    Given a feature file "words.feature":
      """
      Feature: Words

        Background:
          Given a step that passes

        Scenario: Counting letters
          Then the text "mush" has 4 letters

        Scenario: Failing on purpose
          Then a step that fails with "words are hard"
      """
    And a feature file "green.feature":
      """
      Feature: Green

        Scenario: One
          Given a step that passes

        Scenario: Two
          Given a step that passes
      """

  Scenario: In GitHub Actions each failure is annotated at its failing step and the job summary lists it
    Given GITHUB_ACTIONS is "true"
    And GITHUB_STEP_SUMMARY names a file
    When I run mush on "words.feature"
    Then the output contains "::error file=words.feature,line=10,title=Words › Failing on purpose (failed)::step: Then a step that fails with "words are hard"%0Awords are hard%0Arerun: BDD_PATHS=words.feature:9 go tool mage unitTests"
    And the last line of the output is "1 passed, 1 failed"
    And the job summary contains "### ❌ mush: 1 passed, 1 failed"
    And the job summary contains "| failed | Words › Failing on purpose | `words.feature:9` | `Then a step that fails with "words are hard"` (line 10) | words are hard |"

  Scenario: A passing run in GitHub Actions gets a summary and no annotation
    Given GITHUB_ACTIONS is "true"
    And GITHUB_STEP_SUMMARY names a file
    When I run mush on "green.feature"
    Then the output does not contain "::error"
    And the job summary contains "### ✅ mush: 2 passed, 0 failed"

  Scenario: Outside GitHub Actions nothing GitHub-specific appears
    Given GITHUB_STEP_SUMMARY names a file
    When I run mush on "words.feature"
    Then the output does not contain "::error"
    And there is no job summary
