import { readFileSync } from 'node:fs';
import {
  MAX_ANNOTATION_BYTES,
  batches,
  findingAnnotations,
  findingTotals,
  sarifFails,
  testAnnotations,
  totals,
  truncateBytes,
  truncateChars,
} from '../../src/reports/annotations.js';
import { parseJUnit } from '../../src/reports/junit.js';
import type { FindingReport, TestReport } from '../../src/reports/model.js';
import { parseSarif } from '../../src/reports/sarif.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/reports/${name}`, import.meta.url), 'utf8');

describe('testAnnotations', () => {
  it('annotates each failed or errored case at its file and line', () => {
    const report = parseJUnit('reports/pytest.xml', fixture('pytest.xml'));
    const annotations = testAnnotations(report);
    expect(annotations.map((a) => [a.level, a.title, a.path, a.startLine, a.endLine])).toEqual([
      ['failure', 'test_discount', 'tests/test_cart.py', 18, 18],
      ['failure', 'test_coupon[HALF-50]', 'tests/test_cart.py', 27, 27],
      ['failure', 'test_query', 'tests/conftest.py', 9, 9],
    ]);
    expect(annotations[1]?.message).toBe("KeyError: 'unknown coupon HALF'");
    expect(annotations[1]?.rawDetails).toContain('shop/coupons.py:12: KeyError');
  });

  it('falls back to the report file, line 1, when the case has no location', () => {
    const report = parseJUnit('reports/go.xml', fixture('go-junit-report.xml'));
    const annotations = testAnnotations(report);
    expect(annotations).toHaveLength(5);
    expect(annotations.find((a) => a.title === 'TestCoupons')).toEqual({
      path: 'reports/go.xml',
      startLine: 1,
      endLine: 1,
      level: 'failure',
      title: 'TestCoupons',
      message: 'Failed',
    });
  });

  it('uses a file without a line at line 1, and a default message', () => {
    const report: TestReport = {
      format: 'junit',
      path: 'r.xml',
      suites: [
        {
          name: 's',
          timeMs: 0,
          cases: [
            { name: 'a', result: 'error', timeMs: 0, file: 'src/a.ts' },
            { name: 'b', result: 'failed', timeMs: 0 },
            { name: 'c', result: 'passed', timeMs: 0, file: 'src/c.ts', line: 3 },
            { name: 'd', result: 'skipped', timeMs: 0 },
          ],
        },
      ],
    };
    expect(testAnnotations(report)).toEqual([
      { path: 'src/a.ts', startLine: 1, endLine: 1, level: 'failure', title: 'a', message: 'Test errored' },
      { path: 'r.xml', startLine: 1, endLine: 1, level: 'failure', title: 'b', message: 'Test failed' },
    ]);
  });

  it('keeps titles within 255 characters and messages within 64 KB', () => {
    const report: TestReport = {
      format: 'junit',
      path: 'r.xml',
      suites: [
        {
          name: 's',
          timeMs: 0,
          cases: [
            {
              name: 'n'.repeat(400),
              result: 'failed',
              timeMs: 0,
              message: 'é'.repeat(70_000),
              details: 'x'.repeat(100_000),
            },
          ],
        },
      ],
    };
    const [a] = testAnnotations(report);
    expect(Array.from(a?.title ?? '')).toHaveLength(255);
    expect(Buffer.byteLength(a?.message ?? '', 'utf8')).toBeLessThanOrEqual(MAX_ANNOTATION_BYTES);
    expect(Buffer.byteLength(a?.rawDetails ?? '', 'utf8')).toBeLessThanOrEqual(MAX_ANNOTATION_BYTES);
    expect(a?.message.endsWith('(truncated)')).toBe(true);
  });
});

