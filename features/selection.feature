Feature: Choosing what runs
  Tags, paths and file.feature:LINE select scenarios; fail-fast stops early;
  a seed shuffles the order reproducibly.

  Scenario: A tag expression selects scenarios
    Given BDD_TAGS is "@fast&&~@slow"
    When I run mush on "internal/fixtures/testdata/words.feature"
    Then only "Counting letters" ran
    And the last line of the output is "1 passed, 0 failed"

  Scenario: A file and line select one scenario
    When I run mush on "internal/fixtures/testdata/arithmetic.feature:5"
    Then only "Small sum" ran

  Scenario: A file and the line of an example row select that row
    When I run mush on "internal/fixtures/testdata/arithmetic.feature:25"
    Then 1 scenarios ran
    And the last line of the output is "0 passed, 1 failed"

  Scenario: Fail-fast stops starting scenarios after the first failure
    Given BDD_FAIL_FAST is "true"
    When I run mush on "internal/fixtures/testdata/words.feature" with 1 worker
    Then the exit code is 1
    And scenario "Failing on purpose" is failed
    And the last line of the output is "2 passed, 1 failed"

  Scenario: Fail-fast reports the scenarios it did not run as skipped
    Given BDD_FAIL_FAST is "1"
    When I run mush on "internal/fixtures/testdata/arithmetic.feature:14,internal/fixtures/testdata/passing.feature" with 1 worker
    Then scenario "Wrong sum" is failed
    And scenario "First" is skipped
    And the last line of the output is "0 passed, 1 failed, 5 skipped"

  Scenario: The same seed gives the same order
    Given BDD_SEED is "42"
    When I run mush on "internal/fixtures/testdata" with 1 worker
    And I run mush on "internal/fixtures/testdata" again
    Then the scenarios started in the same order in both runs
    And the scenarios started in a different order than in file order
    And the output contains "shuffled with seed 42 (BDD_SEED=42 repeats it)"

  Scenario: A random seed is printed so the order can be repeated
    Given BDD_SEED is "random"
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the output contains "shuffled with seed"

  Scenario: Scenarios the history knows run longest first, after unknown ones
    Given the timing history says "passing.feature:9" took 5s and "passing.feature:6" took 2s
    When I run mush on "internal/fixtures/testdata/passing.feature" with 1 worker
    Then the scenarios started in the order "First, Fourth, Fifth, Third, Second"
    And the output contains "longest first, from the timing history"

  Scenario: Every run records how long each scenario took
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the timing history has 5 scenarios
