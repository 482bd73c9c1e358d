// Issue 13, bounded annotations: a 50 MB JUnit file with 9,342 failures and a SARIF log with
// 110,000 results, read by a real `run` check, cost their check run at most ⌈limit/50⌉ + 3
// requests on the validating GitHub API test server (today: 187 and 2,196), the most severe
// first, and the summary says how many were not sent.
import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommandCheck } from '../../src/checks/command.js';
import { toCheck } from '../../src/config/checks.js';
import { checkSchema } from '../../src/config/schema.js';
import { githubTarget } from '../../src/github/client.js';
import { githubReporter } from '../../src/github/report.js';
import { memoryLogger } from '../../src/model/log.js';
import type { CheckResult } from '../../src/model/results.js';
import { boundAnnotations } from '../../src/reports/bound.js';
import { startGitHubServer } from '../support/github-server.js';
import { checkContext } from '../support/check-context.js';
import { DIGEST, qaRecordFixture, SHA } from '../support/records.js';
import { settle } from '../support/virtual-clock.js';
import { bigJUnit, bigSarif } from '../support/big-reports.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'iqa-bounded-'));
  mkdirSync(join(root, 'reports'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function runCheck(spec: Record<string, unknown>): Promise<CheckResult> {
  const check = toCheck(checkSchema.parse(spec));
  if (check.kind !== 'run') throw new Error('a run check');
  const started = new Date().toISOString();
  const outcome = await runCommandCheck(check, checkContext(root));
  return {
    name: check.name,
    kind: 'run',
    required: true,
    startedAt: started,
    completedAt: new Date().toISOString(),
    durationMs: 1,
    annotations: [],
    ...outcome,
  };
}

/** The requests one check run costs when the action reports `result` on a pull request. */
async function requestsFor(
  result: CheckResult,
): Promise<{ requests: number; annotations: number; violations: unknown[] }> {
  const gh = await startGitHubServer({ owner: 'acme', repo: 'shop', token: 'ghs_test' });
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  try {
    const logger = memoryLogger();
    const context = { sha: SHA, pr: 12, repository: 'acme/shop', apiUrl: gh.url };
    const reporter = githubReporter({
      target: githubTarget('ghs_test', context, logger),
      logger,
      comment: false,
      keepEnvironment: false,
    });
    const facts = { image: { digest: DIGEST, ref: `ghcr.io/acme/shop@${DIGEST}` }, endpoints: {} };
    await reporter.plan({ build: true, environment: true, checks: [result.name] });
    await reporter.start(result.name);
    await reporter.complete(result, facts);
    await settle(
      reporter.finish(qaRecordFixture({ verdict: 'failed' }), { phases: [], checks: [result] }, facts),
    );
    const run = gh.state.checkRuns.find((c) => c.name === `immutable-qa / ${result.name}`)!;
    // Every create and update of this check run (the server counts them).
    return { requests: run.writes, annotations: run.annotations.length, violations: gh.violations };
  } finally {
    jest.useRealTimers();
    await gh.close();
  }
}

test('the most severe first, in report order, and how many were left out', () => {
  const a = (level: 'failure' | 'warning' | 'notice', startLine: number) => ({
    path: 'x',
    startLine,
    endLine: startLine,
    level,
    message: '',
  });
  const all = [a('notice', 1), a('warning', 2), a('failure', 3), a('notice', 4), a('failure', 5)];
  expect(boundAnnotations(all, 3)).toEqual({
    annotations: [a('failure', 3), a('failure', 5), a('warning', 2)],
    omitted: 2,
  });
  expect(boundAnnotations(all, 10)).toEqual({ annotations: all, omitted: 0 });
});

test('a 50 MB JUnit file with 9,342 failures: at most ⌈500/50⌉ + 3 requests for its check run', async () => {
  writeFileSync(join(root, 'reports/junit.xml'), bigJUnit());
  // `touch`: the report is this run's (older files are an earlier run's).
  const result = await runCheck({
    name: 'unit',
    run: 'touch reports/junit.xml',
    reports: { junit: ['reports/junit.xml'] },
  });
  expect(result.conclusion).toBe('failure');
  expect(result.annotations).toHaveLength(500);
  expect(result.summary).toContain('8842 more annotation(s) not sent (annotations-limit 500');
  const sent = await requestsFor(result);
  expect(sent.violations).toEqual([]);
  expect(sent.annotations).toBe(500);
  expect(sent.requests).toBeLessThanOrEqual(Math.ceil(500 / 50) + 3);
}, 120_000);

test('a SARIF log with 110,000 results: its 110 errors all sent first, within the bound; a limit of 0 sends none', async () => {
  writeFileSync(join(root, 'reports/eslint.sarif'), bigSarif());
  const result = await runCheck({
    name: 'lint',
    run: 'touch reports/eslint.sarif',
    reports: { sarif: ['reports/eslint.sarif'], 'annotations-limit': 200 },
  });
  expect(result.annotations).toHaveLength(200);
  expect(result.annotations.slice(0, 110).every((a) => a.level === 'failure')).toBe(true);
  expect(result.summary).toContain('109800 more annotation(s) not sent (annotations-limit 200');
  const sent = await requestsFor(result);
  expect(sent.violations).toEqual([]);
  expect(sent.requests).toBeLessThanOrEqual(Math.ceil(200 / 50) + 3);

  const none = await runCheck({
    name: 'lint-quiet',
    run: 'touch reports/eslint.sarif',
    reports: { sarif: ['reports/eslint.sarif'], 'annotations-limit': 0 },
  });
  expect(none.annotations).toEqual([]);
  expect((await requestsFor(none)).requests).toBeLessThanOrEqual(3);
}, 120_000);
