Feature: CI shards
  A suite that outgrew one machine runs in the parallel jobs of its CI:
  each job runs one shard, BDD_SHARD=i/n (1-based), or the shard the CI
  engine's own variables name. The split is computed alike on every
  shard from the selected scenarios and the timing history: scenarios the
  history knows are packed longest first onto the shard with the least
  time so far, new ones are spread by a hash of their file:line. Each
  shard writes its reports, its manifest (shard.json: the whole selection
  and the whole split) and its timing history into its own directory.
  The merge reads every shard's directory, checks that the shards add up
  to the suite, each scenario exactly once, and gives one JUnit file, one
  results.json, one summary and the exit code of the whole. Shards that
  do not add up are refused with exit code 6, every problem named.

  These scenarios shard the fixture suite (20 scenarios, 8 of them
  failing in the ways mush knows: failed, undefined, pending, ambiguous,
  panics) and run the shards one after another.

  Scenario: Four shards merged give the verdicts of one run
    When I run the 4 shards of "internal/fixtures/testdata" one after another
    Then each shard's summary names its shard, like "shard:     2/4 (BDD_SHARD)"
    And every scenario ran in exactly one shard
    When I merge the shards
    Then the merge exits with code 1
    And the last line of the output is "12 passed, 8 failed"
    And the JUnit report lists 20 test cases with 5 failures and 3 errors in file order
    And the merged run has the same verdicts and the same last line as one run of "internal/fixtures/testdata"

  Scenario: Passing shards merge into a pass
    When I run the 3 shards of "internal/fixtures/testdata/passing.feature,internal/fixtures/testdata/words.feature:7,internal/fixtures/testdata/words.feature:11" one after another
    And I merge the shards
    Then the merge exits with code 0
    And the last line of the output is "7 passed, 0 failed"
    And the output contains "3 shards merged from"

  Scenario: In GitHub Actions each shard annotates its own failures and the merge job only sums up
    Given GITHUB_ACTIONS is "true"
    And GITHUB_STEP_SUMMARY names a file
    When I run the 2 shards of "internal/fixtures/testdata" one after another
    Then the shards annotated each of the 8 failed scenarios once
    When I merge the shards
    Then the merge exits with code 1
    And the output does not contain "::error"
    And the job summary contains "### ❌ mush: 12 passed, 8 failed"

  Scenario: The merged timing history splits the next run by time
    When I run the 4 shards of "internal/fixtures/testdata" one after another
    And I merge the shards
    Then the merged timing history knows all 20 scenarios
    When I run the 4 shards of "internal/fixtures/testdata" one after another
    Then every shard's manifest says the timing history knew 20 scenarios
    And I merge the shards
    And the merge exits with code 1

  Scenario: A shard with nothing to run says so and passes
    Given mush ran "internal/fixtures/testdata/passing.feature:3" once, which recorded its time
    When I run shard 2/2 of "internal/fixtures/testdata/passing.feature:3"
    Then the exit code is 0
    And the output contains "shard 2/2: no scenario to run: the split gave all 1 selected scenarios to the other shards"
    And the last line of the output is "0 passed, 0 failed"
    When I run shard 1/2 of "internal/fixtures/testdata/passing.feature:3"
    And I merge the shards
    Then the merge exits with code 0
    And the last line of the output is "1 passed, 0 failed"

  Scenario: A missing shard is an error naming it
    When I run the 4 shards of "internal/fixtures/testdata" one after another
    And the output of shard 3/4 is lost
    And I merge the shards
    Then the merge exits with code 6
    And the merge's error output contains "shard 3/4 is missing: no directory matching"
    And the merge wrote no report

  Scenario: A scenario missing from a shard's results is an error naming it
    When I run the 4 shards of "internal/fixtures/testdata" one after another
    And shard 2/4's results lack one of its scenarios
    And I merge the shards
    Then the merge exits with code 6
    And the merge's error output names the dropped scenario as "is missing: shard 2/4 was to run it"
    And the merge wrote no report

  Scenario: A scenario with results in two shards is an error naming it
    When I run the 4 shards of "internal/fixtures/testdata" one after another
    And shard 2/4's results also list a scenario of shard 1/4
    And I merge the shards
    Then the merge exits with code 6
    And the merge's error output names the copied scenario as "is duplicated: it has results in shards 1/4, 2/4"
    And the merge wrote no report

  Scenario: Shards that split with different timing histories are refused
    Given mush ran "internal/fixtures/testdata" once, which recorded its time
    When I run the 4 shards of "internal/fixtures/testdata" one after another
    And I run shard 3/4 of "internal/fixtures/testdata" with another timing history
    And I merge the shards
    Then the merge exits with code 6
    And the merge's error output contains "shard 3/4 split the suite differently from shard 1/4"
    And the merge's error output contains "their timing histories differ"

  Scenario: Shards that selected different scenarios are refused
    When I run the 2 shards of "internal/fixtures/testdata" one after another
    And I run shard 2/2 of "internal/fixtures/testdata/passing.feature"
    And I merge the shards
    Then the merge exits with code 6
    And the merge's error output contains "shard 2/2 selected other scenarios than shard 1/2 (5 against 20"

  Scenario: No shard output at all is an error, not an empty pass
    When I merge the shards
    Then the merge exits with code 6
    And the merge's error output contains "no shard output matches -from="

  Scenario: The shard plan predicts each shard count from the timing history
    Given mush ran "internal/fixtures/testdata" once, which recorded its time
    When I plan the shards of "internal/fixtures/testdata" for the counts "1,2,4,8" with 2 workers and "1s" of setup per shard
    Then the plan predicts the wall time, the busiest shard and its share for 1, 2, 4 and 8 shards
    And the plan's floor is the setup plus the longest scenario of the timing history
    And the plan says after how many shards adding more stops paying

  Scenario Outline: The shard comes from the CI engine's own variables, each with its base
    Given <index variable> is "<index>"
    And <total variable> is "4"
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the exit code is 0
    And the output contains "shard:     <shard>/4 (<engine> <index variable>/<total variable>)"

    Examples:
      | engine    | index variable         | total variable               | index | shard |
      | GitLab    | CI_NODE_INDEX          | CI_NODE_TOTAL                | 2     | 2     |
      | CircleCI  | CIRCLE_NODE_INDEX      | CIRCLE_NODE_TOTAL            | 2     | 3     |
      | Buildkite | BUILDKITE_PARALLEL_JOB | BUILDKITE_PARALLEL_JOB_COUNT | 0     | 1     |
      | Bazel     | TEST_SHARD_INDEX       | TEST_TOTAL_SHARDS            | 3     | 4     |

  Scenario: An explicit BDD_SHARD wins over the CI engine's variables
    Given CI_NODE_INDEX is "1"
    And CI_NODE_TOTAL is "4"
    And BDD_SHARD is "3/4"
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the output contains "shard:     3/4 (BDD_SHARD)"

  Scenario: BDD_SHARD=none runs the whole suite whatever the CI's variables say
    Given CI_NODE_INDEX is "1"
    And CI_NODE_TOTAL is "4"
    And BDD_SHARD is "none"
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the output does not contain "shard:"
    And the last line of the output is "5 passed, 0 failed"

  Scenario: Bazel's shard status file is touched, as its protocol asks
    Given TEST_SHARD_INDEX is "0"
    And TEST_TOTAL_SHARDS is "2"
    And TEST_SHARD_STATUS_FILE names a file that does not exist yet
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the Bazel shard status file exists

  Scenario Outline: A shard that is not one is refused with one line
    Given <variable> is "<value>"
    When I run mush on "internal/fixtures/testdata/passing.feature"
    Then the exit code is 2
    And the error output is one line containing "<message>"
    And no scenario ran

    Examples:
      | variable         | value | message                                                                   |
      | BDD_SHARD        | 0/4   | BDD_SHARD="0/4": not accepted (accepted: i/n with 1 <= i <= n <= 10000, e.g. 2/4, or none) |
      | BDD_SHARD        | 5/4   | BDD_SHARD="5/4": not accepted (accepted: i/n with 1 <= i <= n <= 10000, e.g. 2/4, or none) |
      | BDD_SHARD        | a/b   | BDD_SHARD="a/b": not accepted (accepted: i/n with 1 <= i <= n <= 10000, e.g. 2/4, or none) |
      | BDD_SHARD        | 1/1000000000 | BDD_SHARD="1/1000000000": not accepted (accepted: i/n with 1 <= i <= n <= 10000 |
      | BDD_SHARD        | 9223372036854775807/9223372036854775807 | BDD_SHARD="9223372036854775807/9223372036854775807": not accepted |
      | CI_NODE_INDEX    | 0     | CI_NODE_INDEX="0", CI_NODE_TOTAL="": not accepted                         |
