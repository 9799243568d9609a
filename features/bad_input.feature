Feature: Bad input
  Every kind of bad input is refused before any scenario runs, with one
  line that names the input and what is accepted, and exit code 2.

  Scenario Outline: A bad <variable> is refused
    Given <variable> is "<value>"
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the exit code is 2
    And the error output is one line containing "<message>"
    And no scenario ran

    Examples:
      | variable      | value      | message                                                   |
      | BDD_WORKERS   | 0          | BDD_WORKERS="0": not accepted (accepted: a whole number >= 1 |
      | BDD_WORKERS   | many       | BDD_WORKERS="many": not accepted                          |
      | BDD_WORKERS   | -3         | BDD_WORKERS="-3": not accepted                            |
      | BDD_FORMAT    | fancy      | BDD_FORMAT="fancy": not accepted (accepted: progress or pretty) |
      | BDD_TAGS      | @a and @b  | BDD_TAGS: invalid tag expression                          |
      | BDD_TAGS      | @a&&       | BDD_TAGS: invalid tag expression                          |
      | BDD_FAIL_FAST | maybe      | BDD_FAIL_FAST="maybe": not accepted                       |
      | BDD_SEED      | soon       | BDD_SEED="soon": not accepted                             |
      | BDD_TIMEOUT   | -1s        | BDD_TIMEOUT="-1s": not accepted (accepted: a positive Go duration up to 24h |
      | BDD_TIMEOUT   | 48h        | BDD_TIMEOUT="48h": not accepted                           |
      | BDD_TIMEOUT   | soon       | BDD_TIMEOUT="soon": not accepted                          |

  Scenario: A path that does not exist is refused
    When I run mush on "internal/fixtures/testdata/missing.feature"
    Then the exit code is 2
    And the error output is one line containing "testdata/missing.feature"
    And the error output contains "does not exist (accepted: .feature files, directories holding them, file.feature:LINE)"

  Scenario: A directory with no feature files is refused
    When I run mush on "internal/fixtures/invalid/empty"
    Then the exit code is 2
    And the error output is one line containing "holds no .feature files"

  Scenario: Every malformed feature file is reported before any scenario runs
    When I run mush on "internal/fixtures/invalid/malformed,internal/fixtures/testdata/passing.feature"
    Then the exit code is 2
    And the error output contains "internal/fixtures/invalid/malformed/one.feature:5"
    And the error output contains "internal/fixtures/invalid/malformed/two.feature:"
    And no scenario ran

  Scenario: A line that is not a scenario is refused
    When I run mush on "internal/fixtures/testdata/arithmetic.feature:6"
    Then the exit code is 2
    And the error output is one line containing "line 6 is not a Scenario, Scenario Outline or Examples row"

  Scenario: Tags that select nothing are refused
    Given BDD_TAGS is "@nothing-has-this"
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the exit code is 2
    And the error output is one line containing "selects no scenario"

  Scenario: A reports directory that cannot be created is refused
    Given BDD_REPORTS_DIR is "internal/fixtures/testdata/passing.feature/reports"
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the exit code is 2
    And the error output is one line containing "BDD_REPORTS_DIR="internal/fixtures/testdata/passing.feature/reports": cannot write the journal"
    And no scenario ran

  Scenario: A damaged timing history is reported and replaced
    Given the timing history file holds "this is not JSON"
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the exit code is 0
    And the error output contains "is not a mush history file; it will be rewritten"
    And the timing history has 5 scenarios

  Scenario: Scenarios sharing a name are run, with a warning
    When I run mush on "internal/fixtures/warned/duplicates.feature"
    Then the exit code is 0
    And the error output contains "warning: internal/fixtures/warned/duplicates.feature:6: scenario name"
    And the error output contains "also used at line 3"
    And the last line of the output is "2 passed, 0 failed"

  Scenario: A feature file that is not UTF-8 is refused
    When I run mush on "internal/fixtures/invalid/encoding/latin1.feature"
    Then the exit code is 2
    And the error output is one line containing "internal/fixtures/invalid/encoding/latin1.feature:3: not valid UTF-8"
    And no scenario ran

  Scenario: A feature file without a Feature is refused
    When I run mush on "internal/fixtures/invalid/nofeature/comment.feature"
    Then the exit code is 2
    And the error output is one line containing "internal/fixtures/invalid/nofeature/comment.feature: no Feature in this file"
    And no scenario ran
