// The GitHub reporter in-process against the validating GitHub API test server: the fault scenarios
// (5xx bursts, primary and secondary rate limits) that used to run the whole bundle on the engine.
// The reporter is driven with the calls the QA pipeline makes for a passing one-check run (plan,
// start/complete per phase and check, finish), through the Octokit the action builds.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { githubTarget } from '../../src/github/client.js';
import { COMMENT_MARKER } from '../../src/github/render.js';
import { githubReporter } from '../../src/github/report.js';
import { countingLogger, memoryLogger } from '../../src/model/log.js';
import type { QaRecord } from '../../src/model/record.js';
import type { Annotation, CheckResult, PhaseResult } from '../../src/model/results.js';
import type { RunContext } from '../../src/model/run-context.js';
import { startGitHubServer, type GitHubServer, type ServerMode } from '../support/github-server.js';
import { settle, useVirtualClock } from '../support/virtual-clock.js';

const SHA = 'a'.repeat(40);
const DIGEST = `sha256:${'d'.repeat(64)}`;
const REPOSITORY = 'localhost:5000/hello-report';
const ENDPOINT = 'http://127.0.0.1:32768/';

const servers: GitHubServer[] = [];
let dir: string;
let summaryFile: string;
const saved = process.env.GITHUB_STEP_SUMMARY;
// @actions/core resolves the summary file once per process: one file for the whole suite.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iqa-report-'));
  summaryFile = join(dir, 'summary.md');
  process.env.GITHUB_STEP_SUMMARY = summaryFile;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
  else process.env.GITHUB_STEP_SUMMARY = saved;
});
beforeEach(() => {
  writeFileSync(summaryFile, '');
});
// The throttling's 1 s between writes and the rate limits' waits run on the virtual clock.
useVirtualClock();
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function server(mode?: ServerMode): Promise<GitHubServer> {
  const s = await startGitHubServer({ owner: 'acme', repo: 'hello', token: 'ghs_test', mode });
  servers.push(s);
  return s;
}

function step(name: string, offset: number): Omit<PhaseResult, 'name'> {
  const at = (s: number): string => new Date(Date.parse('2026-11-26T10:00:00.000Z') + s * 1000).toISOString();
  return {
    conclusion: 'success',
    startedAt: at(offset),
    completedAt: at(offset + 1),
    durationMs: 1000,
    summary: `${name} ok`,
    annotations: [],
  };
}

/** The results of a passing run of `configFor(…, 'page')`: build, environment, one `run` check. */
function passingRun(pr: number): { record: QaRecord; phases: PhaseResult[]; checks: CheckResult[] } {
  const phases: PhaseResult[] = [
    { name: 'build', ...step('build', 0), summary: `${REPOSITORY}@${DIGEST} (buildx)` },
    {
      name: 'environment',
      ...step('environment', 1),
      summary: `1 container(s) ready (compose v2); web: ${ENDPOINT}`,
    },
  ];
  const checks: CheckResult[] = [
    { name: 'page', kind: 'run', required: true, ...step('page', 2), summary: 'exited with 0' },
  ];
  const record: QaRecord = {
    schema: 1,
    verdict: 'passed',
    image: { repository: REPOSITORY, digest: DIGEST },
    source: {
      repository: 'acme/hello',
      sha: SHA,
      checkout_sha: SHA,
      tree: 'c'.repeat(40),
      ref: `refs/pull/${pr}/head`,
      pr,
      dirty: false,
    },
    environment: {
      definition_sha256: 'e'.repeat(64),
      project: `iqa-hello-pr${pr}`,
      endpoints: { web: ENDPOINT },
    },
    phases: phases.map((p) => ({
      name: p.name,
      conclusion: p.conclusion,
      started_at: p.startedAt,
      completed_at: p.completedAt,
      summary: p.summary,
    })),
    checks: checks.map((c) => ({
      name: c.name,
      conclusion: c.conclusion,
      started_at: c.startedAt,
      completed_at: c.completedAt,
      summary: c.summary,
      required: c.required,
    })),
    run: { id: '1234', attempt: 1, url: 'https://github.com/acme/hello/actions/runs/1234' },
    tool: { name: 'immutable-qa', version: '0.0.0' },
    created_at: '2026-11-26T10:00:04.000Z',
  };
  return { record, phases, checks };
}

