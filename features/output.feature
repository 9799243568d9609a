Feature: Output and reports
  Scenario output is never interleaved, and every run leaves one JUnit
  file and one JSON results file.

  Scenario: The pretty format prints every scenario whole, even in parallel
    Given BDD_FORMAT is "pretty"
    When I run mush on "internal/fixtures/testdata/arithmetic.feature,internal/fixtures/testdata/words.feature" with 8 workers
    Then every scenario is printed as one whole block

  Scenario: Outside a terminal the progress format prints failures and the summary only
    When I run mush on "internal/fixtures/testdata/words.feature"
    Then the output contains "FAILED internal/fixtures/testdata/words.feature:15  Words › Failing on purpose"
    And the output does not contain "PASS"
    And the output has no colour codes

  Scenario: The JUnit report has every scenario in file order
    When I run mush on "internal/fixtures/testdata/arithmetic.feature,internal/fixtures/testdata/words.feature" with 8 workers
    Then the JUnit report lists 9 test cases with 3 failures in file order
