Feature: Faults
  A run that cannot write what it must (a full disk) ends with one line
  naming the file and the system's error, and exit code 7: the verdict it
  printed stays the run's, nothing is run again, and no report of an
  earlier run passes for this one's. What earlier runs left in the reports
  directory for themselves is cleared by the next run.

  Background:
    Given a feature file "ok.feature":
      """
      Feature: All fine

        Scenario: One
          Given a step that passes
      """

  Scenario: A full disk under the reports ends the run with exit 7, and nothing runs again
    The fixture runner may write files of at most 4 KiB, as a disk that
    fills up under the run: its journal stops mid-line, as a crashed
    runner's does, and index.html finds no room.

    Given the reports directory holds "index.html" from an earlier run
    And the fixture runner may write files of at most 4096 bytes
    When the supervised fixture runner runs "internal/fixtures/testdata/arithmetic.feature" with 1 worker
    Then the exit code is 7
    And the summary is shown once
    And the last line of the output is "4 passed, 2 failed"
    And the error output contains "mush: cannot write the journal"
    And the error output contains "journal.ndjson: file too large"
    And the error output contains "mush: cannot write the reports"
    And the output does not contain "Crashes"
    And the reports directory has no "index.html"
    And the reports directory has no "attempt-2"

  Scenario: A named pipe where the journal goes is refused at once
    Given the reports directory holds a named pipe where the journal goes
    When I run mush on "ok.feature"
    Then the exit code is 2
    And the error output is one line containing "journal.ndjson is a named pipe, not a regular file"
    And no scenario ran

  Scenario: The next run removes the attempt directories an earlier run left
    Given the reports directory holds an earlier run's directory "attempt-2" with its journal
    When I run mush on "ok.feature"
    Then the exit code is 0
    And the reports directory has no "attempt-2"
