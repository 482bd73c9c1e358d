// What a check's JUnit reports say beyond their totals: suites that declared results but listed no
// test case (they fail the check when they declare failures or errors), and which tests were flaky.
import type { TestReport } from './model.js';

export interface JUnitSummary {
  /** Reasons the check fails besides the failed-test count. */
  failures: string[];
  notes: string[];
  /** Markdown lines for the check's details. */
  details: string[];
}

const MAX_LINES = 3;
const MAX_FLAKY_LISTED = 10;

function counted(n: number, one: string): string | undefined {
  return n > 0 ? `${n} ${one}` : undefined;
}

function more(lines: string[], max: number): string[] {
  return lines.length > max ? [...lines.slice(0, max), `(and ${lines.length - max} more)`] : lines;
}

export function summarizeJUnit(reports: readonly TestReport[]): JUnitSummary {
  const failing: string[] = [];
  const passing: string[] = [];
  const flaky: string[] = [];
  for (const report of reports) {
    for (const suite of report.suites) {
      for (const c of suite.cases) {
        if (c.flaky) flaky.push(`\`${c.name || c.classname || suite.name}\` (${c.attempts ?? 2} attempts)`);
      }
      const d = suite.declared;
      if (!d) continue;
      const parts = [
        counted(d.failures, 'failed'),
        counted(d.errors, 'errored'),
        counted(d.skipped, 'skipped'),
      ].filter((p): p is string => p !== undefined);
      const line = `${report.path}: suite "${suite.name}" declared ${d.tests} test(s)${parts.length ? ` (${parts.join(', ')})` : ''} but listed no test cases`;
      (d.failures + d.errors > 0 ? failing : passing).push(line);
    }
  }
  return {
    failures: more(failing, MAX_LINES),
    notes: more(passing, MAX_LINES),
    details: flaky.length
      ? [`Flaky (passed after a failed attempt): ${more(flaky, MAX_FLAKY_LISTED).join(', ')}`]
      : [],
  };
}
