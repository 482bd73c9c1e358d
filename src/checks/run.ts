// `run` checks: the user's shell command, in its own process group, output to a log file.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { checkVariables } from '../config/expand.js';
import { exec, tail } from '../exec.js';
import {
  findingAnnotations,
  findingTotals,
  testAnnotations,
  totals,
  type SarifFailOn,
} from '../reports/annotations.js';
import { collectReports, type CollectedReports } from '../reports/collect.js';
import type { FindingLevel } from '../reports/model.js';
import type { Check, CheckContext } from './context.js';
import type { CheckOutcome } from './runner.js';
import type { Annotation, TestTotals } from './types.js';

/** Environment of a check: the runner's, minus other steps' secrets, plus ours, plus its own env. */
export function checkEnv(check: Check, variables: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('INPUT_') || k === 'ACTIONS_RUNTIME_TOKEN' || k === 'ACTIONS_ID_TOKEN_REQUEST_TOKEN')
      continue;
    env[k] = v;
  }
  // The same expansion http and load use (expandCheck): env values against our variables only.
  return Object.assign(env, checkVariables(check, variables));
}

export function shellArgv(command: string): string[] {
  // Like GitHub's `shell: bash`: fail on the first error and inside pipelines.
  return ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', command];
}

export async function runCommandCheck(check: Check, ctx: CheckContext): Promise<CheckOutcome> {
  const dir = join(ctx.reportDir, 'checks');
  await mkdir(dir, { recursive: true });
  const logFile = join(dir, `${check.name}.log`);
  const log = createWriteStream(logFile);
  const result = await exec(shellArgv(check.run ?? ''), {
    cwd: ctx.root,
    env: checkEnv(check, ctx.variables),
    timeoutMs: check.timeoutMs,
    signal: ctx.signal,
    onOutput: (chunk) => log.write(chunk),
    maxCapture: 64 * 1024,
  });
  await new Promise<void>((resolve) => log.end(resolve));
  const output = tail(`${result.stdout}${result.stderr ? `\n${result.stderr}` : ''}`, 40);
  let outcome: CheckOutcome;
  if (result.timedOut)
    outcome = {
      conclusion: 'timed_out',
      summary: `timed out after ${Math.round(check.timeoutMs / 1000)}s`,
      logTail: output,
      logFile,
    };
  else if (result.aborted)
    outcome = { conclusion: 'cancelled', summary: 'cancelled', logTail: output, logFile };
  else if (result.code !== 0)
    outcome = {
      conclusion: 'failure',
      summary: `exited with ${result.code ?? result.signal}`,
      logTail: output,
      logFile,
    };
  else outcome = { conclusion: 'success', summary: 'exited with 0', logTail: output, logFile };

  if (check.reports.junit.length === 0 && check.reports.sarif.length === 0) return outcome;
  // Patterns are absolute after config load; match them relative to the root so messages show them as written.
  const shown = (p: string): string => {
    const rel = relative(ctx.root, p);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
  };
  const collected = await collectReports(ctx.root, {
    junit: check.reports.junit.map(shown),
    sarif: check.reports.sarif.map(shown),
  });
  const judged = judgeReports(collected, check.reports['sarif-fail-on']);
  return {
    ...outcome,
    // Reports decide only a command that succeeded: a timeout or a crash stays what it was.
    conclusion: outcome.conclusion === 'success' && judged.failures.length ? 'failure' : outcome.conclusion,
    summary: [outcome.summary, ...judged.failures, ...judged.notes].join('; '),
    details: judged.details,
    annotations: judged.annotations,
    ...(judged.tests ? { tests: judged.tests } : {}),
  };
}

const SEVERITY: Record<FindingLevel, number> = { none: 0, note: 1, warning: 2, error: 3 };
const LEVELS: FindingLevel[] = ['error', 'warning', 'note', 'none'];

export interface JudgedReports {
  /** Reasons the check fails (empty: the reports pass). */
  failures: string[];
  /** Totals and report problems, for the summary. */
  notes: string[];
  annotations: Annotation[];
  tests?: TestTotals;
  details: string;
}

/**
 * The security-scan / test-report rule: a SARIF finding at or above `failOn`, or a failed JUnit test,
 * fails the check, and so does a declared report that is missing or unreadable.
 */
export function judgeReports(collected: CollectedReports, failOn: SarifFailOn): JudgedReports {
  const failures: string[] = [];
  const notes: string[] = [];
  const annotations = [
    ...collected.tests.flatMap(testAnnotations),
    ...collected.findings.flatMap(findingAnnotations),
  ];
  let tests: TestTotals | undefined;
  if (collected.tests.length) {
    tests = totals(collected.tests);
    if (tests.failed) failures.push(`${tests.failed} of ${tests.total} test(s) failed`);
    else notes.push(`${tests.passed} test(s) passed${tests.skipped ? `, ${tests.skipped} skipped` : ''}`);
  }
  const levels = findingTotals(collected.findings);
  if (collected.findings.length) {
    const counted = LEVELS.filter((l) => levels[l] > 0)
      .map((l) => `${levels[l]} ${l}`)
      .join(', ');
    const blocking =
      failOn === 'none'
        ? 0
        : LEVELS.filter((l) => l !== 'none' && SEVERITY[l] >= SEVERITY[failOn]).reduce(
            (n, l) => n + levels[l],
            0,
          );
    const rule = failOn === 'none' ? 'sarif-fail-on: none' : `fails on ${failOn} and above`;
    if (blocking) failures.push(`${blocking} SARIF finding(s) at or above ${failOn} (${counted})`);
    else notes.push(`SARIF: ${counted || 'no findings'} (${rule})`);
  }
  if (collected.errors.length) {
    const more = collected.errors.length > 3 ? ` (and ${collected.errors.length - 3} more)` : '';
    // A declared report that is missing or unreadable fails the check: a scan that wrote nothing proves nothing.
    failures.push(`report problems: ${collected.errors.slice(0, 3).join('; ')}${more}`);
  }
  return {
    failures,
    notes,
    annotations,
    ...(tests ? { tests } : {}),
    details: renderReports(collected, failOn),
  };
}

function renderReports(collected: CollectedReports, failOn: SarifFailOn): string {
  const parts: string[] = [];
  if (collected.tests.length) {
    const t = totals(collected.tests);
    parts.push(
      [
        '| tests | passed | failed | skipped |',
        '|---:|---:|---:|---:|',
        `| ${t.total} | ${t.passed} | ${t.failed} | ${t.skipped} |`,
      ].join('\n'),
    );
  }
  if (collected.findings.length) {
    const levels = findingTotals(collected.findings);
    parts.push(
      [
        `| SARIF findings (fails on: ${failOn}) | error | warning | note | none |`,
        '|---|---:|---:|---:|---:|',
        ...collected.findings.map((r) => {
          const one = findingTotals(r);
          return `| ${r.path} | ${one.error} | ${one.warning} | ${one.note} | ${one.none} |`;
        }),
        ...(collected.findings.length > 1
          ? [`| **total** | ${levels.error} | ${levels.warning} | ${levels.note} | ${levels.none} |`]
          : []),
      ].join('\n'),
    );
  }
  if (collected.errors.length)
    parts.push(`Report problems:\n\n${collected.errors.map((e) => `- ${e}`).join('\n')}`);
  if (!parts.length) parts.push('No report matched.');
  return parts.join('\n\n');
}
