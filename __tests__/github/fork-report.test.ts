// The report a fork's (or Dependabot's) unprivileged run hands to the base repository's publisher
// (github/fork-report.ts): what we write reads back, and every hostile artifact of issue 16 is
// refused with a message that says why, before anything could be published.
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  ftruncateSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FORK_REPORT_FILE,
  forkReport,
  readForkReport,
  type ForkReport,
} from '../../src/github/fork-report.js';
import { COMMENT_MARKER } from '../../src/github/render.js';
import type { CheckResult, PhaseResult } from '../../src/model/results.js';

const SHA = 'a'.repeat(40);
const expected = { pulls: [8], headSha: SHA };
const scratch = mkdtempSync(join(tmpdir(), 'iqa-fork-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const at = (s: number): string => new Date(Date.parse('2026-12-03T10:00:00.000Z') + s * 1000).toISOString();
const phases: PhaseResult[] = [
  {
    name: 'build',
    conclusion: 'success',
    startedAt: at(0),
    completedAt: at(1),
    durationMs: 1000,
    summary: 'built',
    annotations: [],
  },
  {
    name: 'environment',
    conclusion: 'success',
    startedAt: at(1),
    completedAt: at(2),
    durationMs: 1000,
    summary: 'ready',
    annotations: [],
  },
];
/** A failing test check as a real run leaves it: its reporter printed GitHub annotations into the log. */
const failing: CheckResult = {
  name: 'unit',
  kind: 'run',
  required: true,
  conclusion: 'failure',
  startedAt: at(2),
  completedAt: at(3),
  durationMs: 1000,
  summary: '1 of 3 tests failed',
  logTail: `FAIL src/cart.test.ts\n::error file=src/cart.test.ts,line=12::expected 3, got 2\n##[group]retry\n${COMMENT_MARKER}`,
  logFile: '/home/runner/work/_temp/unit.log',
  tests: { passed: 2, failed: 1, skipped: 0, total: 3 },
  annotations: [
    {
      path: 'src/cart.test.ts',
      startLine: 12,
      endLine: 12,
      level: 'failure',
      title: 'cart › total',
      message: 'std::vector-like message: expected 3, got 2',
    },
  ],
};
const ours = (): ForkReport =>
  forkReport({ pr: 8, headSha: SHA, verdict: 'failed', phases, checks: [failing] });

function dirWith(content: string | Buffer | ((dir: string) => void)): string {
  const dir = mkdtempSync(join(scratch, 'artifact-'));
  if (typeof content === 'function') content(dir);
  else writeFileSync(join(dir, FORK_REPORT_FILE), content);
  return dir;
}
const json = (report: unknown): string => JSON.stringify(report);

test('what the unprivileged run writes reads back: inert text, no runner paths, the same results', async () => {
  const report = ours();
  expect(report.checks[0]).not.toHaveProperty('logFile');
  const read = await readForkReport(dirWith(json(report)), expected);
  expect(read).toEqual(report);
  const tail = read.checks[0]!.logTail!;
  // The lines are there for a reader, but no runner would take them as commands, nor we as a marker.
  expect(tail).toContain('error file=src/cart.test.ts,line=12::expected 3, got 2');
  expect(tail).not.toMatch(/^::error/m);
  expect(tail).not.toMatch(/^##\[/m);
  expect(tail).not.toContain(COMMENT_MARKER);
  // A `::` inside a line is not a command and stays as it was.
  expect(read.checks[0]!.annotations[0]!.message).toBe('std::vector-like message: expected 3, got 2');
});

const hostile = (patch: (r: ForkReport) => unknown): string => json(patch(structuredClone(ours())));

test.each<[string, () => string, RegExp]>([
  [
    'a head sha other than the run’s',
    () => dirWith(hostile((r) => ({ ...r, head_sha: 'b'.repeat(40) }))),
    /is for PR #8 at b{40}, but the run that made it was for PR #8 at a{40}/,
  ],
  [
    'a PR number other than the run’s',
    () => dirWith(hostile((r) => ({ ...r, pr: 9 }))),
    /is for PR #9 .* was for PR #8/,
  ],
  ['invalid JSON', () => dirWith('{"schema": 1,'), /is not valid JSON/],
  [
    'a field the schema does not know',
    () => dirWith(hostile((r) => ({ ...r, tag: 'latest' }))),
    /does not match the report schema at \(top\)/,
  ],
  [
    'a summary over GitHub’s 65,535 characters',
    () =>
      dirWith(
        hostile((r) => {
          r.checks[0]!.summary = 'x'.repeat(65_536);
          return r;
        }),
      ),
    /at checks\.0\.summary/,
  ],
  [
    'a check name that is not a config check name',
    () =>
      dirWith(
        hostile((r) => {
          r.checks[0]!.name = '../../etc';
          return r;
        }),
      ),
    /at checks\.0\.name/,
  ],
  [
    'a verdict its steps do not give',
    () => dirWith(hostile((r) => ({ ...r, verdict: 'passed' }))),
    /says passed, but its steps make it failed/,
  ],
  [
    'a workflow command in text',
    () =>
      dirWith(
        hostile((r) => {
          r.checks[0]!.annotations[0]!.message = 'ok\n::set-output name=digest::sha256:evil';
          return r;
        }),
      ),
    /checks\[0\]\.annotations\[0\]\.message holds a workflow command/,
  ],
  [
    'our comment marker, to hijack the sticky comment',
    () =>
      dirWith(
        hostile((r) => {
          r.phases[0]!.summary = `${COMMENT_MARKER}\nall good`;
          return r;
        }),
      ),
    /phases\[0\]\.summary holds an immutable-qa comment marker/,
  ],
  [
    'a 2 GB file (refused by its size, unread)',
    () =>
      dirWith((dir) => {
        const fd = openSync(join(dir, FORK_REPORT_FILE), 'w');
        ftruncateSync(fd, 2 * 1024 ** 3);
        closeSync(fd);
      }),
    /is 2147483648 bytes; a report may have at most 16777216/,
  ],
  [
    '10,000 files',
    () =>
      dirWith((dir) => {
        for (let i = 0; i < 10_000; i++) writeFileSync(join(dir, `f${i}`), '');
      }),
    /must hold exactly immutable-qa-report\.json; it holds 10000 entries/,
  ],
  [
    'a path-traversal entry beside the report',
    () =>
      dirWith((dir) => {
        writeFileSync(join(dir, FORK_REPORT_FILE), json(ours()));
        mkdirSync(join(dir, '..%2f..%2fetc'));
      }),
    /holds 2 entries/,
  ],
  [
    'the report as a symlink to a file of the publishing runner',
    () => dirWith((dir) => symlinkSync('/etc/passwd', join(dir, FORK_REPORT_FILE))),
    /is not a regular file/,
  ],
])('refused: %s', async (_name, make, message) => {
  await expect(readForkReport(make(), expected)).rejects.toThrow(message);
});
