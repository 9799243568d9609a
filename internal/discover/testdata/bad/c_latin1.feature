Feature: Latin
  Scenario: accents
    Given café
