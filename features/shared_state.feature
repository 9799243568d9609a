Feature: Suites that share state
  Most godog suites were written to run one scenario at a time: they keep
  state in the process that every scenario touches. The fixture suites in
  internal/fixtures/shared reproduce five such ways, each a feature file
  of two scenarios run in a process of their own (the fixture runner, in
  an empty directory). Each passes with one worker in file order, and
  fails with several, always in the same scenario with the same error:
  the scenarios announce what they did and wait for each other's
  announcements when they run side by side, so the overlap that a
  parallel run makes likely happens every time, without a clock.

  Background:
    Given the fixture runner starts in an empty directory

  Scenario Outline: <way> passes one at a time, fails side by side, and passes alone
    After a run with scenarios side by side, the supervisor runs each
    failed scenario again alone in a fresh process (BDD_ALONE), then with
    each scenario that ran beside or before it, and names the one that
    breaks it. It still counts as failed.

    When the supervised fixture runner runs "internal/fixtures/shared/<file>" with 1 worker
    Then the exit code is 0
    And the last line of the output is "2 passed, 0 failed"
    When the supervised fixture runner runs "internal/fixtures/shared/<file>" with 4 workers
    Then the exit code is 1
    And scenario "<fails>" is failed
    And the error of "<fails>" contains "<error>"
    And the last line of the output is "1 passed, 1 failed"
    And the summary is shown once
    And "<fails>" passes alone, and "<culprit>" ran beside or before it and breaks it
    And the output contains "fix: BDD_ISOLATION=process, or tag it @serial (README, "
    And the reports say "<fails>" passes alone

    Examples:
      | way                                            | file                      | fails               | error                                        | culprit        |
      | A package-level context reset in a Before hook | context.feature           | Alice signs in      | the signed-in user is bob, not alice         | Bob signs in   |
      | One in-process HTTP mock server                | mock_server.feature       | Apples cost 3       | the quote is 5, not 3                        | Pears cost 5   |
      | os.Setenv read back by the code under test     | environment.feature       | English greeting    | the greeting is Bonjour, Ann, not Hello, Ann | French greeting |
      | One fixture directory for every scenario       | fixture_directory.feature | Reads the catalogue | product count is 4, not 3                    | Adds a product |
      | A field the Before hook forgets to reset       | forgotten_reset.feature   | Full price          | the till is 5, not 10                        | Half price     |

  Scenario: Passes alone in process mode, with two scenarios at once in a process
    Given BDD_WORKERS is "2"
    When the supervised fixture runner runs "internal/fixtures/shared/context.feature" in 1 process
    Then the exit code is 1
    And scenario "Alice signs in" is failed
    And "Alice signs in" passes alone, and "Bob signs in" ran beside or before it and breaks it

  Scenario: A scenario that fails alone too says so, and BDD_ALONE=0 turns the diagnosis off
    When the supervised fixture runner runs "internal/fixtures/testdata/arithmetic.feature" with 4 workers
    Then the exit code is 1
    And every failed scenario fails alone too
    Given BDD_ALONE is "0"
    When the supervised fixture runner runs "internal/fixtures/testdata/arithmetic.feature" with 4 workers
    Then the exit code is 1
    And the output does not contain "alone"

  Scenario: A missing reset fails one worker when the order changes
    The seed puts "Half price" first: its coupon is still on the till when
    "Full price" starts in the same process.

    Given BDD_SEED is "1"
    When the supervised fixture runner runs "internal/fixtures/shared/forgotten_reset.feature" with 1 worker
    Then the exit code is 1
    And scenario "Full price" is failed
    And scenario "Half price" is passed
    And the error of "Full price" contains "the till is 5, not 10"

  Scenario: A scenario that passed in the last run and fails after the order changed is named
    When the supervised fixture runner runs "internal/fixtures/shared/forgotten_reset.feature" with 1 worker
    Then the exit code is 0
    Given BDD_SEED is "1"
    When the supervised fixture runner runs "internal/fixtures/shared/forgotten_reset.feature" with 1 worker
    Then the exit code is 1
    And scenario "Full price" is failed
    And the output contains "; changed from the last run's: file order"
    And the output contains "Full price passed in the last run and failed after the order changed: it may depend on the order (BDD_ORDER=file repeats the last run's order)"

  Scenario: All five side by side in one process
    The fixtures wait for their partner's announcement when side by side,
    so a culprit search that tries another file's scenario beside one would
    wait for BDD_TIMEOUT: the diagnosis is off here.

    Given BDD_ALONE is "0"
    When the supervised fixture runner runs "internal/fixtures/shared" with 2 workers
    Then the exit code is 1
    And the last line of the output is "5 passed, 5 failed"
    And scenario "Alice signs in" is failed
    And scenario "Apples cost 3" is failed
    And scenario "English greeting" is failed
    And scenario "Reads the catalogue" is failed
    And scenario "Full price" is failed
