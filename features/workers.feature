Feature: How many scenarios run at once
  By default (BDD_WORKERS=auto) mush changes how many scenarios run at once
  while the run goes on: it starts with four workers per core, adds workers
  while the cores have idle time and scenarios are queued, and sheds them
  when the cores are saturated. BDD_MAX_WORKERS caps it (for suites that
  open a connection or a port per scenario); a number in BDD_WORKERS pins
  the count exactly. The summary's time line says how many workers ran,
  how much CPU the runner used and how busy the machine was meanwhile:
  auto judges the cores by the whole machine, so the programs that steps
  start count.

  Background:
    Given a feature file "crowd.feature":
      """
      Feature: Crowd
        Twelve scenarios, each waiting until twelve run at once: the four
        workers per core that auto starts with cannot pass them on a
        machine with fewer than three cores.

        Scenario Outline: Member <n> meets the crowd
          Given a step that waits until 12 scenarios run at once

          Examples:
            | n |
            | 1 |
            | 2 |
            | 3 |
            | 4 |
            | 5 |
            | 6 |
            | 7 |
            | 8 |
            | 9 |
            | 10 |
            | 11 |
            | 12 |
      """
    And a feature file "steady.feature":
      """
      Feature: Steady
        Each scenario takes a little while, so that two would overlap if
        they ran at once.

        Scenario: One
          Given a step that sleeps for 20ms

        Scenario: Two
          Given a step that sleeps for 20ms

        Scenario: Three
          Given a step that fails with "three is a crowd"
      """

  Scenario: Auto adds workers while the scenarios wait and the cores idle
    Given BDD_WORKERS is "auto"
    And the machine has 2 cores and they stay idle
    When I run mush on "crowd.feature"
    Then at least 12 scenarios ran at the same time
    And the exit code is 0
    And the output contains " wall, 8-"
    And the output contains "workers (auto, average "
    And the output contains "of 2 cores"

  Scenario: BDD_MAX_WORKERS caps auto
    Given BDD_WORKERS is "auto"
    And BDD_MAX_WORKERS is "1"
    And the machine has 2 cores and they stay idle
    When I run mush on "steady.feature"
    Then 3 scenarios ran
    And at most 1 scenario ran at the same time
    And the output contains " wall, 1 worker (auto), "

  Scenario: Auto capped at one worker gives the verdicts of a sequential run
    When I run mush on "steady.feature" with 1 worker
    And BDD_WORKERS is "auto"
    And BDD_MAX_WORKERS is "1"
    And I run mush on "steady.feature" again
    Then every scenario has the same verdict in both runs
    And scenario "Three" is failed
    And the output contains " wall, 1 worker (auto), "

  Scenario: The time line tells how busy the machine was
    When I run mush on "steady.feature" with 2 workers
    Then the time line tells the runner's CPU and the machine's

  Scenario: A number pins the count
    When I run mush on "steady.feature" with 3 workers
    Then the output contains " wall, 3 workers, "
    And the output does not contain "auto"
