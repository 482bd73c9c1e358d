// SARIF as real tools write it (fixtures/reports/sarif/README.md says which tool and version each
// reproduces): schema-invalid logs are refused, only file locations become paths, results that
// passed, did not apply or were fixed since the baseline are not findings, one-line regions keep
// their columns.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { findingAnnotations, findingTotals, sarifFails } from '../../src/reports/annotations.js';
import type { FindingReport } from '../../src/reports/model.js';
import { ReportParseError } from '../../src/reports/parse-error.js';
import { parseSarif } from '../../src/reports/sarif.js';
import { SARIF_SCHEMA_SHA256, sarifSchemaProblems } from '../../src/reports/sarif-schema.js';

const dir = new URL('../fixtures/reports/sarif/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
const parse = (name: string): FindingReport => parseSarif(`reports/${name}`, fixture(name));
const log = (run: Record<string, unknown>): string => JSON.stringify({ version: '2.1.0', runs: [run] });
const tool = { driver: { name: 'scanner' } };

describe('the SARIF 2.1.0 schema', () => {
  it('is the vendored copy of the SARIF SDK schema, unmodified', () => {
    const bytes = readFileSync(new URL('../../src/reports/sarif-2.1.0.schema.json', import.meta.url));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(SARIF_SCHEMA_SHA256);
  });

  it('accepts every valid fixture, from every tool', () => {
    const logs = [
      ...readdirSync(dir).filter((f) => f.endsWith('.sarif') && f !== 'eslint-results-not-an-array.sarif'),
      ...['codeql-javascript.sarif', 'grype-image.sarif', 'trivy-image.sarif'].map((f) => `../${f}`),
      ...['scan-clean', 'scan-error', 'scan-note', 'scan-warning'].map(
        (f) => `../../../checks/fixtures/${f}.sarif`,
      ),
    ];
    expect(logs.length).toBeGreaterThanOrEqual(13);
    for (const f of logs) expect([f, sarifSchemaProblems(JSON.parse(fixture(f)))]).toEqual([f, []]);
  });
});

describe('fail closed: a log of the wrong shape is an unreadable report, never "0 findings"', () => {
  it('ESLint’s log with "results": 42 is refused, naming the file and the place', () => {
    // Today's parser read it as a run without results: a clean scan.
    expect(() => parse('eslint-results-not-an-array.sarif')).toThrow(ReportParseError);
    expect(() => parse('eslint-results-not-an-array.sarif')).toThrow(
      'reports/eslint-results-not-an-array.sarif: not a valid SARIF 2.1.0 log: runs[0].results must be array (is 42)',
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['runs is an object', { runs: {} }, 'not a SARIF log (no "runs" array)'],
    [
      'a run without its tool',
      { runs: [{ results: [] }] },
      'not a valid SARIF 2.1.0 log: runs[0] must have "tool"',
    ],
    [
      'locations written as a string',
      { runs: [{ tool, results: [{ ruleId: 'x', message: { text: 'm' }, locations: 'a.js:3' }] }] },
      'not a valid SARIF 2.1.0 log: runs[0].results[0].locations must be array (is "a.js:3")',
    ],
    [
      'a result without a message',
      { runs: [{ tool, results: [{ ruleId: 'x' }] }] },
      'not a valid SARIF 2.1.0 log: runs[0].results[0] must have "message"',
    ],
    [
      'a message with neither text nor id',
      { runs: [{ tool, results: [{ ruleId: 'x', message: {} }] }] },
      'not a valid SARIF 2.1.0 log: runs[0].results[0].message must have one of "text", "id"',
    ],
    [
      'a level SARIF does not have',
      { runs: [{ tool, results: [{ ruleId: 'x', level: 'info', message: { text: 'm' } }] }] },
      'not a valid SARIF 2.1.0 log: runs[0].results[0].level is "info", not one of "none", "note", "warning", "error"',
    ],
    [
      'a property SARIF does not define',
      { runs: [{ tool, results: [{ ruleId: 'x', severity: 'high', message: { text: 'm' } }] }] },
      'not a valid SARIF 2.1.0 log: runs[0].results[0] has a property SARIF does not define: "severity"',
    ],
    [
      'line 0',
      {
        runs: [
          {
            tool,
            results: [
              {
                ruleId: 'x',
                message: { text: 'm' },
                locations: [
                  { physicalLocation: { artifactLocation: { uri: 'a.js' }, region: { startLine: 0 } } },
                ],
              },
            ],
          },
        ],
      },
      'not a valid SARIF 2.1.0 log: runs[0].results[0].locations[0].physicalLocation.region.startLine must be >= 1 (is 0)',
    ],
    [
      'no version',
      { runs: [{ tool, results: [] }] },
      'not a valid SARIF 2.1.0 log: the log must have "version"',
    ],
    [
      'no run has results: the tool reported no scan',
      { version: '2.1.0', runs: [{ tool }] },
      'no run in this SARIF log has "results": the tool reported no scan, not a clean one',
    ],
    [
      'no run at all',
      { version: '2.1.0', runs: [] },
      'no run in this SARIF log has "results": the tool reported no scan, not a clean one',
    ],
  ])('%s', (name, doc, why) => {
    const json = JSON.stringify(name === 'no version' ? doc : { version: '2.1.0', ...doc });
    expect(() => parseSarif('scan/x.sarif', json)).toThrow(ReportParseError);
    expect(() => parseSarif('scan/x.sarif', json)).toThrow(`scan/x.sarif: ${why}`);
  });

  it('uniqueItems is not checked: a repeated artifact is let through, and 20,000 artifacts stay linear', () => {
    const artifacts = Array.from({ length: 20_000 }, (_, i) => ({
      location: { uri: `file:///home/runner/work/shop/shop/src/d${i % 97}/f${i}.js` },
    }));
    artifacts.push({ location: { uri: 'file:///home/runner/work/shop/shop/src/d0/f0.js' } });
    const started = Date.now();
    const report = parseSarif(
      'r.sarif',
      log({ tool, artifacts, results: [{ ruleId: 'x', message: { text: 'm' } }] }),
    );
    expect(report.findings).toHaveLength(1);
    // Checked pairwise (ajv's uniqueItems) this took 17 s.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a URI that is not a well-formed URI is not an error (as upload-sarif): the location decides', () => {
    const report = parseSarif(
      'r.sarif',
      log({
        tool: { driver: { name: 'scanner', informationUri: 'not a uri' } },
        results: [
          {
            ruleId: 'x',
            message: { text: 'm' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'src/my file[1].ts' } } }],
          },
        ],
      }),
    );
    expect(report.findings[0]?.path).toBe('src/my file[1].ts');
  });
});

