Feature: Interrupts
  The first SIGINT or SIGTERM starts no new scenario, gives the running ones
  a short grace period, then prints the partial summary, writes the reports
  and exits 130 (SIGINT) or 143 (SIGTERM). No process is left behind.

  Scenario: SIGINT in the middle of a run
    When the supervised fixture runner runs "internal/fixtures/crash/slow.feature" with 2 workers and gets SIGINT after 1200ms
    Then the exit code is 130
    And the output contains "not run: the run was interrupted"
    And the summary is shown once
    And the results file lists 10 scenarios
    And at least 2 scenarios are passed
    And at least 2 scenarios are skipped
    And no process of that run is left

  Scenario: SIGTERM in the middle of a run
    When the supervised fixture runner runs "internal/fixtures/crash/slow.feature" with 2 workers and gets SIGTERM after 1200ms
    Then the exit code is 143
    And the results file lists 10 scenarios
    And no process of that run is left
