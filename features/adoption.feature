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

  # The adopter example, internal/targets/testdata/adopter, is a module of
  # its own: features/ (arithmetic.feature, whose "Dividing by zero gives
  # zero" fails and is tagged @broken, and memory.feature, which reads
  # what BeforeSuite set up), a runner calling mush.Main, a features_test.go
  # calling mush.Test, package calc under test, and a magefile that is one
  # //mage:import. Each scenario runs go commands in a fresh copy of it
  # whose go.mod replaces mush by this checkout.

  Scenario: The Mage target, go test and the runner program agree on every scenario, and each one's rerun hint works
    Given a copy of the adopter example
    When I run "go tool mage unitTests" in the adopter
    Then the adopter's command exits with code 1
    And the last line of its output is "5 passed, 1 failed"
    And the last line of its error output is "Error: 5 passed, 1 failed"
    And the adopter's results say "Dividing by zero gives zero" failed and the other 5 scenarios passed
    When I run the rerun hint printed for "Dividing by zero gives zero"
    Then the adopter's command exits with code 1
    And the adopter's results list only "Dividing by zero gives zero", failed
    When I run "go test ./..." in the adopter
    Then the adopter's command exits with code 1
    And its output contains "--- FAIL: TestFeatures/Arithmetic/Dividing_by_zero_gives_zero"
    And every scenario has the verdict it had in the first run
    And the adopter's reports, journal and timing history are in its build directory and nowhere else
    When I run the rerun hint printed for "Dividing by zero gives zero"
    Then the adopter's command exits with code 1
    And the adopter's results list only "Dividing by zero gives zero", failed
    When I run "go run ./features" in the adopter
    Then the adopter's command exits with code 1
    And every scenario has the verdict it had in the first run
    When I run the rerun hint printed for "Dividing by zero gives zero"
    Then the adopter's command exits with code 1
    And the adopter's results list only "Dividing by zero gives zero", failed
    When I run "go tool mage coverageReport" in the adopter
    Then the adopter's command exits with code 1
    And every scenario has the verdict it had in the first run
    And the last line of its output is "coverage: 92.8% of statements (threshold 97.0%)"

  # The layouts example, internal/fixtures/adopter-layouts, is another
  # module: test/ keeps its features in test/features (layout "features
  # elsewhere": runner ./test, BDD_PATHS=test/features, which go test
  # finds beside the package without being told), and features/ has
  # its steps, runner and test behind the integration build tag. Each has a
  # scenario that passes and one, tagged @broken, that fails. Every rerun
  # hint names what chose the code: the runner package, the build tags,
  # the paths.

  Scenario: Features kept in test/features run all three ways with the same verdicts, and each rerun hint reruns its scenario
    Given a copy of the adopter layouts
    When I run "BDD_PATHS=test/features BDD_RUNNER_PKG=./test go tool mage unitTests" in the adopter
    Then the adopter's command exits with code 1
    And the adopter's results say "Adding wrongly" failed and the other 1 scenarios passed
    And the rerun hint printed for "Adding wrongly" is "BDD_RUNNER_PKG=./test BDD_PATHS=test/features/sums.feature:10 go tool mage unitTests"
    When I run the rerun hint printed for "Adding wrongly"
    Then the adopter's command exits with code 1
    And the adopter's results list only "Adding wrongly", failed
    When I run "go test ./test" in the adopter
    Then the adopter's command exits with code 1
    And every scenario has the verdict it had in the first run
    And the rerun hint printed for "Adding wrongly" is "go test -run '^TestFeatures$/^Sums$/^Adding_wrongly$' ./test"
    When I run the rerun hint printed for "Adding wrongly"
    Then the adopter's command exits with code 1
    And the adopter's results list only "Adding wrongly", failed
    When I run "BDD_PATHS=test/features go run ./test" in the adopter
    Then the adopter's command exits with code 1
    And every scenario has the verdict it had in the first run
    And the rerun hint printed for "Adding wrongly" is "BDD_PATHS=test/features/sums.feature:10 go run ./test"
    When I run the rerun hint printed for "Adding wrongly"
    Then the adopter's command exits with code 1
    And the adopter's results list only "Adding wrongly", failed

  Scenario: Steps behind a build tag run all three ways with the same verdicts, and each rerun hint keeps the tag
    Given a copy of the adopter layouts
    When I run "GOFLAGS="$GOFLAGS -tags=integration" go tool mage unitTests" in the adopter
    Then the adopter's command exits with code 1
    And the adopter's results say "Counting twice" failed and the other 1 scenarios passed
    And the rerun hint printed for "Counting twice" is "GOFLAGS='-mod=mod -p=1 -tags=integration' BDD_PATHS=features/stock.feature:10 go tool mage unitTests"
    When I run the rerun hint printed for "Counting twice"
    Then the adopter's command exits with code 1
    And the adopter's results list only "Counting twice", failed
    When I run "go test -tags integration ./features" in the adopter
    Then the adopter's command exits with code 1
    And every scenario has the verdict it had in the first run
    And the rerun hint printed for "Counting twice" is "go test -tags integration -run '^TestFeatures$/^Stock$/^Counting_twice$' ./features"
    When I run the rerun hint printed for "Counting twice"
    Then the adopter's command exits with code 1
    And the adopter's results list only "Counting twice", failed
    When I run "go run -tags integration ./features" in the adopter
    Then the adopter's command exits with code 1
    And every scenario has the verdict it had in the first run
    And the rerun hint printed for "Counting twice" is "BDD_PATHS=features/stock.feature:10 go run -tags integration ./features"
    When I run the rerun hint printed for "Counting twice"
    Then the adopter's command exits with code 1
    And the adopter's results list only "Counting twice", failed
    # Without the tag there is nothing to run: go test says so, the target
    # cannot build its runner.
    When I run "go test ./features" in the adopter
    Then the adopter's command exits with code 1
    And its output contains "example.com/layouts/features [setup failed]"

  Scenario: go test -run runs one scenario, a tag excludes the broken one, and exit codes 0, 2 and 3 come out of go tool mage
    Given a copy of the adopter example
    When I run "go test -run 'TestFeatures/Arithmetic/Adding' -v ./features" in the adopter
    Then the adopter's command exits with code 0
    And its output contains "--- PASS: TestFeatures/Arithmetic/Adding_two_numbers"
    And the adopter's results list only "Adding two numbers", passed
    When I run "BDD_TAGS='not @broken' go test ./..." in the adopter
    Then the adopter's command exits with code 0
    When I run "BDD_TAGS='~@broken' go tool mage unitTests" in the adopter
    Then the adopter's command exits with code 0
    And the last line of its output is "5 passed, 0 failed"
    When I run "go tool mage unitTests -workers=0" in the adopter
    Then the adopter's command exits with code 2
    And the last line of its error output starts with "Error: -workers / BDD_WORKERS="0": not accepted (accepted: "
    # Every package counts, the step definitions too (the adopter sets no
    # COVERAGE_EXCLUDE): 26 of 28 statements. Without the broken scenario,
    # the branch of calc.Divide it reaches is never run: one fewer.
    When I run "BDD_TAGS='not @broken' go tool mage coverageReport" in the adopter
    Then the adopter's command exits with code 3
    And the last line of its output is "coverage: 89.2% of statements (threshold 97.0%)"
    And the last line of its error output is "Error: coverage: 89.2% of statements (threshold 97.0%)"
    When I run "BDD_TAGS='~@broken' go tool mage coverageReport -threshold=70" in the adopter
    Then the adopter's command exits with code 0

  # internal/fixtures/adopter-testgo keeps its whole suite, steps included,
  # in _test.go files of package acceptance (no package main), as many godog
  # suites do. Its BeforeSuite reads testdata/prices.txt relative to the
  # package directory, where go test runs a test, and stays in testdata.
  # The Mage targets build its test binary as the feature runner
  # (BDD_RUNNER_PKG=./acceptance), and BDD_ISOLATION=process runs that
  # binary again as the worker processes, under go test too. A rerun hint
  # names what chose the code and the scenario, not BDD_ISOLATION: run
  # alone, a scenario has a fresh process to itself either way.
  Scenario: Steps in _test.go files run under go test, the Mage targets and process mode with the same verdicts, and each rerun hint reruns its scenario
    Given a copy of the adopter testgo
    When I run "go test ./..." in the adopter
    Then the adopter's command exits with code 1
    And its output contains "--- FAIL: TestFeatures/Basket/No_discount_below_100"
    And the adopter's results say "No discount below 100" failed and the other 3 scenarios passed
    And the adopter's reports, journal and timing history are in its build directory and nowhere else
    And the rerun hint printed for "No discount below 100" is "go test -run '^TestFeatures$/^Basket$/^No_discount_below_100$' ./acceptance"
    When I run the rerun hint printed for "No discount below 100"
    Then the adopter's command exits with code 1
    And the adopter's results list only "No discount below 100", failed
    When I run "BDD_RUNNER_PKG=./acceptance go tool mage unitTests" in the adopter
    Then the adopter's command exits with code 1
    And the last line of its output is "3 passed, 1 failed"
    And every scenario has the verdict it had in the first run
    And the rerun hint printed for "No discount below 100" is "BDD_RUNNER_PKG=./acceptance BDD_PATHS=acceptance/features/basket.feature:14 go tool mage unitTests"
    When I run the rerun hint printed for "No discount below 100"
    Then the adopter's command exits with code 1
    And the adopter's results list only "No discount below 100", failed
    When I run "BDD_ISOLATION=process go test ./acceptance" in the adopter
    Then the adopter's command exits with code 1
    And its output contains "--- FAIL: TestFeatures/Basket/No_discount_below_100"
    And every scenario has the verdict it had in the first run
    And the rerun hint printed for "No discount below 100" is "go test -run '^TestFeatures$/^Basket$/^No_discount_below_100$' ./acceptance"
    When I run the rerun hint printed for "No discount below 100"
    Then the adopter's command exits with code 1
    And the adopter's results list only "No discount below 100", failed
    When I run "BDD_RUNNER_PKG=./acceptance go tool mage unitTests -isolation=process" in the adopter
    Then the adopter's command exits with code 1
    And every scenario has the verdict it had in the first run
    And the adopter's reports, journal and timing history are in its build directory and nowhere else
    And the rerun hint printed for "No discount below 100" is "BDD_RUNNER_PKG=./acceptance BDD_PATHS=acceptance/features/basket.feature:14 go tool mage unitTests"
    When I run the rerun hint printed for "No discount below 100"
    Then the adopter's command exits with code 1
    And the adopter's results list only "No discount below 100", failed
    When I run "BDD_RUNNER_PKG=./acceptance BDD_TAGS='not @broken' go tool mage coverageReport" in the adopter
    Then the adopter's command exits with code 0
    And the last line of its output is "coverage: 100.0% of statements (threshold 97.0%)"