describe('only file locations become annotation paths', () => {
  it('axe (axe-sarif-converter): a page URL is not a file; the finding goes to the report, saying where', () => {
    const report = parse('axe-sarif-converter.sarif');
    expect(report.findings.map((f) => [f.ruleId, f.level, f.path])).toEqual([
      ['button-name', 'error', undefined],
      ['image-alt', 'error', undefined],
    ]);
    expect(report.findings[0]?.message).toMatch(
      /^Fix any of the following: Element does not have inner text[^]*\n\nLocation: https:\/\/shop\.example\.test\/cart:1 \(not a file\)$/,
    );
    const [annotation] = findingAnnotations(report);
    expect(annotation).toMatchObject({
      path: 'reports/axe-sarif-converter.sarif',
      startLine: 1,
      endLine: 1,
      level: 'failure',
      title: 'axe-core: button-name',
    });
    expect(annotation?.startColumn).toBeUndefined();
  });

  it('grype on an SBOM: an empty URI names no file', () => {
    const report = parse('grype-sbom-empty-uri.sarif');
    expect(report.findings).toHaveLength(3);
    for (const f of report.findings) {
      expect(f.path).toBeUndefined();
      expect(f.message).toMatch(/\n\nLocation: \(an empty URI\):1 \(names no file\)$/);
    }
    expect(new Set(findingAnnotations(report).map((a) => `${a.path}:${a.startLine}`))).toEqual(
      new Set(['reports/grype-sbom-empty-uri.sarif:1']),
    );
  });

  it.each([
    ['host://node-1/etc/kubernetes/kubelet.conf', undefined, 'host://node-1/etc/kubernetes/kubelet.conf:4'],
    ['https://example.test/app.js', undefined, 'https://example.test/app.js:4'],
    [
      'urn:uuid:6e04e237-f14b-4ff9-9cd8-e037a10cb510',
      undefined,
      'urn:uuid:6e04e237-f14b-4ff9-9cd8-e037a10cb510:4',
    ],
    ['file://build-host/share/src/x.c', undefined, 'file://build-host/share/src/x.c:4'],
    ['js/app.js', 'SITE', 'https://shop.example.test/static/js/app.js:4'],
  ])('%s (uriBaseId %s) is not a file', (uri, uriBaseId, shown) => {
    const report = parseSarif(
      'r.sarif',
      log({
        tool,
        originalUriBaseIds: {
          SITE: { uri: 'static/', uriBaseId: 'ORIGIN' },
          ORIGIN: { uri: 'https://shop.example.test/' },
        },
        results: [
          {
            ruleId: 'x',
            message: { text: 'm' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri, ...(uriBaseId ? { uriBaseId } : {}) },
                  region: { startLine: 4, startColumn: 2, endColumn: 9 },
                },
              },
            ],
          },
        ],
      }),
    );
    expect(report.findings[0]).toEqual({
      ruleId: 'x',
      level: 'warning',
      tool: 'scanner',
      message: `m\n\nLocation: ${shown} (${uri.startsWith('file://') ? 'a file on another host (build-host)' : 'not a file'})`,
    });
  });

  it('file locations are still paths: relative, file:///, absolute, Windows, under a file uriBaseId', () => {
    const at = (uri: string, uriBaseId?: string) =>
      parseSarif(
        'r.sarif',
        log({
          tool,
          originalUriBaseIds: { SRCROOT: { uri: 'file:///home/runner/work/shop/shop/' } },
          results: [
            {
              ruleId: 'x',
              message: { text: 'm' },
              locations: [
                { physicalLocation: { artifactLocation: { uri, ...(uriBaseId ? { uriBaseId } : {}) } } },
              ],
            },
          ],
        }),
      ).findings[0]?.path;
    expect(at('src/a.ts')).toBe('src/a.ts');
    expect(at('./src/./b.ts')).toBe('src/b.ts');
    expect(at('src/a.ts', 'SRCROOT')).toBe('src/a.ts');
    expect(at('src/a.ts', 'UNKNOWN')).toBe('src/a.ts');
    expect(at('file:///home/runner/work/shop/shop/src/../src/a.ts')).toBe(
      '/home/runner/work/shop/shop/src/a.ts',
    );
    expect(at('file://localhost/srv/app/a.ts')).toBe('/srv/app/a.ts');
    expect(at('file:///C:/work/shop/src/a.ts')).toBe('C:/work/shop/src/a.ts');
    expect(at('C:\\work\\shop\\src\\a.ts')).toBe('C:/work/shop/src/a.ts');
    // Climbing paths are left to the repository paths (collect): `../src/a.ts` from a build directory
    // is often a repository file; one that stays outside is annotated on the report (sarif-collect).
    expect(at('../shared-config/.env')).toBe('../shared-config/.env');
  });
});

