Feature: Suite setup and teardown
  BeforeSuite and AfterSuite hooks run exactly once per process, whatever
  the number of workers.

  Scenario Outline: Suite hooks run once with <workers> workers
    When I run mush on "internal/fixtures/testdata" with <workers> workers
    Then the suite setup ran 1 time and the teardown 1 time

    Examples:
      | workers |
      | 1       |
      | 8       |

  Scenario: A failing suite setup stops the run before any scenario
    Given the fixture suite's BeforeSuite hook panics
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the exit code is 1
    And no scenario ran
    And the error output contains "suite setup failed: panic: database unreachable"

  Scenario: A failing suite teardown fails the run but keeps every result
    Given the fixture suite's AfterSuite hook panics
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the exit code is 1
    And scenario "First" is passed
    And the output contains "suite teardown failed: panic: cannot drop the database"
    And the last line of the output is "5 passed, 0 failed"
