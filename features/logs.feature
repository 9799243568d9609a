Feature: What steps log
  A step (or hook) logs with godog.Log(ctx, ...) or godog.Logf. mush keeps
  each scenario's messages with the scenario, each with the line of the step
  that logged it, and each try's apart when it is retried: under a failure
  in the summary (the last 10), in index.html, in junit.xml's <system-out>,
  in results.json ("logs") and in cucumber.json as the step's "output". The
  messages of scenarios that run side by side never mix.

  Scenario: The logs of a failing scenario are in the summary and in every report
    Given a feature file "shop.feature":
      """
      Feature: Shop

        Scenario: Closed shop
          Given a step that logs "connecting to the shop"
          And a step that logs "the shop says 503"
          Then a step that fails with "shop closed"
      """
    When I run mush on "shop.feature"
    Then the exit code is 1
    And the failure of "Closed shop" shows "logs:"
    And the failure of "Closed shop" shows "line 5: the shop says 503"
    And the HTML report shows "line 4: connecting to the shop"
    And the JUnit system-out of "Closed shop" contains "logs:\nline 4: connecting to the shop\nline 5: the shop says 503"
    And results.json has the logs "connecting to the shop, the shop says 503" for "Closed shop"
    And in cucumber.json the step "a step that logs "the shop says 503"" has the output "the shop says 503"

  Scenario: Scenarios that log side by side keep their own messages
    Given a feature file "side.feature":
      """
      Feature: Side by side

        Scenario Outline: <who>
          Given a step that logs "<who> starts"
          And a step that waits until 3 scenarios run at once
          Then a step that logs "<who> ends"

          Examples:
            | who |
            | ann |
            | bob |
            | cy  |
      """
    When I run mush on "side.feature" with 3 workers
    Then the exit code is 0
    And at least 3 scenarios ran at the same time
    And results.json has the logs "ann starts, ann ends" for "ann"
    And results.json has the logs "bob starts, bob ends" for "bob"
    And results.json has the logs "cy starts, cy ends" for "cy"