describe('what is not a finding', () => {
  it('axe: "pass" and "notApplicable" results are not findings and are not counted', () => {
    const report = parse('axe-sarif-converter.sarif');
    const all = JSON.parse(fixture('axe-sarif-converter.sarif')).runs[0].results as Array<{ kind: string }>;
    expect(all.map((r) => r.kind).sort()).toEqual(
      ['fail', 'fail', 'notApplicable', 'notApplicable', 'notApplicable', 'pass', 'pass', 'pass'].sort(),
    );
    expect(findingTotals(report)).toEqual({ error: 2, warning: 0, note: 0, none: 0 });
    expect(findingAnnotations(report)).toHaveLength(2);
  });

  it('Qodana: results fixed since the baseline ("absent") are not findings; new, unchanged and updated are', () => {
    const report = parse('qodana-baseline.sarif');
    expect(report.findings.map((f) => [f.ruleId, f.level, f.path, f.startLine])).toEqual([
      ['SqlSourceToSinkFlow', 'error', 'src/main/java/com/acme/shop/OrderRepository.java', 42],
      ['ConstantValue', 'warning', 'src/main/java/com/acme/shop/CartService.java', 27],
      ['UnusedAssignment', 'warning', 'src/main/java/com/acme/shop/CartService.java', 26],
    ]);
    expect(findingTotals(report)).toEqual({ error: 1, warning: 2, note: 0, none: 0 });
    // The two absent results: one error, one warning. Only the new error is counted by sarif-fail-on.
    const absentOnly = parseSarif(
      'q.sarif',
      JSON.stringify({
        ...JSON.parse(fixture('qodana-baseline.sarif')),
        runs: [
          {
            ...JSON.parse(fixture('qodana-baseline.sarif')).runs[0],
            results: JSON.parse(fixture('qodana-baseline.sarif')).runs[0].results.filter(
              (r: { baselineState: string }) => r.baselineState === 'absent',
            ),
          },
        ],
      }),
    );
    expect(absentOnly.findings).toEqual([]);
    expect(sarifFails(absentOnly, 'note')).toBe(false);
    expect(sarifFails(report, 'error')).toBe(true);
  });

  it('kinds "open", "review" and "informational" stay findings (level none)', () => {
    const report = parseSarif(
      'r.sarif',
      log({
        tool,
        results: ['open', 'review', 'informational', 'pass', 'notApplicable'].map((kind) => ({
          ruleId: kind,
          kind,
          message: { text: kind },
        })),
      }),
    );
    expect(report.findings.map((f) => [f.ruleId, f.level])).toEqual([
      ['open', 'none'],
      ['review', 'none'],
      ['informational', 'none'],
    ]);
  });
});

