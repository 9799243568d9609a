Feature: Bad input
  Every kind of bad input is refused before any scenario runs, with one
  line that names the input and what is accepted, and exit code 2.

  Background:
    Given a feature file "ok.feature":
      """
      Feature: All fine

        Scenario: One
          Given a step that passes

        Scenario: Two
          Given a step that passes
      """

  Scenario Outline: A bad <variable> is refused
    Given <variable> is "<value>"
    When I run mush on "ok.feature"
    Then the exit code is 2
    And the error output is one line containing "<message>"
    And no scenario ran

    Examples:
      | variable      | value      | message                                                   |
      | BDD_WORKERS   | 0          | BDD_WORKERS="0": not accepted (accepted: auto, or a whole number from 1 to 10000 |
      | BDD_WORKERS   | many       | BDD_WORKERS="many": not accepted                          |
      | BDD_WORKERS   | -3         | BDD_WORKERS="-3": not accepted                            |
      | BDD_MAX_WORKERS | 0        | BDD_MAX_WORKERS="0": not accepted (accepted: a whole number from 1 to 10000 |
      | BDD_MAX_WORKERS | auto     | BDD_MAX_WORKERS="auto": not accepted                      |
      | BDD_FORMAT    | fancy      | BDD_FORMAT="fancy": not accepted (accepted: progress or pretty) |
      | BDD_TAGS      | @a and (@b | BDD_TAGS: invalid tag expression "@a and (@b": syntax error: unmatched (; accepted: Cucumber's tag expressions, e.g. @fast and not (@slow or @wip), or godog's, e.g. @fast&&~@slow,@smoke |
      | BDD_TAGS      | @a&&       | BDD_TAGS: invalid tag expression "@a&&": "@a&&" has an empty term around &&; accepted: Cucumber's |
      | BDD_TAGS      | @a && not @b | BDD_TAGS: invalid tag expression "@a && not @b": godog's &&, , and ~ cannot be mixed with Cucumber's |
      | BDD_FAIL_FAST | maybe      | BDD_FAIL_FAST="maybe": not accepted                       |
      | BDD_SEED      | soon       | BDD_SEED="soon": not accepted                             |
      | BDD_TIMEOUT   | -1s        | BDD_TIMEOUT="-1s": not accepted (accepted: a positive Go duration up to 24h |
      | BDD_TIMEOUT   | 48h        | BDD_TIMEOUT="48h": not accepted                           |
      | BDD_TIMEOUT   | soon       | BDD_TIMEOUT="soon": not accepted                          |
      | BDD_RETRY     | often      | BDD_RETRY="often": not accepted (accepted: a whole number from 0 to 10) |
      | BDD_RETRY     | 11         | BDD_RETRY="11": not accepted                              |

  Scenario: A path that does not exist is refused
    When I run mush on "missing.feature"
    Then the exit code is 2
    And the error output is one line containing "missing.feature"
    And the error output contains "does not exist (accepted: .feature files, directories holding them, file.feature:LINE)"

  Scenario: A directory with no feature files is refused
    Given a directory "notes" holding only "notes/readme.txt"
    When I run mush on "notes"
    Then the exit code is 2
    And the error output is one line containing "holds no .feature files"

  Scenario: Every malformed feature file is reported before any scenario runs
    Given a feature file "broken/one.feature":
      """
      Feature: Broken one

        Scenario: fine
          Given a step that passes
        this line is not gherkin
      """
    And a feature file "broken/two.feature":
      """
      Feature: Broken two
        Scenario Outline: no examples keyword
          Given a step that passes
            | a |
          Examples
      """
    When I run mush on "broken,ok.feature"
    Then the exit code is 2
    And the error output contains "broken/one.feature:5"
    And the error output contains "broken/two.feature:"
    And no scenario ran

  Scenario: A line that is not a scenario is refused
    When I run mush on "ok.feature:4"
    Then the exit code is 2
    And the error output is one line containing "line 4 is not a Scenario, Scenario Outline or Examples row"

  Scenario: Tags that select nothing are refused
    Given BDD_TAGS is "@nothing-has-this"
    When I run mush on "ok.feature"
    Then the exit code is 2
    And the error output is one line containing "selects no scenario"

  Scenario: A reports directory that cannot be created is refused
    Given BDD_REPORTS_DIR is "go.mod/reports"
    When I run mush on "ok.feature"
    Then the exit code is 2
    And the error output is one line containing "BDD_REPORTS_DIR="go.mod/reports": cannot create it: mkdir go.mod: not a directory"
    And no scenario ran

  Scenario: A damaged timing history is reported and replaced
    Given the timing history file holds "this is not JSON"
    When I run mush on "ok.feature"
    Then the exit code is 0
    And the error output contains "is not a mush history file; it will be rewritten"
    And the timing history has 2 scenarios

  Scenario: Scenarios sharing a name are run, with a warning
    Given a feature file "duplicates.feature":
      """
      Feature: Duplicate names

        Scenario: Same name
          Given a step that passes

        Scenario: Same name
          Given a step that passes
      """
    When I run mush on "duplicates.feature"
    Then the exit code is 0
    And the error output contains "warning: duplicates.feature:6: scenario name"
    And the error output contains "also used at line 3"
    And the last line of the output is "2 passed, 0 failed"

  Scenario: A feature file that is not UTF-8 is refused
    A docstring cannot hold text that is not UTF-8, so this file is a
    fixture: its line 3 names the scenario "café" in Latin-1 (byte 0xE9).

    When I run mush on "internal/fixtures/invalid/encoding/latin1.feature"
    Then the exit code is 2
    And the error output is one line containing "internal/fixtures/invalid/encoding/latin1.feature:3: not valid UTF-8"
    And no scenario ran

  Scenario: A feature file without a Feature is refused
    Given a feature file "comment.feature":
      """
      # only a comment, no Feature
      """
    When I run mush on "comment.feature"
    Then the exit code is 2
    And the error output is one line containing "comment.feature: no Feature in this file"
    And no scenario ran
