// SARIF columns reach GitHub: the check run of a scan sends start_column/end_column for one-line
// regions and none for multi-line ones, and every request passes the validating GitHub API test
// server (@octokit/openapi's check-run body schema plus GitHub's same-line rule for columns).
import { readFileSync } from 'node:fs';
import { CheckRunsReporter } from '../../src/github/check-runs.js';
import { githubTarget } from '../../src/github/client.js';
import { Permissions } from '../../src/github/target.js';
import { memoryLogger } from '../../src/model/log.js';
import type { Annotation, CheckResult } from '../../src/model/results.js';
import type { RunContext } from '../../src/model/run-context.js';
import { findingAnnotations } from '../../src/reports/annotations.js';
import { parseSarif } from '../../src/reports/sarif.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { settle, useVirtualClock } from '../support/virtual-clock.js';

const SHA = 'a'.repeat(40);
const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/reports/sarif/${name}`, import.meta.url), 'utf8');

let gh: GitHubServer | undefined;
useVirtualClock();
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

/** A CheckRunsReporter of a run against a fresh validating GitHub test server. */
async function reporterOnServer(): Promise<{
  github: GitHubServer;
  logger: ReturnType<typeof memoryLogger>;
  reporter: CheckRunsReporter;
}> {
  const github = await startGitHubServer({ owner: 'acme', repo: 'shop', token: 'ghs_test' });
  gh = github;
  const logger = memoryLogger();
  const context: RunContext = {
    sha: SHA,
    ref: 'refs/heads/main',
    repository: 'acme/shop',
    apiUrl: github.url,
  };
  const target = githubTarget('ghs_test', context, logger);
  if (!target) throw new Error('no GitHub target');
  return {
    github,
    logger,
    reporter: new CheckRunsReporter({ target, permissions: new Permissions(logger) }),
  };
}

/** The scan check, failed with these annotations. */
const failedScan = (annotations: Annotation[]): CheckResult => ({
  name: 'scan',
  kind: 'run',
  required: true,
  conclusion: 'failure',
  startedAt: '2026-12-02T10:00:00.000Z',
  completedAt: '2026-12-02T10:00:05.000Z',
  durationMs: 5000,
  summary: 'exited with 1',
  annotations,
});

test('one-line regions carry start_column/end_column to GitHub, multi-line ones do not', async () => {
  const { github, logger, reporter } = await reporterOnServer();

  const annotations = [
    ...findingAnnotations(parseSarif('reports/eslint.sarif', fixture('eslint-formatter-sarif.sarif'))),
    ...findingAnnotations(parseSarif('reports/gitleaks.sarif', fixture('gitleaks.sarif'))),
    ...findingAnnotations(parseSarif('reports/axe.sarif', fixture('axe-sarif-converter.sarif'))),
  ];
  const scan = failedScan(annotations);
  await settle(
    (async () => {
      await reporter.plan({ checks: ['scan'] });
      await reporter.start('scan');
      await reporter.complete(scan, { endpoints: {} });
      await reporter.flush();
    })(),
  );

  expect(github.violations).toEqual([]);
  expect(logger.lines.filter((l) => /could not|cannot/.test(l))).toEqual([]);
  const run = github.state.checkRuns.find((c) => c.name === 'immutable-qa / scan');
  const sent = run?.annotations.map((a) => [a.path, a.start_line, a.end_line, a.start_column, a.end_column]);
  expect(sent).toEqual([
    ['/home/runner/work/shop/shop/src/cart.js', 2, 2, 9, 15],
    ['/home/runner/work/shop/shop/src/cart.js', 3, 3, 20, 22],
    ['/home/runner/work/shop/shop/src/cart.js', 4, 5, undefined, undefined],
    ['/home/runner/work/shop/shop/src/cart.js', 5, 5, 12, 13],
    ['/home/runner/work/shop/shop/src/cart.js', 5, 6, undefined, undefined],
    ['/home/runner/work/shop/shop/src/cart.js', 7, 7, 3, 14],
    ['config/settings.py', 12, 12, 21, 40],
    ['src/payments/client.js', 4, 4, 7, 58],
    ['deploy/id_ed25519', 1, 7, undefined, undefined],
    ['reports/axe.sarif', 1, 1, undefined, undefined],
    ['reports/axe.sarif', 1, 1, undefined, undefined],
  ]);
  for (const a of run?.annotations ?? []) {
    if (a.start_line !== a.end_line) {
      expect(a).not.toHaveProperty('start_column');
      expect(a).not.toHaveProperty('end_column');
    }
  }
});

test('an Annotation that says columns on several lines sends none (GitHub’s rule, kept at the API edge)', async () => {
  const { github, reporter } = await reporterOnServer();
  const scan = failedScan([
    {
      path: 'a.ts',
      startLine: 3,
      endLine: 5,
      startColumn: 2,
      endColumn: 9,
      level: 'warning',
      message: 'm',
    },
  ]);
  await settle(
    (async () => {
      await reporter.plan({ checks: ['scan'] });
      await reporter.complete(scan, { endpoints: {} });
      await reporter.flush();
    })(),
  );
  expect(github.violations).toEqual([]);
  const run = github.state.checkRuns.find((c) => c.name === 'immutable-qa / scan');
  expect(run?.annotations).toEqual([
    { path: 'a.ts', start_line: 3, end_line: 5, annotation_level: 'warning', message: 'm' },
  ]);
});
