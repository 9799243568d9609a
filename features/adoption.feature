Feature: Adopting mush in another Go project
  Any Go project with a godog suite adopts mush with one import: a runner
  program calling mush.Main, a go test function calling mush.Test, and the
  Mage targets imported with //mage:import. What only fits mush itself is a
  setting whose default is mush's own choice.

  Scenario Outline: A bad <variable> is refused before anything runs
    Given <variable> is "<value>"
    When I run the <target> target on mush itself
    Then the exit code is 2
    And the error output is one line containing "<message>"

    Examples:
      | target         | variable         | value                 | message                                                                                    |
      | unitTests      | BDD_RUNNER_PKG   | ./nowhere             | BDD_RUNNER_PKG="./nowhere": not accepted (accepted: the ./path of the module's package main |
      | unitTests      | BDD_RUNNER_PKG   | features              | BDD_RUNNER_PKG="features": not accepted                                                     |
      | coverageReport | BDD_RUNNER_PKG   | ./features/...        | BDD_RUNNER_PKG="./features/...": not accepted                                               |
      | coverageReport | COVERAGE_EXCLUDE | ../elsewhere          | COVERAGE_EXCLUDE="../elsewhere": "../elsewhere" not accepted (accepted: module-relative package paths |
      | coverageReport | COVERAGE_EXCLUDE | internal/nothing-here | COVERAGE_EXCLUDE: internal/nothing-here matches no package of github.com/mushbdd/mush       |
      | unitTests      | MUSH_RERUN       | go run\n./features    | MUSH_RERUN="go run\\n./features": not accepted (accepted: one line                          |

  Scenario: A feature runner started directly gives its own package as the rerun command
    Given MUSH_RERUN is ""
    When I run mush on "internal/fixtures/testdata/arithmetic.feature:14"
    Then the exit code is 1
    And the output contains "rerun: BDD_PATHS=internal/fixtures/testdata/arithmetic.feature:14 go run ./features"

  Scenario: MUSH_RERUN replaces the command of the rerun hint
    Given MUSH_RERUN is "go tool mage mush:unitTests"
    When I run mush on "internal/fixtures/testdata/arithmetic.feature:14"
    Then the exit code is 1
    And the output contains "rerun: BDD_PATHS=internal/fixtures/testdata/arithmetic.feature:14 go tool mage mush:unitTests"