/**
 * What the action's main step does with the reporter for a passing run on `pull_request` #pr
 * (src/action/main.ts + src/pipeline/qa.ts), with the action's own Octokit and the default inputs.
 */
async function reportPassingRun(gh: GitHubServer, pr: number): Promise<{ lines: string[] }> {
  const { logger, steps, finish } = passingRunReport(gh, pr);
  await steps();
  await finish();
  return logger;
}

/** The calls of a passing run split where the pipeline waits: the steps, then the verdict. */
function passingRunReport(
  gh: GitHubServer,
  pr: number,
): { logger: ReturnType<typeof memoryLogger>; steps: () => Promise<void>; finish: () => Promise<void> } {
  const logger = memoryLogger();
  const context: RunContext = {
    sha: SHA,
    pr,
    ref: `refs/pull/${pr}/head`,
    repository: 'acme/hello',
    apiUrl: gh.url,
    run: { id: '1234', attempt: 1, url: 'https://github.com/acme/hello/actions/runs/1234' },
    actor: 'octocat',
  };
  const reporter = githubReporter({
    target: githubTarget('ghs_test', context, logger),
    logger,
    comment: true,
    keepEnvironment: false,
    ...(context.run?.url ? { runUrl: context.run.url } : {}),
  });
  const { record, phases, checks } = passingRun(pr);
  const image = { digest: DIGEST, ref: `${REPOSITORY}@${DIGEST}` };
  const ready = { image, endpoints: { web: ENDPOINT } };
  return {
    logger,
    steps: async () => {
      await reporter.plan({ build: true, environment: true, checks: checks.map((c) => c.name) });
      await reporter.start('build');
      await reporter.complete(phases[0]!, { image, endpoints: {} });
      await reporter.start('environment');
      await reporter.complete(phases[1]!, ready);
      await reporter.start('page');
      await reporter.complete(checks[0]!, ready);
    },
    finish: () => reporter.finish(record, { phases, checks }, ready),
  };
}

describe('check runs from a background queue', () => {
  test('the pipeline never waits on GitHub; finish sends what is left, and nothing that says nothing new', async () => {
    const gh = await server();
    const { logger, steps, finish } = passingRunReport(gh, 9);
    // The virtual clock stands still: the throttling holds every write after the first, so a
    // reporter that awaited GitHub would still be creating check runs after one turn of the loop.
    const returned = await Promise.race([
      steps().then(() => 'returned'),
      new Promise((resolve) => setImmediate(() => resolve('waiting on GitHub'))),
    ]);
    expect(returned).toBe('returned');
    await settle(finish());
    expect(logger.lines.filter((l) => /could not|cannot|error/.test(l))).toEqual([]);
    expect(gh.violations).toEqual([]);
    const runs = gh.state.checkRuns.map((c) => [c.name, c.status, c.conclusion, c.external_id]);
    expect(runs.sort()).toEqual(
      [
        ['immutable-qa', 'completed', 'success', DIGEST],
        ['immutable-qa / build', 'completed', 'success', DIGEST],
        ['immutable-qa / environment', 'completed', 'success', DIGEST],
        ['immutable-qa / page', 'completed', 'success', DIGEST],
      ].sort(),
    );
    for (const c of gh.state.checkRuns) expect(c.started_at).not.toBeNull();
    // Awaiting each request took 12 (4 creates, 4 in_progress updates, 4 completions); steps that
    // ended before their create went out are created completed: only the first run is ever updated.
    const writes = gh.requests.filter((q) => /\/check-runs/.test(q.path));
    expect(writes).toHaveLength(5);
    expect(gh.state.checkRuns.map((c) => c.writes).sort()).toEqual([1, 1, 1, 2]);
  });
});

