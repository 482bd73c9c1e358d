// What an unprivileged run (a fork's or Dependabot's PR: a read-only token) hands to the base
// repository's `report` run to publish (issue 16): one JSON file in one directory. Everything in it
// came from a run of the PR's code, so the reader treats it as hostile data: the directory and the
// file are bounded before anything is read, every field has a strict schema and a size, the PR and
// sha must be the ones the caller expects, and text that holds a workflow command or our comment
// marker is refused. Nothing in it is ever used as a path to open.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { verdictOf, type Verdict } from '../model/record.js';
import type { CheckResult, PhaseResult } from '../model/results.js';
import { CHECK_KINDS } from '../model/results.js';
import { RESERVED_CHECK_NAMES } from '../config/schema.js';

/** The one entry of the directory; anything else in it rejects the whole report. */
export const FORK_REPORT_FILE = 'immutable-qa-report.json';

export const FORK_REPORT_LIMITS = {
  /** The file; a run with 100 steps of 1,000 bounded annotations fits well within it. */
  bytes: 16 * 1024 * 1024,
  /** Entries the directory may list before it is rejected unread (it may hold only one). */
  entries: 1,
  steps: 100,
  annotationsPerStep: 1000,
  /** GitHub's cap on a check run's summary and text. */
  markdown: 65_535,
  /** GitHub's cap on an annotation's message and raw details. */
  message: 64 * 1024,
  title: 255,
  path: 1024,
} as const;

export class ForkReportError extends Error {
  override name = 'ForkReportError';
}

export interface ForkReport {
  schema: 1;
  pr: number;
  head_sha: string;
  verdict: Verdict;
  phases: PhaseResult[];
  checks: CheckResult[];
}

/**
 * What the unprivileged run writes: its results, without paths of its machine (log files), and
 * with its text inert. Output of the code under test may hold workflow commands (test reporters
 * print `::error file=…::`) or our marker; written inert, the reader can refuse any that are left.
 */
export function forkReport(input: {
  pr: number;
  headSha: string;
  verdict: Verdict;
  phases: PhaseResult[];
  checks: CheckResult[];
}): ForkReport {
  return inertStrings({
    schema: 1,
    pr: input.pr,
    head_sha: input.headSha,
    verdict: input.verdict,
    phases: input.phases,
    // logFile names a file on the runner that ran the PR: meaningless (and a path) to the publisher.
    checks: input.checks.map(({ logFile: _logFile, ...check }) => check),
  });
}

/** A copy of `value` with every string replaced by `fn(text, path)`; paths read `checks[0].summary`. */
function mapStrings<T>(value: T, fn: (text: string, path: string) => string, path = ''): T {
  if (typeof value === 'string') return fn(value, path) as T;
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, fn, `${path}[${i}]`)) as T;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn, path ? `${path}.${k}` : k)]),
    ) as T;
  return value;
}

