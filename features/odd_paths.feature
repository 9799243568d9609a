Feature: Paths with spaces and commas
  A feature file's path may hold spaces and commas, which also separate the
  entries of BDD_PATHS and of a rerun file. Where mush writes a path for a
  later run to read (rerun.txt, the printed rerun hints), an entry holding
  a separator, a leading double quote or a character that is not printable
  is a Go string ("my dir, 2/odd.feature:3"), which BDD_PATHS and rerun
  files read back; other paths are written as they are.

  Background:
    Given a feature file "my dir, 2/odd.feature":
      """
      Feature: Odd

        Scenario: Fails
          Given a step that fails with "no"

        Scenario: Passes
          Given a step that passes
      """
    And MUSH_RERUN is "printenv BDD_PATHS"
    When I run mush on every feature file
    Then the exit code is 1

  Scenario: rerun.txt lists the failure as a Go string, and reruns only it
    Then rerun.txt holds the one line "my dir, 2/odd.feature:3"
    When I run mush on "@build/reports/rerun.txt"
    Then only "Fails" ran
    And the exit code is 1

  Scenario: The printed rerun hint, run by sh -c, reruns only the failure
    When I run the failure's printed rerun hint through sh -c
    Then only "Fails" ran
    And the exit code is 1

  Scenario: An entry that opens a Go string and does not close it is refused
    When I run mush on "my dir, 2/odd.feature:3" as an open Go string
    Then the exit code is 2
    And the error output is one line containing "is not a whole Go string literal: paths separated by commas or spaces"
    And no scenario ran
