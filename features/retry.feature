Feature: Retrying flaky scenarios and rerunning failures
  BDD_RETRY=N runs a failed scenario again, up to N more times, each time in
  a fresh godog run on the same worker. One that passes on a retry counts as
  passed and is reported flaky: in its own summary section, in results.json
  with the error of every failed try, and in junit.xml the way Maven
  Surefire writes it. Every run lists its failed scenarios in
  build/reports/rerun.txt, and BDD_PATHS=@build/reports/rerun.txt runs
  exactly those.

  Background:
    Given a feature file "checkout.feature":
      """
      Feature: Checkout

        Scenario: Paying by card
          Given a step that fails the first 1 time it runs

        Scenario: Paying in cash
          Given a step that passes
      """

  Scenario: A scenario that fails once passes on a retry and is reported flaky
    Given BDD_RETRY is "1"
    When I run mush on "checkout.feature"
    Then the exit code is 0
    And "Paying by card" ran 2 times
    And scenario "Paying by card" is passed
    And the output contains "Flaky (1): passed on a retry, counted as passed"
    And the output contains "FLAKY checkout.feature:3  Checkout › Paying by card (passed on try 2 of 2"
    And the output contains "try 1: Given a step that fails the first 1 time it runs  (checkout.feature:4): failing on try 1 of the first 1"
    And the line above the last line of the output is "1 flaky (passed on a retry)"
    And the last line of the output is "2 passed, 0 failed"
    And results.json marks "Paying by card" flaky, with the error of its failed try: "failing on try 1 of the first 1"
    And junit.xml shows "Paying by card" passed, with 1 <flakyFailure> element
    And the rerun file is empty

  Scenario: Without retries the same scenario fails and is listed in the rerun file
    Given BDD_RETRY is "0"
    When I run mush on "checkout.feature"
    Then the exit code is 1
    And "Paying by card" ran 1 time
    And the output does not contain "flaky"
    And the last line of the output is "1 passed, 1 failed"
    And the rerun file lists "checkout.feature:3"

  Scenario: The rerun file runs exactly the scenarios that failed
    When I run mush on "checkout.feature"
    And I run mush on "@build/reports/rerun.txt"
    Then only "Paying by card" ran
    And the exit code is 0
    And the last line of the output is "1 passed, 0 failed"
    And the rerun file is empty

  Scenario: Through the supervisor, as go tool mage unitTests runs it, the same holds
    Given BDD_RETRY is "1"
    When the supervised fixture runner runs "checkout.feature" with 2 workers
    Then the exit code is 0
    And the line above the last line of the output is "1 flaky (passed on a retry)"
    And the last line of the output is "2 passed, 0 failed"
    And results.json marks "Paying by card" flaky, with the error of its failed try: "failing on try 1 of the first 1"
    And junit.xml shows "Paying by card" passed, with 1 <flakyFailure> element
    And the rerun file is empty

  Scenario: After a crash, the rerun file lists the crashed scenario
    When the supervised fixture runner runs "internal/fixtures/crash/exit.feature" with 4 workers
    Then the exit code is 4
    And the rerun file lists "internal/fixtures/crash/exit.feature:6"

  Scenario: A scenario that fails on every try fails, with every try reported
    Given a feature file "broken.feature":
      """
      Feature: Broken

        Scenario: Never works
          Given a step that fails the first 5 times it runs
      """
    And BDD_RETRY is "2"
    When I run mush on "broken.feature"
    Then the exit code is 1
    And "Never works" ran 3 times
    And the failure of "Never works" shows "error: failing on try 3 of the first 5"
    And the failure of "Never works" shows "tries: 3, every one failed"
    And junit.xml shows "Never works" failed, with 2 <rerunFailure> elements
    And the last line of the output is "0 passed, 1 failed"

  Scenario: Undefined steps are not retried: they fail the same way every time
    Given a feature file "undefined.feature":
      """
      Feature: Undefined

        Scenario: Not written yet
          Given a step nobody has written
      """
    And BDD_RETRY is "3"
    When I run mush on "undefined.feature"
    Then the exit code is 1
    And "Not written yet" ran 1 time

  Scenario: An empty rerun file runs nothing, and says so
    When I run mush on "checkout.feature:6"
    And I run mush on "@build/reports/rerun.txt"
    Then the exit code is 0
    And the error output is one line containing "nothing to rerun: build/reports/rerun.txt is empty"
    And no scenario ran

  Scenario: A missing rerun file is refused
    When I run mush on "@build/reports/rerun.txt"
    Then the exit code is 2
    And the error output is one line containing "the rerun file build/reports/rerun.txt does not exist"
    And no scenario ran
