Feature: Interrupts
  The first SIGINT or SIGTERM starts no new scenario, gives the running ones
  a short grace period (3 s), then prints the partial summary, writes the
  reports and exits 130 (SIGINT) or 143 (SIGTERM). Every selected scenario
  is accounted for, whenever the signal comes, even between two feature
  runners after a crash. No process is left behind.

  Scenario: SIGINT in the middle of a run
    The fixture has two quick scenarios, then eight that hang: the signal
    comes when both quick ones finished and both workers are in a hung one.

    When the supervised fixture runner runs "internal/fixtures/crash/interrupt.feature" with 2 workers and gets SIGINT once 2 scenarios finished and 2 are running
    Then the exit code is 130
    And the summary is shown once
    And the results file lists 10 scenarios
    And 2 scenarios are passed
    And 8 scenarios are skipped
    And the error of "Hung 1" contains "abandoned: still running 3s after the interrupt"
    And the error of "Hung 3" contains "not run: the run was interrupted"
    And no process of that run is left

  Scenario: SIGTERM in the middle of a run
    When the supervised fixture runner runs "internal/fixtures/crash/interrupt.feature" with 2 workers and gets SIGTERM once 2 scenarios finished and 2 are running
    Then the exit code is 143
    And the results file lists 10 scenarios
    And 8 scenarios are skipped
    And no process of that run is left

  Scenario: SIGINT after a crash, before the next feature runner starts
    When the supervised fixture runner runs "internal/fixtures/crash/then_slow.feature" with 1 worker and gets SIGINT before attempt 2
    Then the exit code is 130
    And scenario "Culprit first" is crashed
    And 6 scenarios are skipped
    And the error of "Slow after the crash 1" contains "not run: the run was interrupted"
    And the output does not contain "stopped before it"
    And no process of that run is left
