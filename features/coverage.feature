Feature: Coverage gate
  `go tool mage coverageReport` measures the statement coverage of the whole
  module and holds it to a threshold: 97% unless COVERAGE_THRESHOLD (or the
  target's -threshold flag) says otherwise, fractions allowed. The exact
  share of covered statements is compared, never a rounded figure: 96.96%
  fails a 97% gate. The last line of the run is the gate line, with one
  decimal that is cut, never rounded up, so a total below the threshold is
  never shown as reaching it. Exit codes: 0 the gate passed, 3 coverage
  below the threshold or no coverage data, 2 a threshold that is not a
  number from 0 to 100.

  Scenario Outline: The gate compares the exact share of covered statements
    Given a coverage profile in which <covered> of 10000 statements ran
    When the gate judges it against the threshold "<threshold>"
    Then the gate exits with code <exit>
    And the gate line is "<gate line>"

    Examples: Above the threshold or exactly at it passes
      | covered | threshold | exit | gate line                                         |
      | 9800    | 97        | 0    | coverage: 98.0% of statements (threshold 97.0%)  |
      | 10000   | 97        | 0    | coverage: 100.0% of statements (threshold 97.0%) |
      | 9700    | 97        | 0    | coverage: 97.0% of statements (threshold 97.0%)  |

    Examples: Just below the threshold fails, and is never shown as 97.0
      | covered | threshold | exit | gate line                                         |
      | 9696    | 97        | 3    | coverage: 96.9% of statements (threshold 97.0%)  |
      | 9699    | 97        | 3    | coverage: 96.9% of statements (threshold 97.0%)  |

    Examples: An empty threshold means the default, 97
      | covered | threshold | exit | gate line                                         |
      | 9700    |           | 0    | coverage: 97.0% of statements (threshold 97.0%)  |
      | 9696    |           | 3    | coverage: 96.9% of statements (threshold 97.0%)  |

  Scenario Outline: A custom threshold is honoured in both directions
    Given a coverage profile in which <covered> of 10000 statements ran
    When the gate judges it against the threshold "<threshold>"
    Then the gate exits with code <exit>
    And the gate line is "<gate line>"

    Examples: A lower threshold lets through what 97 would refuse
      | covered | threshold | exit | gate line                                         |
      | 9650    | 96.5      | 0    | coverage: 96.5% of statements (threshold 96.5%)  |
      | 9649    | 96.5      | 3    | coverage: 96.4% of statements (threshold 96.5%)  |
      | 0       | 0         | 0    | coverage: 0.0% of statements (threshold 0.0%)    |

    Examples: A higher threshold refuses what 97 would let through
      | covered | threshold | exit | gate line                                         |
      | 9800    | 99        | 3    | coverage: 98.0% of statements (threshold 99.0%)  |
      | 9900    | 99        | 0    | coverage: 99.0% of statements (threshold 99.0%)  |
      | 9999    | 100       | 3    | coverage: 99.9% of statements (threshold 100.0%) |

    Examples: Fractions are allowed
      | covered | threshold | exit | gate line                                         |
      | 9725    | 97.25     | 0    | coverage: 97.2% of statements (threshold 97.25%) |
      | 9724    | 97.25     | 3    | coverage: 97.2% of statements (threshold 97.25%) |

  Scenario Outline: No coverage data fails, whatever the threshold
    Given a coverage profile with no statements in it
    When the gate judges it against the threshold "<threshold>"
    Then the gate exits with code 3
    And the gate line is "coverage: 0.0% of statements (threshold <shown>%)"
    And the gate gives the reason "no statements measured: no coverage data, or every package excluded"

    Examples:
      | threshold | shown |
      | 97        | 97.0  |
      | 0         | 0.0   |

  Scenario Outline: A threshold that is not a percentage is refused before anything runs
    Given a copy of a small module whose package lib is 80% covered by its tests
    When I run the coverage report with the threshold "<threshold>"
    Then the coverage report exits with code 2
    And the error output of the coverage report is one line containing "COVERAGE_THRESHOLD="<threshold>": not a number between 0 and 100"
    And the coverage report wrote nothing

    Examples:
      | threshold |
      | ninety    |
      | 101       |
      | -1        |
      | 100.01    |
      | 97%       |
      | NaN       |

  Scenario: A real coverage run agrees with go tool cover and ends with the gate line
    Given a copy of a small module whose package lib is 80% covered by its tests
    When I run the coverage report with the threshold "80"
    Then the coverage report exits with code 0
    And build/coverage holds coverage.out, coverage.html, coverage.json and cobertura.xml
    And the total in coverage.json is the total that go tool cover -func prints, within 0.05 points
    And the last line of the coverage report is "coverage: 80.0% of statements (threshold 80.0%)"
    When I run the coverage report again with the threshold "80.1"
    Then the coverage report exits with code 3
    And the last line of the coverage report is "coverage: 80.0% of statements (threshold 80.1%)"

  Scenario: A coverage run in worker processes counts what every process ran
    Given a copy of a small module whose package lib is 80% covered by its tests
    When I run the coverage report in worker processes with the threshold "80"
    Then the coverage report exits with code 0
    And the total in coverage.json is the total that go tool cover -func prints, within 0.05 points
    And the last line of the coverage report is "coverage: 80.0% of statements (threshold 80.0%)"

  Scenario: A package without tests lowers the total
    Given a copy of a small module whose package lib is 80% covered by its tests
    When I run the coverage report with the threshold "60"
    Then the coverage report exits with code 0
    When a package "extra" with 3 statements and no tests is added to the module
    And I run the coverage report again with the threshold "60"
    Then the total in coverage.json is lower than in the first run
    And coverage.json lists the package "example.com/mod/extra" with 0 of its 3 statements covered
    And the total in coverage.json is the total that go tool cover -func prints, within 0.05 points
    And the coverage report exits with code 3
    And the last line of the coverage report is "coverage: 50.0% of statements (threshold 60.0%)"

  Scenario: A coverage run gives the same verdicts as a plain run
    When the supervised fixture runner runs "internal/fixtures/testdata/arithmetic.feature,internal/fixtures/testdata/words.feature,internal/fixtures/testdata/strict" with 4 workers
    And the fixture runner is built for coverage
    And the supervised fixture runner runs "internal/fixtures/testdata/arithmetic.feature,internal/fixtures/testdata/words.feature,internal/fixtures/testdata/strict" with 4 workers
    Then every scenario has the same verdict in both runs
    And the last line of the output is "6 passed, 6 failed"
