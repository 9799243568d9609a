Feature: Scenarios that must run alone
  A scenario tagged @serial (BDD_SERIAL_TAG names another tag) runs with
  no other scenario running, whether the scenarios run as goroutines of
  one process or in worker processes, and in each shard (each shard is a
  run of its own). The serial scenarios start first, one at a time, before
  the others: no worker waits for the others to drain. The summary's time
  line says what they cost: the time the run gave them alone.

  Background:
    Given the fixture runner starts in an empty directory

  Scenario Outline: Nothing runs beside a serial scenario <how>
    When the supervised fixture runner runs "internal/fixtures/serial" <how>
    Then the exit code is 0
    And the last line of the output is "6 passed, 0 failed"
    And nothing ran while "Alone" ran
    And the output contains ", serial 1 scenario "

    Examples:
      | how            |
      | with 4 workers |
      | in 3 processes |

  Scenario Outline: The shared fixture directory passes when its scenarios run alone, <how>
    Its scenarios copy fixture files into one directory and change them:
    side by side they fail (features/shared_state.feature), alone they
    pass. BDD_SERIAL_TAG names the tag its feature carries.

    Given BDD_SERIAL_TAG is "@fixture-directory"
    When the supervised fixture runner runs "internal/fixtures/shared/fixture_directory.feature" <how>
    Then the exit code is 0
    And the last line of the output is "2 passed, 0 failed"
    And nothing ran while "Reads the catalogue" ran
    And the output contains ", serial 2 scenarios "

    Examples:
      | how            |
      | with 4 workers |
      | in 2 processes |
