Feature: Memory
  The memory is set up once, in BeforeSuite, and shared by every scenario.

  Scenario: The memory starts at 42
    Then the memory holds 42

  Scenario: A sum can use the memory
    When I add the memory and 8
    Then the result is 50
