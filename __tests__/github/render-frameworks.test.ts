// Issue 13: how a run whose suites were rerun (flaky), disabled, or crashed before listing their
// cases reads on the pull request. The reports are real frameworks' shapes (fixtures/reports/junit),
// judged as a run check judges them; the rendered markdown is written to __tests__/__outputs__
// for a human to read.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderJobSummary, renderStepOutput } from '../../src/github/render.js';
import type { CheckResult } from '../../src/model/results.js';
import { collectReports } from '../../src/reports/collect.js';
import { judgeReports } from '../../src/reports/judge.js';
import { qaRecordFixture } from '../support/records.js';

const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
const fixtures = join(here, '../fixtures/reports/junit');
const outputs = join(here, '../__outputs__');

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'iqa-frameworks-'));
  mkdirSync(join(root, 'reports'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function check(name: string, files: string[]): Promise<CheckResult> {
  for (const f of files) cpSync(join(fixtures, f), join(root, 'reports', f));
  const judged = judgeReports(
    await collectReports(root, { junit: files.map((f) => `reports/${f}`), sarif: [] }),
    'error',
  );
  return {
    name,
    kind: 'run',
    required: true,
    conclusion: judged.failures.length ? 'failure' : 'success',
    startedAt: '2026-12-02T10:00:00.000Z',
    completedAt: '2026-12-02T10:00:30.000Z',
    durationMs: 30_000,
    summary: ['exited with 0', ...judged.failures, ...judged.notes].join('; '),
    details: judged.details,
    annotations: judged.annotations,
    ...(judged.tests ? { tests: judged.tests } : {}),
  };
}

test('flaky, disabled and declared-only suites on the pull request', async () => {
  const go = await check('go', ['gotestsum-rerun-green.xml']);
  const gtest = await check('gtest', ['googletest-disabled.xml']);
  const pytest = await check('pytest', ['pytest-no-cases.xml']);
  // A green run with a flaky test passes and says so; disabled tests are skipped, not failed;
  // a suite that declared failures but listed no cases fails.
  expect(go.conclusion).toBe('success');
  expect(go.summary).toMatch(/flaky/);
  // (the GoogleTest binary has one real failure beside its disabled tests)
  expect(gtest.summary).toContain('1 of 5 test(s) failed');
  expect(gtest.tests!.skipped).toBeGreaterThan(0);
  expect(pytest.conclusion).toBe('failure');
  expect(pytest.summary).toMatch(/declared/);

  const checks = [go, gtest, pytest];
  const summary = renderJobSummary(qaRecordFixture({ verdict: 'failed' }), [], checks, { endpoints: {} });
  mkdirSync(outputs, { recursive: true });
  writeFileSync(join(outputs, 'frameworks-run.job-summary.md'), summary);
  writeFileSync(
    join(outputs, 'frameworks-run.check-runs.md'),
    checks.map((c) => renderStepOutput(c, { endpoints: {} }).summary).join('\n\n---\n\n'),
  );
  expect(summary).toContain('go');
  expect(summary).toMatch(/flaky/i);
});
