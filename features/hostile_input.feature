Feature: Hostile input
  Every file mush reads must be a regular file (after symbolic links) of at
  most a documented size, and a rerun file must be text listing
  file.feature:LINE entries. A named pipe, a device that never ends, a
  binary or an oversized file is refused with one line naming it and what
  is accepted, and exit code 2, before any scenario runs: never a hang, a
  run out of memory, or a walk of every path a binary file happens to spell.

  Background:
    Given a feature file "ok.feature":
      """
      Feature: All fine

        Scenario: One
          Given a step that passes
      """

  Scenario Outline: A feature path that is not a regular file is refused: <path>
    Given a named pipe "pipe.feature" and links "zero.feature" to /dev/zero and "full.feature" to /dev/full among the feature files
    When I run mush on "<path>"
    Then the exit code is 2
    And the error output is one line containing "<path> is <what>, not a regular file (accepted: a regular file of at most 4 MiB)"
    And no scenario ran

    Examples:
      | path         | what         |
      | pipe.feature | a named pipe |
      | zero.feature | a device     |
      | full.feature | a device     |

  Scenario: A binary rerun file is refused in one line instead of walking what it spells
    Given a rerun file "binary.txt" of 4096 random bytes
    When I run mush on "@build/reports/binary.txt"
    Then the exit code is 2
    And the error output is one line containing "build/reports/binary.txt is not a rerun file: it holds NUL bytes (accepted: file.feature:LINE entries, one a line"
    And no scenario ran

  Scenario: A timing history that never ends is refused
    Given the timing history is a link to /dev/zero
    When I run mush on "ok.feature"
    Then the exit code is 2
    And the error output is one line containing "BDD_TIMINGS: timing history "
    And the error output is one line containing "timings.json is a device, not a regular file (accepted: a regular file of at most 64 MiB)"
    And no scenario ran

  Scenario Outline: A timing history with an impossible time is taken for corrupt and rewritten: <seconds>
    Given the timing history says "ok.feature:3" took <seconds> seconds
    When I run mush on "ok.feature"
    Then the exit code is 0
    And the error output is one line containing "says "ok.feature:3" took <shown> s (accepted: 0 to 604800 s); it will be rewritten"
    And the timing history has 1 scenarios

    Examples:
      | seconds | shown   |
      | 1e308   | 1e+308  |
      | -1      | -1      |

  Scenario: A 50 MB feature file is refused from its size, before it is read
    Given a feature file "large.feature" whose one doc string is 50 MB long
    When I run mush on "large.feature"
    Then the exit code is 2
    And the error output is one line containing "large.feature is larger than 4 MiB (accepted: a regular file of at most 4 MiB)"

  Scenario: A doc string Gherkin's parser would take minutes over is refused at once
    Given a feature file "long.feature" whose one doc string is 500000 lines long
    When I run mush on "long.feature"
    Then the exit code is 2
    And the error output is one line containing "long.feature:5: doc string of 500000 lines and 999999 bytes (accepted: at most 4096 lines and 256 KiB;"

  Scenario: A doc string within the limits runs
    Given a feature file "long.feature" whose one doc string is 4000 lines long
    When I run mush on "long.feature"
    Then the exit code is 0
    And the last line of the output is "1 passed, 0 failed"

  Scenario: A thousand empty feature files are refused in one line, not a thousand
    Given 1000 empty feature files
    When I run mush on "empty"
    Then the exit code is 2
    And the error output is one line containing "1000 feature files have no Feature: empty/e00000.feature, empty/e00001.feature, empty/e00002.feature and 997 more"

  Scenario: A second run in the same project is refused while the first goes on
    Given a feature file "gate.feature":
      """
      Feature: Held

        Scenario: Waits
          Given a step that waits at the gate
      """
    And another run of mush on "gate.feature" is going on in the same project
    When I run mush on "ok.feature"
    Then the exit code is 2
    And the error output is one line containing "is in use by another mush run (pid "
    And no scenario ran
    And the other run ends with exit code 0, its results listing only "Waits"
