Feature: Hostile output
  Whatever mush prints that came from a feature file, a step, an error or a
  path is neutral on a terminal: a character a terminal or a log viewer
  would obey (ESC, CR, BEL, the other C0 and C1 controls, DEL, the bidi
  overrides and isolates) is printed escaped, as Go's %q writes it, so a
  feature file cannot hide the real summary behind a fake "6 passed, 0
  failed". Inside GitHub Actions, mush stops workflow commands with a
  random token while it prints (::stop-commands::, as GitHub documents) and
  resumes them only for its own annotations and its closing line. The
  reports keep every text exact.

  Scenario Outline: <payload> in every field reach the terminal escaped
    Given a failing feature file with <payload> in its file name, tag, feature, scenario, step, doc string and error
    When I run mush on every feature file
    Then the exit code is 1
    And the output and the error output hold no character a terminal would obey
    And the output contains "<shown>"
    And results.json keeps the <payload> exact

    Examples:
      | payload                   | shown                                         |
      | terminal escape sequences | \x1b[2J\x1b[H6 passed, 0 failed\x1b[8m        |
      | terminal escape sequences | FAILED d \x1b[8m\x1b]0;title\a\r\u009b2J\x7f/ |
      | bidi overrides            | \u202egnp.exe\u202c \u2066x\u2069             |
      | workflow commands         | ::warning::w1 ##[error]e1 ##[add-mask]m1      |

  Scenario Outline: Inside GitHub Actions, <payload> start no workflow command
    Given a failing feature file with <payload> in its file name, tag, feature, scenario, step, doc string and error
    And GITHUB_ACTIONS is "true"
    When I run mush on every feature file
    Then the exit code is 1
    And GitHub obeys no workflow command but mush's 2 annotations, and the run leaves commands on
    And the last line of the output is "0 passed, 2 failed"

    Examples:
      | payload                   |
      | workflow commands         |
      | terminal escape sequences |
