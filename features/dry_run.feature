Feature: Dry run
  BDD_DRY_RUN=true (-dryrun on the Mage targets) runs no hook and no step.
  It matches every step of the selected scenarios (this shard's, when
  sharded) to the suite's step definitions as godog would, and prints the
  plan: each scenario's file:line, what the timing history expects of it,
  its name and tags, the shard and the total expected time. Steps that no
  definition matches (with the code to implement them) and steps that more
  than one matches (with each definition) end it with exit code 1; with
  neither it exits 0. It writes no report and no timing history.

  Background:
    Given a feature file "shop.feature":
      """
      Feature: Shop

        @fast
        Scenario: Paying
          Given a step that passes
          Then 1 plus 1 is 2

        Scenario: Counting
          Then the text "shop" has 4 letters
      """

  Scenario: A dry run of defined steps runs nothing, prints the plan and passes
    Given BDD_DRY_RUN is "true"
    And the timing history says "shop.feature:4" took 12.5 seconds
    When I run mush on "shop.feature"
    Then the exit code is 0
    And the suite setup ran 0 times and the teardown 0 times
    And no scenario ran
    And the output contains "   12.5s  shop.feature:4  Shop › Paying  @fast"
    And the output contains "       ?  shop.feature:8  Shop › Counting"
    And the output contains "expected:  12.5s of scenario time for the 1 of 2 scenarios the timing history"
    And the last line of the output is "dry run: 2 scenarios, 3 steps: 3 matched, 0 undefined, 0 ambiguous"

  Scenario: Undefined steps fail a dry run, with the code that defines them
    Given a feature file "garden.feature":
      """
      Feature: Garden

        Scenario: Planting
          Given a step that passes
          When I plant 3 "red" tulips
          Then the bed holds:
            | tulips |
      """
    And BDD_DRY_RUN is "true"
    When I run mush on "garden.feature"
    Then the exit code is 1
    And the suite setup ran 0 times and the teardown 0 times
    And the output contains:
      """
      Undefined steps (2)
        garden.feature:5  When I plant 3 "red" tulips
        garden.feature:6  Then the bed holds:
      """
    And the output contains "func iPlantTulips(arg1 int, arg2 string) error {"
    And the output contains "func theBedHolds(arg1 *godog.Table) error {"
    And the output contains "ctx.Step(`^I plant (\d+) "([^"]*)" tulips$`, iPlantTulips)"
    And the last line of the output is "dry run: 1 scenario, 3 steps: 1 matched, 2 undefined, 0 ambiguous"

  Scenario: Ambiguous steps fail a dry run, with every definition that matches
    Given a feature file "twice.feature":
      """
      Feature: Twice

        Scenario: Matched twice
          Given an ambiguous step
      """
    And BDD_DRY_RUN is "true"
    When I run mush on "twice.feature"
    Then the exit code is 1
    And the output contains:
      """
      Ambiguous steps (1)
        twice.feature:4  Given an ambiguous step
            matches ^an ambiguous step$ (fixtures.go:
      """
    And the output contains "      matches ^an ambiguous (step)$ (fixtures.go:"
    And the last line of the output is "dry run: 1 scenario, 1 step: 0 matched, 0 undefined, 1 ambiguous"

  Scenario: A sharded dry run plans its shard only
    Given a feature file "more.feature":
      """
      Feature: More

        Scenario: Another
          Given a step that passes
      """
    And BDD_DRY_RUN is "true"
    And BDD_SHARD is "2/2"
    When I run mush on "shop.feature,more.feature"
    Then the exit code is 0
    And the output contains "shard:     2/2 (BDD_SHARD), "
    And the output contains " of 3 selected scenarios"
