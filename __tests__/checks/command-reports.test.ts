// The security-scan recipe's rule: SARIF findings at or above sarif-fail-on, or failed JUnit tests,
// fail a run check; so does a declared report that is missing or unreadable.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckContext } from '../../src/checks/handler.js';
import { runCommandCheck } from '../../src/checks/command.js';
import { judgeReports } from '../../src/reports/judge.js';
import { collectReports } from '../../src/reports/collect.js';
import { toCheck } from '../../src/config/checks.js';
import { checkSchema, type RunCheck } from '../../src/config/schema.js';
import { checkContext } from '../support/check-context.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'iqa-reports-'));
  mkdirSync(join(root, 'reports'));
  for (const f of [
    'scan-error.sarif',
    'scan-warning.sarif',
    'scan-note.sarif',
    'scan-clean.sarif',
    'broken.sarif',
    'junit-one-failure.xml',
  ])
    copyFileSync(join(FIXTURES, f), join(root, 'reports', f));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sarif = (file: string) => collectReports(root, { junit: [], sarif: [`reports/${file}`] });

describe('judgeReports: sarif-fail-on', () => {
  test.each([
    ['scan-error.sarif', 'error', true],
    ['scan-warning.sarif', 'error', false],
    ['scan-warning.sarif', 'warning', true],
    ['scan-note.sarif', 'warning', false],
    ['scan-note.sarif', 'note', true],
    ['scan-clean.sarif', 'note', false],
    ['scan-error.sarif', 'none', false],
  ] as const)('%s with sarif-fail-on %s fails: %s', async (file, failOn, fails) => {
    const judged = judgeReports(await sarif(file), failOn);
    expect(judged.failures.length > 0).toBe(fails);
  });

  test('summary counts findings per level; annotations for every finding', async () => {
    const judged = judgeReports(await sarif('scan-error.sarif'), 'error');
    expect(judged.failures).toEqual(['1 SARIF finding(s) at or above error (1 error, 1 warning)']);
    expect(judged.annotations.map((a) => [a.level, a.title])).toEqual([
      ['failure', 'Trivy: CVE-2024-0001'],
      ['warning', 'Trivy: CVE-2024-0002'],
    ]);
    expect(judged.details).toContain('| reports/scan-error.sarif | 1 | 1 | 0 | 0 |');
    const passing = judgeReports(await sarif('scan-warning.sarif'), 'error');
    expect(passing.notes).toEqual(['SARIF: 1 warning, 1 note (fails on error and above)']);
  });

  test('a declared report that is missing or unreadable fails the check, named', async () => {
    const judged = judgeReports(
      await collectReports(root, { junit: ['reports/none-*.xml'], sarif: ['reports/broken.sarif'] }),
      'error',
    );
    expect(judged.notes).toEqual([]);
    expect(judged.failures).toHaveLength(1);
    expect(judged.failures[0]).toMatch(
      /^report problems: junit: no file matches "reports\/none-\*\.xml"; reports\/broken\.sarif/,
    );
  });

  test('failed JUnit tests fail; totals are kept', async () => {
    const judged = judgeReports(
      await collectReports(root, { junit: ['reports/junit-*.xml'], sarif: [] }),
      'error',
    );
    expect(judged.failures).toEqual(['1 of 2 test(s) failed']);
    expect(judged.tests).toEqual({ passed: 1, failed: 1, skipped: 0, total: 2 });
    expect(judged.annotations).toEqual([
      expect.objectContaining({ level: 'failure', path: 'tests/smoke.sh', startLine: 6 }),
    ]);
  });
});

describe('runCommandCheck with reports', () => {
  test('a report an earlier run left (older than the check) is not judged: the check wrote none', async () => {
    // Issue 12, item 4: yesterday's failing junit.xml failed today's passing check.
    copyFileSync(join(FIXTURES, 'junit-one-failure.xml'), join(root, 'reports', 'stale.xml'));
    utimesSync(
      join(root, 'reports', 'stale.xml'),
      new Date(Date.now() - 3_600_000),
      new Date(Date.now() - 3_600_000),
    );
    const outcome = await runCommandCheck(check('exit 0', { junit: 'reports/stale.xml' }), ctx());
    expect(outcome.conclusion).toBe('failure');
    expect(outcome.summary).toMatch(
      /^exited with 0; report problems: reports\/stale\.xml: last written \S+, before the check started \(\S+\): a report of an earlier run, not read/,
    );
    expect(outcome.tests).toBeUndefined();
    // Rewritten by the check: judged (one failing test).
    const fresh = await runCommandCheck(
      check('cp reports/junit-one-failure.xml reports/stale.xml', { junit: 'reports/stale.xml' }),
      ctx(),
    );
    expect(fresh.summary).toContain('1 of');
    expect(fresh.tests).toBeDefined();
  });

  function check(run: string, reports: Record<string, unknown>): RunCheck {
    const spec = toCheck(checkSchema.parse({ name: 'scan', run, reports }));
    if (spec.kind !== 'run') throw new Error('not a run check');
    return {
      ...spec,
      timeoutMs: 30_000,
      reports: { ...spec.reports, sarif: spec.reports.sarif.map((p) => join(root, p)) },
    };
  }
  const ctx = (): CheckContext => checkContext(root);

  test('a command that exits 0 fails on a blocking finding', async () => {
    const outcome = await runCommandCheck(
      check('touch reports/scan-error.sarif; exit 0', { sarif: 'reports/scan-error.sarif' }),
      ctx(),
    );
    expect(outcome.conclusion).toBe('failure');
    expect(outcome.summary).toBe('exited with 0; 1 SARIF finding(s) at or above error (1 error, 1 warning)');
    expect(outcome.annotations).toHaveLength(2);
  });

  test('a failing command stays failed, with the findings counted', async () => {
    const outcome = await runCommandCheck(
      check('touch reports/scan-note.sarif; exit 3', {
        sarif: 'reports/scan-note.sarif',
        'sarif-fail-on': 'warning',
      }),
      ctx(),
    );
    expect(outcome.conclusion).toBe('failure');
    expect(outcome.summary).toBe('exited with 3; SARIF: 1 note (fails on warning and above)');
  });

  test('without reports nothing changes', async () => {
    const outcome = await runCommandCheck(check('exit 0', {}), ctx());
    expect(outcome).toMatchObject({ conclusion: 'success', summary: 'exited with 0' });
    expect(outcome.annotations).toBeUndefined();
  });
});
