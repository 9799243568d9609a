Feature: Multi
  Scenario: one
    Given a
  stray text
  Scenario: two
    Given b
  more stray
