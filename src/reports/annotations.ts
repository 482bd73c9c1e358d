// Report model → check-run annotations, totals and the SARIF fail rule. Everything returned here
// already fits GitHub's limits (title ≤ 255 chars, message/raw_details ≤ 64 KB); batching to 50
// per request is the caller's job (see batches()).
import { plainText } from '../model/plain-text.js';
import type { Annotation, TestTotals } from '../model/results.js';
import type { FindingLevel, FindingReport, TestReport } from './model.js';

export type SarifFailOn = 'error' | 'warning' | 'note' | 'none';

/** GitHub accepts at most this many annotations per check-run create/update request. */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;
export const MAX_ANNOTATION_TITLE = 255;
/** "The maximum size is 64 KB" for message and raw_details; kept under it in UTF-8 bytes. */
export const MAX_ANNOTATION_BYTES = 64 * 1024 - 1;

const TRUNCATED = '\n… (truncated)';

function list<T extends object>(x: T | readonly T[]): readonly T[] {
  return Array.isArray(x) ? (x as readonly T[]) : [x as T];
}

/** Cut `s` to at most `maxBytes` UTF-8 bytes (never inside a character), marking the cut. */
export function truncateBytes(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  const budget = maxBytes - Buffer.byteLength(TRUNCATED, 'utf8');
  let out = Buffer.from(s, 'utf8').subarray(0, Math.max(0, budget)).toString('utf8');
  // A cut multi-byte character decodes to U+FFFD: drop it.
  out = out.replace(/\uFFFD$/, '');
  return out + TRUNCATED;
}

/** Cut `s` to at most `max` characters (code points), ending with an ellipsis when cut. */
export function truncateChars(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function annotation(
  level: Annotation['level'],
  path: string,
  startLine: number | undefined,
  endLine: number | undefined,
  title: string,
  message: string,
  rawDetails?: string,
  columns: { start?: number; end?: number } = {},
): Annotation {
  // Test frameworks colour their failure text (jest's code frames): GitHub shows escapes raw.
  title = plainText(title);
  message = plainText(message);
  rawDetails = rawDetails === undefined ? undefined : plainText(rawDetails);
  const start = startLine !== undefined && startLine > 0 ? startLine : 1;
  const end = endLine !== undefined && endLine >= start ? endLine : start;
  const a: Annotation = {
    path,
    startLine: start,
    endLine: end,
    level,
    title: truncateChars(title.trim() || 'unnamed', MAX_ANNOTATION_TITLE),
    message: truncateBytes(message.trim() || title, MAX_ANNOTATION_BYTES),
  };
  if (rawDetails && rawDetails.trim() && rawDetails.trim() !== message.trim()) {
    a.rawDetails = truncateBytes(rawDetails, MAX_ANNOTATION_BYTES);
  }
  // GitHub takes columns on a one-line annotation only.
  if (start === end && columns.start !== undefined && columns.start > 0) {
    a.startColumn = columns.start;
    if (columns.end !== undefined && columns.end >= columns.start) a.endColumn = columns.end;
  }
  return a;
}

/** One `failure` annotation per failed or errored test case, at its file/line, else the report's line 1. */
export function testAnnotations(report: TestReport): Annotation[] {
  const out: Annotation[] = [];
  for (const suite of report.suites) {
    for (const c of suite.cases) {
      if (c.result !== 'failed' && c.result !== 'error') continue;
      const fallback = c.result === 'error' ? 'Test errored' : 'Test failed';
      const path = c.file ?? report.path;
      const line = c.file ? c.line : 1;
      out.push(
        annotation(
          'failure',
          path,
          line,
          line,
          c.name || c.classname || suite.name,
          c.message ?? fallback,
          c.details,
        ),
      );
    }
  }
  return out;
}

const FINDING_LEVEL: Record<FindingLevel, Annotation['level']> = {
  error: 'failure',
  warning: 'warning',
  note: 'notice',
  none: 'notice',
};

/**
 * One annotation per finding: error → failure, warning → warning, note/none → notice; columns
 * (a one-line region's) as the finding gives them.
 */
export function findingAnnotations(report: FindingReport): Annotation[] {
  return report.findings.map((f) =>
    annotation(
      FINDING_LEVEL[f.level],
      f.path ?? report.path,
      f.path ? f.startLine : 1,
      f.path ? f.endLine : 1,
      `${f.tool}: ${f.ruleId}`,
      f.message || f.ruleId,
      f.helpUri ? `${f.message}\n\nMore information: ${f.helpUri}` : undefined,
      f.path ? { start: f.startColumn, end: f.endColumn } : {},
    ),
  );
}

const SEVERITY: Record<FindingLevel, number> = { none: 0, note: 1, warning: 2, error: 3 };

/** True when a finding of `level` is at or above `failOn` (`none`: never). Level `none` never fails. */
export function failsAt(level: FindingLevel, failOn: SarifFailOn): boolean {
  return failOn !== 'none' && level !== 'none' && SEVERITY[level] >= SEVERITY[failOn];
}

/** True when a finding is at or above `failOn` (`none`: never). Findings of level `none` never fail. */
export function sarifFails(report: FindingReport | readonly FindingReport[], failOn: SarifFailOn): boolean {
  return list(report).some((r) => r.findings.some((f) => failsAt(f.level, failOn)));
}

/**
 * Passed / failed (failed + errored) / skipped / total over one or more reports, with what a suite
 * without cases declares; `flaky` (of the passed) only when there are any.
 */
export function totals(report: TestReport | readonly TestReport[]): TestTotals {
  const reports = list(report);
  const t: TestTotals = { passed: 0, failed: 0, skipped: 0, total: 0 };
  let flaky = 0;
  for (const r of reports) {
    for (const suite of r.suites) {
      if (suite.declared) {
        const { tests, failures, errors, skipped } = suite.declared;
        t.total += tests;
        t.failed += failures + errors;
        t.skipped += skipped;
        t.passed += Math.max(0, tests - failures - errors - skipped);
      }
      for (const c of suite.cases) {
        t.total++;
        if (c.result === 'passed') {
          t.passed++;
          if (c.flaky) flaky++;
        } else if (c.result === 'skipped') t.skipped++;
        else t.failed++;
      }
    }
  }
  if (flaky) t.flaky = flaky;
  return t;
}

/** Count of findings per level. */
export function findingTotals(
  report: FindingReport | readonly FindingReport[],
): Record<FindingLevel, number> {
  const reports = list(report);
  const t: Record<FindingLevel, number> = { error: 0, warning: 0, note: 0, none: 0 };
  for (const r of reports) for (const f of r.findings) t[f.level]++;
  return t;
}

/** Split into consecutive batches of at most `size` (GitHub: 50 annotations per request). */
export function batches<T>(items: readonly T[], size = MAX_ANNOTATIONS_PER_REQUEST): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
