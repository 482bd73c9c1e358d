// What the terminal shows once a run ended, beside the verdict lines: each failure where it is
// (the same annotations the action puts on the pull request) and the environment left running.
import type { CheckResult } from '../model/results.js';

/** Per check; the rest are in the report dir (summary.md, checks/<name>.log). */
const MAX_PER_CHECK = 20;

/**
 * First line of a message, at most 200 characters. Already without terminal escapes: every
 * annotation is made plain where it is made (reports/annotations.ts).
 */
function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * `path:line: title: message` for every failure annotation of the checks that did not succeed,
 * grouped by check, e.g. `✗ integration: test/orders.test.js:17: healthz answers ok: Expected: 2`.
 */
export function failureLines(checks: readonly CheckResult[]): string[] {
  const lines: string[] = [];
  for (const check of checks) {
    if (check.conclusion === 'success') continue;
    const failures = check.annotations.filter((a) => a.level === 'failure');
    if (failures.length === 0) continue;
    lines.push(`✗ ${check.name}: ${failures.length} failure${failures.length === 1 ? '' : 's'}`);
    for (const a of failures.slice(0, MAX_PER_CHECK)) {
      const where = `${a.path}:${a.startLine}`;
      const title = a.title ? `${firstLine(a.title)}: ` : '';
      lines.push(`  ${where}: ${title}${firstLine(a.message)}`);
    }
    if (failures.length > MAX_PER_CHECK) lines.push(`  … and ${failures.length - MAX_PER_CHECK} more`);
  }
  return lines;
}

export interface KeptEnvironment {
  project: string;
  endpoints: Record<string, string>;
  /** The run's pull request: teardown --pr N removes exactly this environment. */
  pr?: number;
}

/** Where the kept environment is, how to reach it and how to remove it. */
export function keptLines(kept: KeptEnvironment): string[] {
  const lines = [`environment kept: ${kept.project} (docker compose -p ${kept.project} ps)`];
  for (const [name, url] of Object.entries(kept.endpoints)) lines.push(`  ${name}: ${url}`);
  lines.push(
    kept.pr !== undefined
      ? `  remove it: immutable-qa teardown --pr ${kept.pr}`
      : '  remove it: immutable-qa teardown --all (every environment of this repository)',
  );
  return lines;
}