describe('findingAnnotations', () => {
  it('maps levels: error → failure, warning → warning, note → notice', () => {
    const report = parseSarif('reports/codeql.sarif', fixture('codeql-javascript.sarif'));
    expect(findingAnnotations(report).map((a) => [a.level, a.title, a.path, a.startLine, a.endLine])).toEqual(
      [
        ['failure', 'CodeQL: js/sql-injection', 'src/routes/search.js', 14, 14],
        ['failure', 'CodeQL: js/reflected-xss', 'src/routes/search.js', 27, 27],
        ['warning', 'CodeQL: js/missing-rate-limiting', 'src/app.js', 30, 34],
        ['notice', 'CodeQL: js/unused-local-variable', 'src/cart.js', 8, 8],
      ],
    );
  });

  it('annotates all 120 trivy findings, with level none as notice and missing locations at the report', () => {
    const report = parseSarif('reports/trivy.sarif', fixture('trivy-image.sarif'));
    const annotations = findingAnnotations(report);
    expect(annotations).toHaveLength(120);
    expect(annotations.filter((a) => a.level === 'failure')).toHaveLength(33);
    expect(annotations.filter((a) => a.level === 'warning')).toHaveLength(51);
    expect(annotations.filter((a) => a.level === 'notice')).toHaveLength(36);
    expect(annotations[0]?.rawDetails).toContain(
      'More information: https://avd.aquasec.com/nvd/cve-2022-1439',
    );
    expect(batches(annotations).map((b) => b.length)).toEqual([50, 50, 20]);

    const bare: FindingReport = {
      format: 'sarif',
      path: 'r.sarif',
      findings: [{ ruleId: 'x', level: 'none', message: '', tool: 't' }],
    };
    expect(findingAnnotations(bare)).toEqual([
      { path: 'r.sarif', startLine: 1, endLine: 1, level: 'notice', title: 't: x', message: 'x' },
    ]);
  });
});

describe('sarifFails', () => {
  const report = (...levels: Array<'error' | 'warning' | 'note' | 'none'>): FindingReport => ({
    format: 'sarif',
    path: 'r',
    findings: levels.map((level) => ({ ruleId: 'r', level, message: 'm', tool: 't' })),
  });

  it.each([
    [['error'], 'error', true],
    [['warning'], 'error', false],
    [['warning'], 'warning', true],
    [['note'], 'warning', false],
    [['note'], 'note', true],
    [['none'], 'note', false],
    [['error'], 'none', false],
    [[], 'note', false],
  ] as const)('%j with fail-on %s → %s', (levels, failOn, expected) => {
    expect(sarifFails(report(...levels), failOn)).toBe(expected);
  });

  it('works over several reports and on the fixtures', () => {
    expect(sarifFails([report('note'), report('warning')], 'warning')).toBe(true);
    const grype = parseSarif('g', fixture('grype-image.sarif'));
    expect(sarifFails(grype, 'error')).toBe(false);
    expect(sarifFails(grype, 'warning')).toBe(true);
  });
});

describe('totals and helpers', () => {
  it('sums over one or several reports', () => {
    const jest = parseJUnit('j', fixture('jest-junit.xml'));
    const go = parseJUnit('g', fixture('go-junit-report.xml'));
    expect(totals(jest)).toEqual({ passed: 3, failed: 4, skipped: 1, total: 8 });
    expect(totals([jest, go])).toEqual({ passed: 6, failed: 9, skipped: 2, total: 17 });
    expect(totals([])).toEqual({ passed: 0, failed: 0, skipped: 0, total: 0 });
    expect(findingTotals([])).toEqual({ error: 0, warning: 0, note: 0, none: 0 });
  });

  it('batches in order', () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([])).toEqual([]);
    expect(() => batches([1], 0)).toThrow(RangeError);
  });

  it('truncates by bytes without splitting characters, and by characters', () => {
    expect(truncateBytes('abc', 3)).toBe('abc');
    const cut = truncateBytes('€'.repeat(100), 50);
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(50);
    expect(cut).not.toContain('\uFFFD');
    expect(truncateChars('abcdef', 4)).toBe('abc…');
    expect(truncateChars('😀😀😀', 3)).toBe('😀😀😀');
  });
});
