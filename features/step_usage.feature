Feature: Step usage
  Every run writes build/reports/usage.json and a "Step definitions"
  section in index.html: every step definition of the suite, in the order
  it was registered, with its pattern, where it is, how many steps it
  matched, how many of those ran and their mean and longest time. A run of
  whole feature directories (BDD_PATHS naming only directories, no tags, no
  shard) in which every scenario ran also lists the definitions that no
  step matched: in the summary (the first 10, one line each) and in
  usage.json. BDD_UNUSED=fail makes them fail the run with exit code 1. A
  run of part of the suite lists none: what it leaves unused, the rest of
  the suite may use.

  Background:
    Given a feature file "suite/sums.feature":
      """
      Feature: Sums

        Scenario: Small sum
          Given a step that passes
          Then 1 plus 1 is 2

        Scenario: Another sum
          Then 2 plus 2 is 4
      """

  Scenario: usage.json and the HTML report count the steps of each definition
    When I run mush on "suite"
    Then usage.json says "^(\d+) plus (\d+) is (\d+)$" matched 2 steps
    And usage.json says "^a step that passes$" matched 1 step
    And the HTML report shows "^(\d+) plus (\d+) is (\d+)$"

  Scenario: A run of whole feature directories lists the definitions no step used
    When I run mush on "suite"
    Then the exit code is 0
    And the output contains "Unused step definitions ("
    And the output contains "  ^a step that is pending$"
    And usage.json says "^a step that is pending$" is unused

  Scenario: BDD_UNUSED=fail fails a run that leaves a definition unused
    Given BDD_UNUSED is "fail"
    When I run mush on "suite"
    Then the exit code is 1
    And the output contains "; BDD_UNUSED=fail fails the run"
    And the last line of the output is "2 passed, 0 failed"

  Scenario: A run of part of the suite lists no unused definition
    Given BDD_UNUSED is "fail"
    When I run mush on "suite/sums.feature"
    Then the exit code is 0
    And the output does not contain "Unused step definitions"
    And usage.json says "^a step that passes$" matched 1 step
