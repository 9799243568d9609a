Feature: Rules

  Background:
    Given feature background

  Scenario: before rules
    Given a step

  @rule-one
  Rule: one
    Rule description.

    Background:
      Given rule one background

    @r1
    Scenario: in rule one
      Given a step

    Scenario Outline: outline in rule one <x>
      Given <x>

      Examples:
        | x |
        | p |
        | q |

  Rule: two

    Scenario: in rule two
      Given a step
