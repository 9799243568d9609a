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
