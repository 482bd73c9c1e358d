// Issue 12, item 10: after a run the terminal names each failed test where it is (the annotations
// the action puts on the pull request), from real framework reports, and says how to reach and
// remove a kept environment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { failureLines, keptLines } from '../../src/cli/outcome.js';
import type { CheckResult } from '../../src/model/results.js';
import { testAnnotations } from '../../src/reports/annotations.js';
import { parseJUnit } from '../../src/reports/junit.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/reports');

function checkFrom(
  name: string,
  file: string,
  conclusion: CheckResult['conclusion'] = 'failure',
): CheckResult {
  const path = `reports/${file}`;
  return {
    name,
    kind: 'run',
    required: true,
    conclusion,
    summary: 'exited with 1',
    startedAt: '',
    completedAt: '',
    durationMs: 1,
    annotations: testAnnotations(parseJUnit(path, readFileSync(join(FIXTURES, file), 'utf8'))),
  };
}

test('each failed test of a real jest and pytest report, at file:line, under its check', () => {
  const lines = failureLines([
    checkFrom('unit', 'jest-junit-file-attribute.xml'),
    checkFrom('api', 'pytest.xml'),
    checkFrom('passed', 'jest-junit.xml', 'success'),
  ]);
  expect(lines[0]).toBe('✗ unit: 2 failures');
  expect(lines.slice(1, 3).every((l) => /^ {2}\S+\.(ts|js|tsx|jsx):\d+: .+: .+/.test(l))).toBe(true);
  expect(lines[3]).toBe('✗ api: 3 failures'); // 2 failures and an error
  expect(lines.slice(4).every((l) => /^ {2}\S+\.py:\d+: .+: .+/.test(l))).toBe(true);
  expect(lines).toHaveLength(7); // nothing of the check that passed
  expect(lines.every((l) => !l.includes('\n'))).toBe(true);
});

test('at most 20 per check, then how many more', () => {
  const check = checkFrom('unit', 'jest-junit-file-attribute.xml');
  check.annotations = Array.from({ length: 23 }, (_, i) => ({ ...check.annotations[0]!, startLine: i + 1 }));
  const lines = failureLines([check]);
  expect(lines).toHaveLength(22);
  expect(lines.at(-1)).toBe('  … and 3 more');
});

test('a coloured failure is shown plain: its annotation was made plain where it was made', () => {
  // jest with FORCE_COLOR: escapes in the case name and the failure message, a line redrawn with \r.
  const xml =
    '<testsuite name="cart" tests="1"><testcase name="\u001b[1madds an item\u001b[22m" file="src/cart.test.ts" line="12">' +
    '<failure message="\u001b[2K\u001b[1G\u001b[31mexpected 2\u001b[39m&#13;&#10;received 1"/></testcase></testsuite>';
  const check = checkFrom('unit', 'jest-junit-file-attribute.xml');
  check.annotations = testAnnotations(parseJUnit('reports/junit.xml', xml));
  expect(failureLines([check])).toEqual([
    '✗ unit: 1 failure',
    '  src/cart.test.ts:12: adds an item: expected 2',
  ]);
});

test('a kept environment: its project, endpoints and the teardown that removes it', () => {
  expect(
    keptLines({ project: 'iqa-shop-1a2b3c-pr5', endpoints: { web: 'http://127.0.0.1:32768/' }, pr: 5 }),
  ).toEqual([
    'environment kept: iqa-shop-1a2b3c-pr5 (docker compose -p iqa-shop-1a2b3c-pr5 ps)',
    '  web: http://127.0.0.1:32768/',
    '  remove it: immutable-qa teardown --pr 5',
  ]);
  expect(keptLines({ project: 'iqa-shop-1a2b3c-0123456', endpoints: {} }).at(-1)).toContain('teardown --all');
});