describe('columns of one-line regions', () => {
  it('ESLint (@microsoft/eslint-formatter-sarif): one-line regions keep their columns, multi-line ones drop them', () => {
    const report = parse('eslint-formatter-sarif.sarif');
    expect(
      report.findings.map((f) => [f.ruleId, f.path, f.startLine, f.endLine, f.startColumn, f.endColumn]),
    ).toEqual([
      ['no-unused-vars', '/home/runner/work/shop/shop/src/cart.js', 2, 2, 9, 15],
      ['eqeqeq', '/home/runner/work/shop/shop/src/cart.js', 3, 3, 20, 22],
      ['no-empty', '/home/runner/work/shop/shop/src/cart.js', 4, 5, undefined, undefined],
      ['no-unused-vars', '/home/runner/work/shop/shop/src/cart.js', 5, 5, 12, 13],
      ['no-empty', '/home/runner/work/shop/shop/src/cart.js', 5, 6, undefined, undefined],
      ['no-console', '/home/runner/work/shop/shop/src/cart.js', 7, 7, 3, 14],
    ]);
    const annotations = findingAnnotations(report);
    expect(annotations[0]).toMatchObject({ startLine: 2, endLine: 2, startColumn: 9, endColumn: 15 });
    expect(annotations[2]).toMatchObject({ startLine: 4, endLine: 5 });
    expect(annotations[2]).not.toHaveProperty('startColumn');
    expect(annotations[2]).not.toHaveProperty('endColumn');
  });

  it('gitleaks: a secret on one line has its span; a private key over seven lines has none', () => {
    const annotations = findingAnnotations(parse('gitleaks.sarif'));
    expect(annotations.map((a) => [a.path, a.startLine, a.endLine, a.startColumn, a.endColumn])).toEqual([
      ['config/settings.py', 12, 12, 21, 40],
      ['src/payments/client.js', 4, 4, 7, 58],
      ['deploy/id_ed25519', 1, 7, undefined, undefined],
    ]);
  });

  it('Qodana: a one-line region given as start column and length ends at start + length', () => {
    const report = parse('qodana-baseline.sarif');
    expect(report.findings.map((f) => [f.startLine, f.startColumn, f.endColumn])).toEqual([
      [42, 36, 78],
      [27, 9, 22],
      [26, 16, 17],
    ]);
  });

  it('a region with only an end column starts at column 1; an end before the start is dropped', () => {
    const region = (r: Record<string, number>) =>
      parseSarif(
        'r.sarif',
        log({
          tool,
          results: [
            {
              ruleId: 'x',
              message: { text: 'm' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'a.ts' }, region: r } }],
            },
          ],
        }),
      ).findings[0];
    expect(region({ startLine: 3, endColumn: 7 })).toMatchObject({ startColumn: 1, endColumn: 7 });
    expect(region({ startLine: 3, startColumn: 9, endColumn: 4 })).toMatchObject({ startColumn: 9 });
    expect(region({ startLine: 3, startColumn: 9, endColumn: 4 })?.endColumn).toBeUndefined();
    expect(region({ startLine: 3 })?.startColumn).toBeUndefined();
    expect(region({ startColumn: 3, endColumn: 5, charOffset: 10 })).toEqual({
      ruleId: 'x',
      level: 'warning',
      message: 'm',
      tool: 'scanner',
      path: 'a.ts',
    });
  });
});
