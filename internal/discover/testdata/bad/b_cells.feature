Feature: Cells
  Scenario: table
    Given a table
      | a | b |
      | c |
