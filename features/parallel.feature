Feature: Parallel runs
  mush runs every scenario of a suite in one process on several workers,
  and gives the same verdicts as a sequential run.

  Scenario: A parallel run and a sequential run give the same verdicts
    When I run mush on "internal/fixtures/testdata/arithmetic.feature,internal/fixtures/testdata/words.feature" with 1 worker
    And I run mush on "internal/fixtures/testdata/arithmetic.feature,internal/fixtures/testdata/words.feature" with 8 workers
    Then every scenario has the same verdict in both runs
    And scenario "Wrong sum" is failed
    And scenario "Small sum" is passed

  Scenario: Several workers run scenarios at the same time
    When I run mush on "internal/fixtures/parallel/rendezvous.feature" with 4 workers
    Then at least 2 scenarios ran at the same time
    And the exit code is 0
    And the last line of the output is "2 passed, 0 failed"

  Scenario: One worker runs scenarios one at a time
    When I run mush on "internal/fixtures/parallel/rendezvous.feature" with 1 worker
    Then 2 scenarios ran
    And the error of "Meets the other" contains "2 scenarios never ran at once"
    And the output contains "1 worker,"
    And the last line of the output is "0 passed, 2 failed"

  Scenario: Each example row of an outline is its own scenario
    When I run mush on "internal/fixtures/testdata/arithmetic.feature"
    Then 6 scenarios ran
    And the last line of the output is "4 passed, 2 failed"