describe('GitHub faults while reporting (in-process, the action’s Octokit)', () => {
  test.each<[string, ServerMode]>([
    ['a 5xx burst', { kind: '5xx', count: 2 }],
    ['the primary rate limit', { kind: 'rate-limit', type: 'primary', count: 1, resetSeconds: 1 }],
    ['a secondary rate limit', { kind: 'rate-limit', type: 'secondary', count: 1, retryAfterSeconds: 1 }],
  ])(
    '%s is retried: correct verdict, no check run left in_progress',
    async (_name, mode) => {
      const gh = await server(mode);
      // Reporting never throws into the pipeline, so the run's verdict (passed) and exit code stand.
      const { lines } = await settle(reportPassingRun(gh, 9));
      expect(lines.filter((l) => l.startsWith('error: '))).toEqual([]);
      expect(lines.filter((l) => /could not|cannot/.test(l))).toEqual([]);
      expect(gh.violations).toEqual([]);
      expect(gh.state.checkRuns).toHaveLength(4);
      for (const c of gh.state.checkRuns)
        expect(c).toMatchObject({ head_sha: SHA, status: 'completed', conclusion: 'success' });
      expect(gh.requests.filter((q) => q.status >= 400).length).toBeGreaterThan(0);
      // Everything else the run reports got through too: the sticky comment and the job summary.
      expect(gh.state.comments).toHaveLength(1);
      expect(gh.state.comments[0]!.body.startsWith(COMMENT_MARKER)).toBe(true);
      expect(readFileSync(summaryFile, 'utf8')).toContain('immutable-qa: passed');
    },
    60_000,
  );
});

describe('a read-only token (a fork PR): within GitHub’s 10 warnings and 10 errors per step', () => {
  test('one warning names every missing permission, and the findings get what is left', async () => {
    const gh = await server('read-only');
    const memory = memoryLogger();
    const logger = countingLogger(memory);
    const context: RunContext = {
      sha: SHA,
      pr: 8,
      ref: 'refs/pull/8/head',
      repository: 'acme/hello',
      apiUrl: gh.url,
      actor: 'octocat',
    };
    const reporter = githubReporter({
      target: githubTarget('ghs_test', context, logger),
      logger,
      comment: true,
      keepEnvironment: false,
      shown: logger.shown,
    });
    const { record, phases, checks } = passingRun(8);
    const finding = (level: Annotation['level'], i: number): Annotation => ({
      path: `src/f${i}.ts`,
      startLine: i + 1,
      endLine: i + 1,
      level,
      message: `${level} ${i}`,
    });
    const failed: CheckResult = {
      ...checks[0]!,
      conclusion: 'failure',
      summary: '12 failed',
      annotations: [
        ...Array.from({ length: 12 }, (_, i) => finding('failure', i)),
        ...Array.from({ length: 15 }, (_, i) => finding('warning', i)),
      ],
    };
    await settle(
      (async () => {
        await reporter.plan({ build: true, environment: true, checks: [failed.name] });
        // Something else in the step already warned (a registry retry, say).
        logger.warning('pushing failed (attempt 1/3); retrying');
        await reporter.finish(
          { ...record, verdict: 'failed' },
          { phases, checks: [failed] },
          {
            image: { digest: DIGEST, ref: `${REPOSITORY}@${DIGEST}` },
            endpoints: { web: ENDPOINT },
          },
        );
      })(),
    );
    expect(gh.violations).toEqual([]);
    expect(gh.state.checkRuns).toHaveLength(0);
    expect(gh.state.comments).toHaveLength(0);
    const explained = memory.lines.filter((l) => l.startsWith('warning: immutable-qa cannot'));
    expect(explained).toHaveLength(1);
    expect(explained[0]).toContain('`permissions: checks: write` and `permissions: pull-requests: write`');
    // 10 warnings in all: the retry, the explanation and 8 findings; 9 errors, one left for the
    // action's own "verdict failed".
    expect(logger.shown).toEqual({ warning: 10, error: 9 });
    expect(memory.lines.filter((l) => /^warning: warning \d+$/.test(l))).toHaveLength(8);
    expect(memory.lines).toContain('10 more annotation(s) are listed in the job summary.');
  });
});
