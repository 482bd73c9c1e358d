// The test-report / security-scan verdict of a check's collected reports, and its details table.
import type { Annotation, TestTotals } from '../model/results.js';
import {
  failsAt,
  findingAnnotations,
  findingTotals,
  testAnnotations,
  totals,
  type SarifFailOn,
} from './annotations.js';
import type { CollectedReports } from './collect.js';
import { summarizeJUnit } from './junit-summary.js';
import type { FindingLevel } from './model.js';

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
  let junitDetails: string[] = [];
  if (collected.tests.length) {
    tests = totals(collected.tests);
    const junit = summarizeJUnit(collected.tests);
    junitDetails = junit.details;
    // A flaky test passed: it never fails the check, the summary only says so.
    const flaky = tests.flaky ? `${tests.flaky} flaky` : '';
    if (tests.failed) failures.push(`${tests.failed} of ${tests.total} test(s) failed`);
    else
      notes.push(
        `${tests.passed} test(s) passed${flaky ? ` (${flaky})` : ''}${tests.skipped ? `, ${tests.skipped} skipped` : ''}`,
      );
    if (tests.failed && flaky) notes.push(flaky);
    failures.push(...junit.failures);
    notes.push(...junit.notes);
  }
  const levels = findingTotals(collected.findings);
  if (collected.findings.length) {
    const counted = LEVELS.filter((l) => levels[l] > 0)
      .map((l) => `${levels[l]} ${l}`)
      .join(', ');
    const blocking = LEVELS.filter((l) => failsAt(l, failOn)).reduce((n, l) => n + levels[l], 0);
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
    details: renderReports(collected, failOn, tests, levels, junitDetails),
  };
}

/** `tests` and `levels` are the totals judgeReports already counted over `collected`. */
function renderReports(
  collected: CollectedReports,
  failOn: SarifFailOn,
  tests: TestTotals | undefined,
  levels: Record<FindingLevel, number>,
  junitDetails: string[] = [],
): string {
  const parts: string[] = [];
  if (tests) {
    parts.push(
      [
        '| tests | passed | failed | skipped |',
        '|---:|---:|---:|---:|',
        `| ${tests.total} | ${tests.passed} | ${tests.failed} | ${tests.skipped} |`,
      ].join('\n'),
      ...junitDetails,
    );
  }
  if (collected.findings.length) {
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
