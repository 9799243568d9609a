Feature: Choosing what runs
  Tags, paths and file.feature:LINE select scenarios; fail-fast stops early;
  a seed shuffles the order reproducibly.

  Background:
    Given a feature file "shop.feature":
      """
      Feature: Shop

        @fast
        Scenario: Counting apples
          Then 1 plus 1 is 2

        @fast @slow
        Scenario: Counting pears slowly
          Given a step that sleeps for 20ms
          Then 2 plus 2 is 4

        Scenario: Failing on purpose
          Then a step that fails with "out of stock"

        Scenario Outline: Prices from a table
          Then <a> plus <b> is <c>

          Examples:
            | a | b | c |
            | 1 | 2 | 3 |
            | 2 | 3 | 6 |
      """
    And a feature file "green.feature":
      """
      Feature: Always green

        Scenario: First
          Given a step that passes

        Scenario: Second
          Given a step that passes

        Scenario: Third
          Given a step that passes

        Scenario: Fourth
          Given a step that passes

        Scenario: Fifth
          Given a step that passes
      """

  # BDD_TAGS takes Cucumber's tag expressions and godog's: one with &&, ","
  # or ~ is godog's, any other Cucumber's (a lone tag reads the same in both).
  Scenario Outline: A tag expression selects scenarios, in Cucumber's syntax or godog's
    Given BDD_TAGS is "<tags>"
    When I run mush on "shop.feature,green.feature"
    Then <count> scenarios ran
    And the last line of the output is "<last line>"

    Examples:
      | tags                                   | count | last line          |
      | @fast&&~@slow                          | 1     | 1 passed, 0 failed |
      | @fast and not @slow                    | 1     | 1 passed, 0 failed |
      | @slow,~@fast&&~@wip                    | 9     | 7 passed, 2 failed |
      | @slow or not @fast and not @wip        | 9     | 7 passed, 2 failed |
      | not (@fast or @slow) and not @wip      | 8     | 6 passed, 2 failed |
      | ~@fast&&~@slow&&~@wip                  | 8     | 6 passed, 2 failed |
      | @fast                                  | 2     | 2 passed, 0 failed |
      | not @fast                              | 8     | 6 passed, 2 failed |

  Scenario: A file and line select one scenario
    When I run mush on "shop.feature:4"
    Then only "Counting apples" ran

  Scenario: A file and the line of an example row select that row
    When I run mush on "shop.feature:21"
    Then 1 scenario ran
    And the last line of the output is "0 passed, 1 failed"

  Scenario: Fail-fast stops starting scenarios after the first failure
    Given BDD_FAIL_FAST is "true"
    When I run mush on "shop.feature" with 1 worker
    Then the exit code is 1
    And scenario "Failing on purpose" is failed
    And the last line of the output is "2 passed, 1 failed, 2 skipped"

  Scenario: Fail-fast reports the scenarios it did not run as skipped
    Given BDD_FAIL_FAST is "1"
    When I run mush on "shop.feature:12,green.feature" with 1 worker
    Then scenario "Failing on purpose" is failed
    And scenario "First" is skipped
    And the last line of the output is "0 passed, 1 failed, 5 skipped"

  Scenario: The same seed gives the same order
    Given BDD_SEED is "42"
    When I run mush on "shop.feature,green.feature" with 1 worker
    And I run mush on "shop.feature,green.feature" again
    Then the scenarios started in the same order in both runs
    And the scenarios started in a different order than in file order
    And the output contains "shuffled with seed 42 (BDD_SEED=42 repeats it)"

  Scenario: The seed a random order prints repeats that order
    Given BDD_SEED is "random"
    When I run mush on "shop.feature,green.feature" with 1 worker
    And I run mush again with the seed it printed
    Then the scenarios started in the same order in both runs

  Scenario: Scenarios the history knows run longest first, after unknown ones
    Given the timing history says "green.feature:9" took 5s and "green.feature:6" took 2s
    When I run mush on "green.feature" with 1 worker
    Then the scenarios started in the order "First, Fourth, Fifth, Third, Second"
    And the output contains "longest first, from the timing history"

  Scenario: BDD_ORDER=file keeps file order whatever the history says
    Given the timing history says "green.feature:9" took 5s and "green.feature:6" took 2s
    And BDD_ORDER is "file"
    When I run mush on "green.feature" with 1 worker
    Then the scenarios started in the order "First, Second, Third, Fourth, Fifth"
    And the output contains "order:     file order (BDD_ORDER=file)"

  Scenario: The order line says when the order changed since the last run
    When I run mush on "green.feature" with 1 worker
    Then the output contains "order:     file order (no timing history yet at "
    And the output contains "timings.json; later runs go longest first unless BDD_ORDER=file)"
    When I run mush on "green.feature" again
    Then the output contains "order:     longest first, from the timing history "
    And the output contains "timings.json (BDD_ORDER=file keeps file order); changed from the last run's: file order"
    When I run mush on "green.feature" again
    Then the output contains "timings.json (BDD_ORDER=file keeps file order)"
    And the output does not contain "changed"

  Scenario: Every run records how long each scenario took
    When I run mush on "green.feature"
    Then the timing history has 5 scenarios
