@feature-tag
Feature: Basic
  A description
  over two lines.

  Background:
    Given a background step

  @fast
  Scenario: first
    Given a docstring:
      """
      Scenario: not a real one
      """
    When a table:
      | a | b |
      | 1 | 2 |
    Then done

  # a comment between scenarios
  Scenario Outline: eat <n>
    Given there are <n> cucumbers

    @small
    Examples: small
      | n |
      | 1 |
      | 2 |

    @large
    Examples: large
      | n  |
      | 10 |

  @slow
  Scenario: last
    * a star step
