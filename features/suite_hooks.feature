Feature: Suite setup and teardown
  BeforeSuite and AfterSuite hooks run exactly once per process, whatever
  the number of workers. The fixture suite's hooks count how often they
  run, and can be made to panic.

  Background:
    Given a feature file "green.feature":
      """
      Feature: Always green

        Scenario: First
          Given a step that passes

        Scenario: Second
          Given a step that sleeps for 10ms

        Scenario: Third
          Given a step that passes
      """

  Scenario Outline: Suite hooks run once with <workers>
    When I run mush on "green.feature" with <workers>
    Then the suite setup ran 1 time and the teardown 1 time

    Examples:
      | workers   |
      | 1 worker  |
      | 8 workers |

  Scenario: A failing suite setup stops the run before any scenario
    Given the fixture suite's BeforeSuite hook panics
    When I run mush on "green.feature"
    Then the exit code is 1
    And no scenario ran
    And the error output contains "suite setup failed: panic: database unreachable"

  Scenario: A failing suite teardown fails the run but keeps every result
    Given the fixture suite's AfterSuite hook panics
    When I run mush on "green.feature"
    Then the exit code is 1
    And scenario "First" is passed
    And the output contains "suite teardown failed: panic: cannot drop the database"
    And the last line of the output is "3 passed, 0 failed"
