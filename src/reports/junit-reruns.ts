// A test a JUnit report lists more than once in one <testsuite> (reruns, retries) is one test.
//
// Shapes this reads (fixtures in __tests__/fixtures/reports/junit/):
// - pytest-rerunfailures ≥ 16.6.1 writes one <testcase> per attempt; pytest's junitxml ignores the
//   "rerun" outcome, so the failed attempts are bare records and only the last one says how it ended.
// - gotestsum --rerun-fails writes every run of the package: the failed attempts (with <failure>),
//   then the passing ones, all in the package's <testsuite>.
// - Gradle's test-retry plugin (reports.junitXml.mergeReruns = false, the default: "each execution
//   of a test will be listed as a separate testcase").
// Surefire and Playwright (includeRetries) write one <testcase> with <flakyFailure>/<rerunFailure>
// instead; junit.ts reads those in the case itself.
//
// The rule, as the established reporters count retries: the test passed if its last attempt passed
// (flaky when an earlier attempt is there that did not just skip: every retry tool reruns only what
// failed, and pytest-rerunfailures' failed attempts carry no result), and failed when its last attempt
// failed. Retry tools stop at the first pass, so in their reports "the last attempt failed" is "every
// attempt failed". mikepenz/action-junit-report (check_retries, src/testParser.ts parseTestCases) also
// keys a test on name|classname|file and keeps one record per test, counting each extra record as a
// retry; it keeps any passing record, which turns pytest-rerunfailures' bare failed attempts into a
// pass: reading the last attempt does not. EnricoMi/publish-unit-test-result-action
// (python/publish/unittestresults.py get_test_results) also counts one test per (class, name), but
// as failed when any attempt failed, so a flaky-but-green run fails there; here it does not.
// Limit: repetitions that are not retries (go test -count=3, Playwright --repeat-each) look the same,
// so a test that failed in an early repetition and passed in the last one is flaky, not failed.
import type { TestCase } from './model.js';

/** One <testcase> element, parsed, with the identity of the test it reports. */
export interface CaseRecord {
  key: string;
  testCase: TestCase;
  /**
   * pytest's second record of a test whose call failed and whose teardown then failed too: it writes
   * `<error message="failed on teardown with …">` in a <testcase> of its own "to follow junit schema"
   * (_pytest/junitxml.py). Part of the record before it, not another attempt.
   */
  teardown?: boolean;
}

const failing = (c: TestCase): boolean => c.result === 'failed' || c.result === 'error';

function oneTest(attempts: TestCase[], last: TestCase): TestCase {
  const count = attempts.reduce((n, a) => n + (a.attempts ?? 1), 0);
  const timeMs = attempts.reduce((sum, a) => sum + a.timeMs, 0);
  if (last.result === 'passed') {
    const merged: TestCase = { ...last, timeMs, attempts: count };
    if (last.flaky || attempts.slice(0, -1).some((a) => a.result !== 'skipped')) merged.flaky = true;
    return merged;
  }
  // A last attempt that only skipped does not undo an earlier failure.
  const decisive = last.result === 'skipped' ? ([...attempts].reverse().find(failing) ?? last) : last;
  const merged: TestCase = { ...decisive, timeMs, attempts: count };
  delete merged.flaky;
  if (failing(merged)) {
    const note = `Failed on the last of ${count} attempts.`;
    merged.details = merged.details ? `${merged.details}\n\n${note}` : note;
  }
  return merged;
}

/** A failed test and its own teardown error: one case with both, an error (see junit.ts parseCase). */
function withTeardown(call: TestCase, teardown: TestCase): TestCase {
  const both: TestCase = { ...call, result: 'error', timeMs: call.timeMs + teardown.timeMs };
  const details = [call.details, teardown.details].filter((d): d is string => !!d).join('\n\n');
  if (details) both.details = details;
  if (!both.message && teardown.message) both.message = teardown.message;
  if (!both.file && teardown.file) {
    both.file = teardown.file;
    if (teardown.line !== undefined) both.line = teardown.line;
  }
  return both;
}

/** The records of one suite as tests: each key once, where it first appeared. */
export function mergeReruns(records: readonly CaseRecord[]): TestCase[] {
  const byKey = new Map<string, TestCase[]>();
  for (const { key, testCase, teardown } of records) {
    const attempts = byKey.get(key);
    const previous = attempts?.[attempts.length - 1];
    if (attempts && previous && teardown && failing(previous))
      attempts[attempts.length - 1] = withTeardown(previous, testCase);
    else if (attempts) attempts.push(testCase);
    else byKey.set(key, [testCase]);
  }
  const tests: TestCase[] = [];
  for (const attempts of byKey.values()) {
    const last = attempts[attempts.length - 1];
    if (!last) continue;
    tests.push(attempts.length === 1 ? last : oneTest(attempts, last));
  }
  return tests;
}
