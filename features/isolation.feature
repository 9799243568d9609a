Feature: Worker processes for suites that share state
  BDD_ISOLATION=process runs the scenarios in worker processes instead of
  goroutines of one process: the supervisor starts BDD_PROCESSES feature
  runners and hands each the next scenario of one queue when its last one
  finishes, so no two scenarios running at the same time share a
  process's memory. Each process runs the suite setup once. The run still
  ends with one summary and one set of reports, in file order.

  Background:
    Given the fixture runner starts in an empty directory

  Scenario Outline: <way> passes in worker processes and fails side by side in one
    When the supervised fixture runner runs "internal/fixtures/shared/<file>" in 2 processes
    Then the exit code is 0
    And the last line of the output is "2 passed, 0 failed"
    And the scenarios ran in 2 processes, one scenario at a time in each
    When the supervised fixture runner runs "internal/fixtures/shared/<file>" with 4 workers
    Then the exit code is 1
    And scenario "<fails>" is failed

    Examples:
      | way                                            | file                    | fails            |
      | A package-level context reset in a Before hook | context.feature         | Alice signs in   |
      | One in-process HTTP mock server                | mock_server.feature     | Apples cost 3    |
      | os.Setenv read back by the code under test     | environment.feature     | English greeting |
      | A field the Before hook forgets to reset       | forgotten_reset.feature | Full price       |

  Scenario: One summary and one set of reports, in file order
    When the supervised fixture runner runs "internal/fixtures/shared/context.feature,internal/fixtures/shared/environment.feature,internal/fixtures/shared/mock_server.feature" in 3 processes
    Then the exit code is 0
    And the summary is shown once
    And the last line of the output is "6 passed, 0 failed"
    And the results file lists 6 scenarios
    And the results list the scenarios in file order

  Scenario: A crash costs only the scenario its process was running
    When the supervised fixture runner runs "internal/fixtures/crash/together.feature" in 2 processes
    Then the exit code is 4
    And scenario "Culprit" is crashed
    And the error of "Culprit" contains "panic: crashed among partners"
    And 3 scenarios are passed
    And the output contains "Crashes ("
    And the summary is shown once
    And the last line of the output is "3 passed, 1 failed"
    And no process of that run is left

  Scenario: os.Exit(0) in a step is a crash in process mode too
    When the supervised fixture runner runs "internal/fixtures/crash/exit.feature" in 2 processes
    Then the exit code is 4
    And scenario "Exit zero" is crashed
    And the error of "Exit zero" contains "exited with status 0 before finishing"
    And 4 scenarios are passed
    And the last line of the output is "4 passed, 1 failed"

  Scenario: A hung scenario costs only itself, and its process is replaced
    Given BDD_TIMEOUT is "2s"
    When the supervised fixture runner runs "internal/fixtures/hang/fifty.feature" in 2 processes
    Then the exit code is 5
    And scenario "Hangs first" is timed out
    And the error of "Hangs first" contains "timed out: still running after 2s (BDD_TIMEOUT=2s)"
    And 49 scenarios are passed
    And 0 scenarios are skipped
    And the output contains "the worker process holding its goroutine was replaced by a fresh one"
    And the summary is shown once
    And the last line of the output is "49 passed, 1 failed"
    And no process of that run is left

  Scenario: An interrupt ends every process with a partial summary
    When the supervised fixture runner runs "internal/fixtures/crash/interrupt.feature" in 2 processes and gets SIGINT once 2 scenarios finished and 2 are running
    Then the exit code is 130
    And the summary is shown once
    And the results file lists 10 scenarios
    And 2 scenarios are passed
    And 8 scenarios are skipped
    And the error of "Hung 1" contains "abandoned: still running 3s after the interrupt"
    And the error of "Hung 3" contains "not run: the run was interrupted"
    And no process of that run is left

  Scenario: SIGTERM ends every process too
    When the supervised fixture runner runs "internal/fixtures/crash/interrupt.feature" in 2 processes and gets SIGTERM once 2 scenarios finished and 2 are running
    Then the exit code is 143
    And the results file lists 10 scenarios
    And 8 scenarios are skipped
    And no process of that run is left

  Scenario: Every worker process gives its coverage counters
    Given the fixture runner is built for coverage
    When the supervised fixture runner runs "internal/fixtures/testdata/passing.feature" in 2 processes
    Then the exit code is 0
    And every worker process wrote coverage counters

  Scenario: A fixture directory per worker passes side by side and in worker processes
    The shared fixture directory's suite, with the directory named after
    mush.Worker: each worker copies into its own, whether the scenarios run
    as goroutines of one process or in worker processes (where MUSH_WORKER
    names the same id).

    When the supervised fixture runner runs "internal/fixtures/perworker" with 4 workers
    Then the exit code is 0
    And the last line of the output is "2 passed, 0 failed"
    When the supervised fixture runner runs "internal/fixtures/perworker" in 2 processes
    Then the exit code is 0
    And the last line of the output is "2 passed, 0 failed"
    And the scenarios ran in 2 processes, one scenario at a time in each

  Scenario: A crash with two scenarios at once in a process costs both
    With BDD_WORKERS=2 a worker process runs two scenarios at once: when it
    dies, both were running in it, and both are crashed; the others run in
    its replacement.

    Given BDD_WORKERS is "2"
    When the supervised fixture runner runs "internal/fixtures/crash/together.feature" in 1 process
    Then the exit code is 4
    And scenario "Culprit" is crashed
    And scenario "Partner one" is crashed
    And the error of "Partner one" contains "while this scenario ran alongside 1 other scenario in the same process (BDD_WORKERS above 1)"
    And 2 scenarios are passed
    And the last line of the output is "2 passed, 2 failed"

  Scenario: Retries and the rerun file work in worker processes
    Given a feature file "checkout.feature":
      """
      Feature: Checkout

        Scenario: Paying by card
          Given a step that fails the first 1 time it runs

        Scenario: Paying in cash
          Given a step that passes
      """
    And BDD_RETRY is "1"
    When the supervised fixture runner runs "checkout.feature" in 2 processes
    Then the exit code is 0
    And the line above the last line of the output is "1 flaky (passed on a retry)"
    And the last line of the output is "2 passed, 0 failed"
    And results.json marks "Paying by card" flaky, with the error of its failed try: "failing on try 1 of the first 1"
    Given BDD_RETRY is "0"
    When the supervised fixture runner runs "checkout.feature" in 2 processes
    Then the exit code is 1
    And the rerun file lists "checkout.feature:3"
    When the supervised fixture runner runs "@build/reports/rerun.txt" in 2 processes
    Then the exit code is 1
    And the results file lists 1 scenarios
    And the last line of the output is "0 passed, 1 failed"

  Scenario: Each shard runs its part in worker processes
    Given BDD_SHARD is "1/2"
    When the supervised fixture runner runs "internal/fixtures/serial" in 2 processes
    Then the exit code is 0
    And the output contains "shard:     1/2 (BDD_SHARD)"
    Given BDD_SHARD is "2/2"
    When the supervised fixture runner runs "internal/fixtures/serial" in 2 processes
    Then the exit code is 0
    And the output contains "shard:     2/2 (BDD_SHARD)"
    And the two runs together ran each of the 6 scenarios once
