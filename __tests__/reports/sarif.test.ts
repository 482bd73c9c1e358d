import { readFileSync } from 'node:fs';
import { findingTotals } from '../../src/reports/annotations.js';
import type { FindingReport } from '../../src/reports/model.js';
import { ReportParseError } from '../../src/reports/parse-error.js';
import { parseSarif } from '../../src/reports/sarif.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/reports/${name}`, import.meta.url), 'utf8');
const parse = (name: string): FindingReport => parseSarif(`reports/${name}`, fixture(name));

const log = (run: Record<string, unknown>): string => JSON.stringify({ version: '2.1.0', runs: [run] });

describe('parseSarif: trivy image scan (120 results)', () => {
  const report = parse('trivy-image.sarif');

  it('reads all 120 results with their levels', () => {
    expect(report.format).toBe('sarif');
    expect(report.path).toBe('reports/trivy-image.sarif');
    expect(report.findings).toHaveLength(120);
    expect(findingTotals(report)).toEqual({ error: 33, warning: 51, note: 36, none: 0 });
    expect(new Set(report.findings.map((f) => f.tool))).toEqual(new Set(['Trivy']));
  });

  it('maps locations and help links', () => {
    const [first] = report.findings;
    expect(first).toMatchObject({
      ruleId: 'CVE-2022-1439',
      level: 'error',
      tool: 'Trivy',
      path: 'ghcr.io/acme/shop',
      startLine: 1,
      endLine: 1,
      helpUri: 'https://avd.aquasec.com/nvd/cve-2022-1439',
    });
    expect(first?.message).toContain('Package: zlib\nInstalled Version: 1.3-r2');
    const lockfile = report.findings.filter((f) => f.path === 'app/package-lock.json');
    expect(lockfile).toHaveLength(52);
    for (const f of lockfile) expect(f.endLine).toBeGreaterThan(f.startLine ?? Infinity);
  });
});

describe('parseSarif: grype (no levels anywhere)', () => {
  const report = parse('grype-image.sarif');

  it("defaults every result to 'warning'", () => {
    expect(report.findings).toHaveLength(7);
    expect(findingTotals(report)).toEqual({ error: 0, warning: 7, note: 0, none: 0 });
    expect(report.findings[2]).toMatchObject({
      ruleId: 'GHSA-9wv6-86v2-598j-path-to-regexp',
      tool: 'grype',
      path: 'image/app/package-lock.json',
      startLine: 1,
      helpUri: 'https://github.com/anchore/grype',
    });
  });
});

describe('parseSarif: CodeQL (rules in a tool extension)', () => {
  const report = parse('codeql-javascript.sarif');

  it('takes levels from the extension rules and drops suppressed results', () => {
    expect(report.findings.map((f) => [f.ruleId, f.level, f.path, f.startLine, f.endLine])).toEqual([
      ['js/sql-injection', 'error', 'src/routes/search.js', 14, 14],
      ['js/reflected-xss', 'error', 'src/routes/search.js', 27, 27],
      ['js/missing-rate-limiting', 'warning', 'src/app.js', 30, 34],
      ['js/unused-local-variable', 'note', 'src/cart.js', 8, 8],
    ]);
    expect(report.findings.every((f) => f.tool === 'CodeQL')).toBe(true);
  });

  it('turns related-location links into plain text', () => {
    expect(report.findings[0]?.message).toBe('This query string depends on a user-provided value.');
  });
});

