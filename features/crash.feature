Feature: Crashes lose no result
  The feature runner runs as a child process under a supervisor. When step
  code takes the whole process down (a panic in a goroutine it started, or
  os.Exit), the supervisor keeps every result the child had written to its
  journal, marks the scenario that was running as crashed with the child's
  last error output, runs the scenarios not yet run in a fresh child, and
  ends with one summary, one set of reports and exit code 4.

  Scenario: A panic in a goroutine started by a step crashes only its scenario
    When the supervised fixture runner runs "internal/fixtures/crash/fifty.feature" with 4 workers
    Then the exit code is 4
    And scenario "Goroutine panic" is crashed
    And the error of "Goroutine panic" contains "panic: goroutine exploded"
    And the error of "Goroutine panic" contains "goroutine "
    And 49 scenarios are passed
    And the results file lists 50 scenarios
    And the output contains "Crashes ("
    And the summary is shown once
    And the last line of the output is "49 passed, 1 failed"

  Scenario: os.Exit(0) in a step is a crash, not a pass
    When the supervised fixture runner runs "internal/fixtures/crash/exit.feature" with 4 workers
    Then the exit code is 4
    And scenario "Exit zero" is crashed
    And the error of "Exit zero" contains "exited with status 0 before finishing"
    And 4 scenarios are passed
    And the summary is shown once
    And the last line of the output is "4 passed, 1 failed"

  Scenario: The restart limit stops the run and says what was not run
    Given BDD_MAX_RESTARTS is "0"
    When the supervised fixture runner runs "internal/fixtures/crash/fifty.feature" with 1 worker
    Then the exit code is 4
    And scenario "Goroutine panic" is crashed
    And 24 scenarios are passed
    And 25 scenarios are skipped
    And the output contains "more than BDD_MAX_RESTARTS=0"
    And the last line of the output is "24 passed, 1 failed, 25 skipped"

  Scenario: A run that does not crash shows the runner's own summary and exit code
    When the supervised fixture runner runs "internal/fixtures/testdata/arithmetic.feature" with 4 workers
    Then the exit code is 1
    And the output does not contain "Crashes ("
    And the summary is shown once
    And the failure of "Wrong sum" shows "rerun: BDD_PATHS=internal/fixtures/testdata/arithmetic.feature:14 go tool mage unitTests"

  Scenario: Coverage from before and after a crash is kept
    Given the fixture runner is built for coverage
    When the supervised fixture runner runs "internal/fixtures/crash/fifty.feature" with 4 workers
    Then the exit code is 4
    And scenario "Goroutine panic" is crashed
    And every child process that finished a scenario wrote coverage counters
    And 49 scenarios are passed
