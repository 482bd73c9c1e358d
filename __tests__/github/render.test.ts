// Pure renderers on a realistic failing run; the rendered markdown is written to __tests__/__outputs__
// for a human to read and guarded by snapshots.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, PhaseResult } from '../../src/model/results.js';
import {
  CHECK_OUTPUT_LIMIT,
  COMMENT_MARKER,
  renderComment,
  renderJobSummary,
  renderOverallOutput,
  renderStepOutput,
  renderTimeline,
  trim,
} from '../../src/github/render.js';
import type { QaRecord } from '../../src/model/record.js';
import { testAnnotations, totals } from '../../src/reports/annotations.js';
import { parseJUnit } from '../../src/reports/junit.js';

const fixtures = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../fixtures/reports');
const outputs = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../__outputs__');
const digest = 'sha256:8128e682bf03b5bc568d99eca9d475957357dcb3ac81433854b2ee83b743fcac';
const t0 = Date.parse('2026-11-26T10:00:00.000Z');
const at = (s: number): string => new Date(t0 + s * 1000).toISOString();

function failingRun(): { record: QaRecord; phases: PhaseResult[]; checks: CheckResult[] } {
  const junit = parseJUnit('reports/jest-junit.xml', readFileSync(join(fixtures, 'jest-junit.xml'), 'utf8'));
  const phases: PhaseResult[] = [
    {
      name: 'build',
      conclusion: 'success',
      startedAt: at(0),
      completedAt: at(21.4),
      durationMs: 21_400,
      summary: `ghcr.io/acme/shop@${digest} (buildx)`,
      annotations: [],
    },
    {
      name: 'environment',
      conclusion: 'success',
      startedAt: at(21.4),
      completedAt: at(30.1),
      durationMs: 8_700,
      summary: '3 container(s) ready (compose v2); web: http://127.0.0.1:32768/',
      annotations: [],
    },
  ];
  const checks: CheckResult[] = [
    {
      name: 'integration',
      kind: 'run',
      required: true,
      conclusion: 'failure',
      startedAt: at(30.1),
      completedAt: at(72.9),
      durationMs: 42_800,
      summary: 'exited with 1',
      logTail: 'FAIL src/cart.test.ts\n  ● cart › applies the discount\n    expected 90, received 100',
      annotations: testAnnotations(junit),
      tests: totals(junit),
    },
    {
      name: 'smoke',
      kind: 'http',
      required: true,
      conclusion: 'success',
      startedAt: at(30.1),
      completedAt: at(30.4),
      durationMs: 310,
      summary: 'GET / → 200 in 12 ms',
      annotations: [],
    },
    {
      name: 'load',
      kind: 'load',
      required: false,
      conclusion: 'timed_out',
      startedAt: at(30.1),
      completedAt: at(90.1),
      durationMs: 60_000,
      summary: 'timed out after 60s',
      annotations: [],
    },
  ];
  const record: QaRecord = {
    schema: 1,
    verdict: 'failed',
    image: { repository: 'ghcr.io/acme/shop', digest },
    source: {
      repository: 'acme/shop',
      sha: 'a'.repeat(40),
      checkout_sha: 'b'.repeat(40),
      tree: 'c'.repeat(40),
      ref: 'refs/pull/12/head',
      pr: 12,
      dirty: false,
    },
    environment: {
      definition_sha256: 'd'.repeat(64),
      project: 'iqa-shop-pr12',
      endpoints: { web: 'http://127.0.0.1:32768/' },
    },
    phases: [],
    checks: [],
    run: { id: '99', attempt: 1, url: 'https://github.com/acme/shop/actions/runs/99' },
    tool: { name: 'immutable-qa', version: '0.1.0' },
    created_at: at(91),
  };
  return { record, phases, checks };
}

const facts = {
  image: { digest, ref: `ghcr.io/acme/shop@${digest}` },
  endpoints: { web: 'http://127.0.0.1:32768/' },
  runUrl: 'https://github.com/acme/shop/actions/runs/99',
};

describe('renderers on a realistic failing run', () => {
  const { record, phases, checks } = failingRun();

  test('job summary: verdict, digest, endpoints, table, timeline, failure details', () => {
    const md = renderJobSummary(record, phases, checks, facts);
    mkdirSync(outputs, { recursive: true });
    writeFileSync(join(outputs, 'failing-run.job-summary.md'), md);
    expect(md).toContain('❌ immutable-qa: failed');
    expect(md).toContain(`ghcr.io/acme/shop@${digest}`);
    expect(md).toContain('http://127.0.0.1:32768/');
    expect(md).toContain('```mermaid\ngantt');
    expect(md).toMatch(/\| ❌ \| integration \| run \| failure \| 42\.8s \|/);
    expect(md).toMatch(/\| ⏱️ \| load \| load \(optional\) \| timed_out \|/);
    expect(md).toContain('expected 90, received 100');
    expect(md).toMatchSnapshot();
  });

  test('check-run outputs: the failing check carries its counts and log tail; the overall run lists every step', () => {
    const integration = renderStepOutput(checks[0]!, facts);
    expect(integration.title).toMatch(/^❌ failure in 42\.8s: exited with 1/);
    expect(integration.summary).toContain('Tests: **');
    expect(integration.summary).toContain('Log tail');
    const overall = renderOverallOutput(record, phases, checks, facts);
    expect(overall.title).toBe('failed: 3 checks: 1 passed, 1 failed, 1 timed out');
    for (const name of ['build', 'environment', 'integration', 'smoke', 'load'])
      expect(overall.summary).toContain(`| ${name} |`);
    writeFileSync(
      join(outputs, 'failing-run.check-run.md'),
      `# ${overall.title}\n\n${overall.summary}\n\n---\n\n# ${integration.title}\n\n${integration.summary}\n`,
    );
    expect({ integration, overall }).toMatchSnapshot();
  });

  test('sticky comment starts with the hidden marker', () => {
    const body = renderComment(record, checks, facts);
    expect(body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(body).toContain(digest);
    expect(body).toMatchSnapshot();
  });

  test('timeline: one gantt task per step that ran, failures marked crit', () => {
    const gantt = renderTimeline(phases, checks);
    expect(gantt.split('\n').filter((l) => / :(done|crit), s\d+, \d+, \d+$/.test(l))).toHaveLength(5);
    expect(gantt).toMatch(/integration :crit/);
  });

  test('durations read as formatDuration writes them: no "1m60s" near a whole minute', () => {
    expect(renderStepOutput({ ...checks[0]!, durationMs: 119_600 }, facts).title).toMatch(/ in 2m: /);
    expect(renderStepOutput({ ...checks[0]!, durationMs: 59_990 }, facts).title).toMatch(/ in 1m: /);
  });

  test('a huge log is trimmed to the 65,535-character limit with a pointer to the job summary', () => {
    const big = { ...checks[0]!, logTail: 'x'.repeat(200_000) };
    const { summary } = renderStepOutput(big, facts);
    expect(summary.length).toBeLessThanOrEqual(CHECK_OUTPUT_LIMIT);
    expect(summary).toContain('[job summary](https://github.com/acme/shop/actions/runs/99)');
    expect(trim('short', 10, 'p')).toBe('short');
  });
});
