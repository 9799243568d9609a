Feature: Warn

  Scenario: same
    Given a

  Scenario Outline: rows
    Given <v>

    Examples:
      | v |
      | 1 |
      | 2 |

  Scenario: same
    Given b
