Feature: Sub
  Scenario: only
    Given a step
