Feature: Timeouts
  A scenario that runs longer than BDD_TIMEOUT is reported by name, with
  the goroutine stacks of the process, and the run ends with exit code 5.
  A goroutine cannot be killed, so no new scenario starts in the process
  that holds it; the scenarios running alongside finish, each under its
  own limit. Under the supervisor (`go tool mage unitTests`) the stuck
  feature runner is then replaced, and a fresh one runs the scenarios not
  yet started: a hung scenario costs only itself. An optional BDD_DEADLINE
  bounds the whole run, however many runners it takes.

  Scenario: A hung scenario costs only itself
    Given BDD_TIMEOUT is "2s"
    When the supervised fixture runner runs "internal/fixtures/hang/fifty.feature" with 2 workers
    Then the exit code is 5
    And scenario "Hangs first" is timed out
    And the error of "Hangs first" contains "timed out: still running after 2s (BDD_TIMEOUT=2s)"
    And the error of "Hangs first" contains "goroutine stacks of the process"
    And the failure of "Hangs first" shows "step:  When a step that hangs"
    And 49 scenarios are passed
    And 0 scenarios are skipped
    And the output contains "the feature runner holding its goroutine was replaced by a fresh one for the scenarios not yet run"
    And the summary is shown once
    And the last line of the output is "49 passed, 1 failed"

  Scenario: Without a supervisor, a hung scenario stops the hand-out of scenarios
    In-process runs (runner.Run in a Go test) cannot replace their own
    process: the scenarios not started are skipped, with the reason.

    Given BDD_TIMEOUT is "1s"
    When I run mush on "internal/fixtures/hang/hang.feature" with 1 worker
    Then the exit code is 5
    And scenario "Hung scenario" is timed out
    And scenario "Quick after" is skipped
    And the error of "Quick after" contains "not run: a scenario timed out"

  Scenario: The whole-run deadline skips what it could not start
    Given BDD_DEADLINE is "1s"
    When I run mush on "internal/fixtures/crash/slow.feature" with 2 workers
    Then the exit code is 5
    And the output contains "note: BDD_DEADLINE=1s ended the run: "
    And the output contains "scenarios not run"
    And the error of "Slow 10" contains "not run: the run deadline passed (BDD_DEADLINE=1s)"

  Scenario: A scenario still running at the deadline is timed out after the grace period
    Given BDD_DEADLINE is "1s"
    When I run mush on "internal/fixtures/hang/hang.feature" with 4 workers
    Then the exit code is 5
    And scenario "Hung scenario" is timed out
    And the error of "Hung scenario" contains "the run deadline (BDD_DEADLINE=1s) passed"

  Scenario Outline: A bad <variable> is refused with one line
    Given <variable> is "<value>"
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the exit code is 2
    And the error output is one line containing "<variable>="

    Examples:
      | variable         | value |
      | BDD_DEADLINE     | -1s   |
      | BDD_DEADLINE     | soon  |
      | BDD_MAX_RESTARTS | -1    |
      | BDD_MAX_RESTARTS | many  |

  Scenario: A panic in an after-step hook fails only its scenario
    When I run mush on "internal/fixtures/hookpanics/after_step.feature"
    Then the exit code is 1
    And scenario "Panic in an after-step hook" is failed
    And the error of "Panic in an after-step hook" contains "after-step hook exploded"
    And scenario "Unaffected by the after-step hook" is passed