describe('parseSarif: level resolution and shapes', () => {
  const rules = [
    { id: 'R1', defaultConfiguration: { level: 'error' } },
    { id: 'R2' },
    {
      id: 'R3',
      defaultConfiguration: { level: 'note' },
      messageStrings: { default: { text: 'Use {0} not {1}.' } },
    },
  ];
  const run = {
    tool: { driver: { name: 'lint', rules } },
    artifacts: [{ location: { uri: 'src/by%20index.ts' } }],
    results: [
      { ruleId: 'R1', level: 'note', message: { text: 'explicit level wins' } },
      { ruleId: 'R1', message: { text: 'rule default' } },
      { ruleIndex: 1, message: { text: 'no level anywhere' } },
      { ruleId: 'R1', kind: 'review', message: { text: 'kind other than fail' } },
      { ruleId: 'R1', kind: 'fail', message: { text: 'kind fail' } },
      { ruleId: 'R3', message: { id: 'default', arguments: ['const', 'var'] } },
      { ruleId: 'R1/sub', message: { text: 'hierarchical id' } },
      {
        ruleId: 'R2',
        message: { text: 'by artifact index' },
        locations: [{ physicalLocation: { artifactLocation: { index: 0 }, region: { startLine: 3 } } }],
      },
      {
        ruleId: 'R2',
        message: { text: 'file uri' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'file:///home/runner/work/a/a/src/x.ts' },
              region: { startLine: 9, endLine: 7 },
            },
          },
        ],
      },
      {
        ruleId: 'R2',
        message: { text: 'rejected suppression' },
        suppressions: [{ kind: 'external', status: 'rejected' }],
      },
      {
        ruleId: 'R2',
        message: { text: 'accepted suppression' },
        suppressions: [{ kind: 'external', status: 'accepted' }],
      },
    ],
  };
  const report = parseSarif('r.sarif', log(run));

  it('follows result.level > kind > rule default > warning', () => {
    expect(report.findings.map((f) => [f.message, f.level])).toEqual([
      ['explicit level wins', 'note'],
      ['rule default', 'error'],
      ['no level anywhere', 'warning'],
      ['kind other than fail', 'none'],
      ['kind fail', 'error'],
      ['Use const not var.', 'note'],
      ['hierarchical id', 'error'],
      ['by artifact index', 'warning'],
      ['file uri', 'warning'],
      ['rejected suppression', 'warning'],
    ]);
  });

  it('resolves artifact indexes, file URIs, percent-encoding and inverted regions', () => {
    expect(report.findings[7]).toMatchObject({ path: 'src/by index.ts', startLine: 3, endLine: 3 });
    expect(report.findings[8]).toMatchObject({
      path: '/home/runner/work/a/a/src/x.ts',
      startLine: 9,
      endLine: 9,
    });
    expect(report.findings[0]?.path).toBeUndefined();
    expect(report.findings[2]?.ruleId).toBe('R2');
  });

  it('reads every run, naming each tool', () => {
    const two = JSON.stringify({
      version: '2.1.0',
      runs: [
        { tool: { driver: { name: 'a' } }, results: [{ ruleId: 'x', message: { text: 'm' } }] },
        { tool: { driver: { name: 'b' } }, results: [{ ruleId: 'y', message: { text: 'n' } }] },
        { tool: { driver: { name: 'c' } } },
      ],
    });
    expect(parseSarif('r', two).findings.map((f) => `${f.tool}/${f.ruleId}`)).toEqual(['a/x', 'b/y']);
  });

  it('rejects invalid JSON, non-SARIF JSON and other SARIF versions', () => {
    expect(() => parseSarif('reports/a.sarif', '{"runs": [')).toThrow(ReportParseError);
    expect(() => parseSarif('reports/a.sarif', '{"runs": [')).toThrow(/^reports\/a\.sarif: not valid JSON: /);
    expect(() => parseSarif('reports/a.sarif', '{"results": []}')).toThrow(
      'reports/a.sarif: not a SARIF log (no "runs" array)',
    );
    expect(() => parseSarif('reports/a.sarif', '{"version": "1.0.0", "runs": []}')).toThrow(
      'reports/a.sarif: SARIF version 1.0.0 is not supported, expected 2.1.0',
    );
    const bogus = log({
      tool: { driver: { name: 'lint' } },
      results: [{ ruleId: 'R1', level: 'bogus', message: { text: 'invalid level' } }],
    });
    expect(() => parseSarif('reports/a.sarif', bogus)).toThrow(
      'reports/a.sarif: not a valid SARIF 2.1.0 log: runs[0].results[0].level is "bogus", not one of "none", "note", "warning", "error"',
    );
  });
});