/** Every string in `value` with its workflow-command lines and markers broken by a zero-width space. */
function inertStrings<T>(value: T): T {
  return mapStrings(value, (text) =>
    text
      .replace(/^(\s*):(:[A-Za-z])/gm, '$1:\u200b$2')
      .replace(/^(\s*)#(#\[)/gm, '$1#\u200b$2')
      .replace(/<!--(\s*)(immutable-qa)/gi, '<!--$1\u200b$2'),
  );
}

const text = (max: number) => z.string().max(max);
const line = z.number().int().min(1).max(10_000_000);
const annotation = z.strictObject({
  path: text(FORK_REPORT_LIMITS.path).min(1),
  startLine: line,
  endLine: line,
  startColumn: line.optional(),
  endColumn: line.optional(),
  level: z.enum(['notice', 'warning', 'failure']),
  title: text(FORK_REPORT_LIMITS.title).optional(),
  message: text(FORK_REPORT_LIMITS.message),
  rawDetails: text(FORK_REPORT_LIMITS.message).optional(),
});
const step = {
  conclusion: z.enum(['success', 'failure', 'timed_out', 'cancelled', 'skipped', 'neutral']),
  startedAt: z.iso.datetime(),
  completedAt: z.iso.datetime(),
  durationMs: z.number().int().min(0),
  summary: text(FORK_REPORT_LIMITS.markdown),
  details: text(FORK_REPORT_LIMITS.markdown).optional(),
  logTail: text(FORK_REPORT_LIMITS.markdown).optional(),
  annotations: z.array(annotation).max(FORK_REPORT_LIMITS.annotationsPerStep),
};
const count = z.number().int().min(0);
const schema = z.strictObject({
  schema: z.literal(1),
  pr: z
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
  head_sha: z.string().regex(/^[0-9a-f]{40}$/),
  verdict: z.enum(['passed', 'failed']),
  // Every run has both phases, in this order (a skipped one too): each becomes a check run.
  phases: z.tuple([
    z.strictObject({ name: z.literal('build'), ...step }),
    z.strictObject({ name: z.literal('environment'), ...step }),
  ]),
  checks: z
    .array(
      z.strictObject({
        // A check's name as the config allows it (config/schema.ts): it names a check run.
        name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
        kind: z.enum(CHECK_KINDS),
        required: z.boolean(),
        tests: z
          .strictObject({
            passed: count,
            failed: count,
            skipped: count,
            total: count,
            flaky: count.optional(),
          })
          .optional(),
        ...step,
      }),
    )
    .max(FORK_REPORT_LIMITS.steps)
    // Each names one check run: no two alike, none a phase's or the overall run's.
    .refine(
      (checks) =>
        new Set(checks.map((c) => c.name)).size === checks.length &&
        checks.every((c) => !(RESERVED_CHECK_NAMES as readonly string[]).includes(c.name)),
      'check names must be unique and not build, environment or immutable-qa',
    ),
});

/** A line the runner would run as a workflow command (`::set-output …`, `##[group]`), in any text. */
const WORKFLOW_COMMAND = /^\s*(::[A-Za-z][\w-]*(\s|::)|##\[)/m;
/** Our sticky comment's marker, or anything like it: text that would make a comment look like ours. */
const MARKER = /<!--\s*immutable-qa/i;

/** The first string field (its path) that carries a workflow command or a comment marker. */
function hostileText(report: ForkReport): string | undefined {
  let found: string | undefined;
  mapStrings(report, (text, path) => {
    found ??= WORKFLOW_COMMAND.test(text)
      ? `${path} holds a workflow command`
      : MARKER.test(text)
        ? `${path} holds an immutable-qa comment marker`
        : undefined;
    return text;
  });
  return found;
}

/**
 * Reads the report a run of the PR's code left in `dir` (the downloaded artifact, in a folder of
 * ours), for the head sha and the open PRs with that head that the caller got from GitHub, not from
 * the artifact. Throws
 * ForkReportError saying what is wrong: nothing of a rejected report is published.
 */
export async function readForkReport(
  dir: string,
  expected: { pulls: readonly number[]; headSha: string },
): Promise<ForkReport> {
  const entries = await readdir(dir);
  if (entries.length !== FORK_REPORT_LIMITS.entries || entries[0] !== FORK_REPORT_FILE)
    throw new ForkReportError(
      `the report artifact must hold exactly ${FORK_REPORT_FILE}; it holds ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}${
        entries.length
          ? ` (${entries
              .slice(0, 3)
              .map((e) => JSON.stringify(e))
              .join(', ')}${entries.length > 3 ? ', …' : ''})`
          : ''
      }`,
    );
  const file = join(dir, FORK_REPORT_FILE);
  // lstat: a symlink is not followed (it could point at any file of the publishing runner).
  const stat = await lstat(file);
  if (!stat.isFile())
    throw new ForkReportError(`${FORK_REPORT_FILE} in the report artifact is not a regular file`);
  if (stat.size > FORK_REPORT_LIMITS.bytes)
    throw new ForkReportError(
      `${FORK_REPORT_FILE} is ${stat.size} bytes; a report may have at most ${FORK_REPORT_LIMITS.bytes}`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ForkReportError(
      `${FORK_REPORT_FILE} is not valid JSON: ${(error as Error).message.slice(0, 200)}`,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ForkReportError(
      `${FORK_REPORT_FILE} does not match the report schema at ${issue.path.join('.') || '(top)'}: ${issue.message}`,
    );
  }
  const report = parsed.data as ForkReport;
  if (report.head_sha !== expected.headSha || !expected.pulls.includes(report.pr))
    throw new ForkReportError(
      `the report is for PR #${report.pr} at ${report.head_sha}, but the run that made it was for ${
        expected.pulls.length ? expected.pulls.map((p) => `PR #${p}`).join(' or ') : 'no open pull request'
      } at ${expected.headSha}: nothing is published`,
    );
  // The verdict follows from the steps, as in every run: a report cannot claim another.
  if (report.verdict !== verdictOf(report.phases, report.checks))
    throw new ForkReportError(
      `the report says ${report.verdict}, but its steps make it ${verdictOf(report.phases, report.checks)}: nothing is published`,
    );
  // Not rewritten but refused: no report of ours holds either, and a publisher that printed or
  // posted such text would obey it.
  const hostile = hostileText(report);
  if (hostile) throw new ForkReportError(`${FORK_REPORT_FILE}: ${hostile}: nothing is published`);
  return report;
}
