Feature: Cucumber Messages
  Every run also writes build/reports/messages.ndjson, the run as Cucumber
  Messages: the format Cucumber's own implementations write and the
  official HTML report (@cucumber/html-formatter) reads. Each try of a
  retried scenario is an attempt of its test case, all but the last marked
  willBeRetried; each attempt names the worker that ran it; what steps attach
  (godog.Attach) and log (godog.Log) are attachments. A merge of shards
  writes one stream for the whole suite.

  Scenario: A run with a failure and a retry
    Given a feature file "checkout.feature":
      """
      Feature: Checkout

        Scenario: Paying by card
          Given a step that fails the first 1 time it runs

        Scenario: Paying in cash
          Given a step that passes
          Then a step that attaches "receipt"

        Scenario: Refunding
          Given a step that logs "refund asked"
          Then a step that fails with "no refunds"
      """
    And BDD_RETRY is "1"
    When I run mush on "checkout.feature" with 2 workers
    Then the last line of the output is "2 passed, 1 failed"
    And messages.ndjson holds 1 source, 3 pickles, 3 test cases and 5 attempts, 2 of them retried
    And in messages.ndjson the test cases end "passed, passed, failed" and the run failed
    And in messages.ndjson every attempt names a worker of "1, 2"
    And messages.ndjson holds the attachment "receipt.txt"
    And messages.ndjson holds the log "refund asked" twice, once per attempt

  Scenario: Merged shards give one stream
    When I run the 2 shards of "internal/fixtures/testdata" one after another
    And I merge the shards
    Then the last line of the output is "12 passed, 8 failed"
    And messages.ndjson holds 5 sources, 20 pickles, 20 test cases and 20 attempts, 0 of them retried
    And in messages.ndjson the attempts ran on workers of the shards "1/2, 2/2"
