Feature: CRLF

  Scenario: one
    Given a

  Scenario: two
    Given b