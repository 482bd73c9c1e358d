// SARIF through collectReports and judgeReports, as a security-scan check reads its reports: a path
// the repository paths cannot bring inside the checkout is annotated on the report; a schema-invalid
// log fails the check, naming the file; results that are not findings do not fail it.
import { fileURLToPath } from 'node:url';
import { collectReports } from '../../src/reports/collect.js';
import { judgeReports } from '../../src/reports/judge.js';
import { useReportRepo } from '../support/report-repo.js';

const fixtures = fileURLToPath(new URL('../fixtures/reports/sarif/', import.meta.url));

const repo = useReportRepo('iqa-sarif-', fixtures);
const { write, copy } = repo;
const sarif = (...patterns: string[]) => collectReports(repo.root, { junit: [], sarif: patterns });

beforeAll(() => {
  for (const f of ['src/cart.js', 'config/.env.production', 'src/main/java/com/acme/shop/CartService.java'])
    write(f);
  copy('eslint-formatter-sarif.sarif', 'reports/eslint.sarif');
  copy('secretlint-outside-repo.sarif', 'reports/secretlint.sarif');
  copy('axe-sarif-converter.sarif', 'reports/axe.sarif');
  copy('qodana-baseline.sarif', 'reports/qodana.sarif');
  copy('eslint-results-not-an-array.sarif', 'reports/broken/eslint.sarif');
  write(
    'reports/stylelint.sarif',
    JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'stylelint' } },
          results: [
            {
              ruleId: 'length-zero-no-unit',
              level: 'error',
              message: { text: 'Unexpected unit (length-zero-no-unit)' },
              // stylelint writes absolute paths; this one is outside the checkout and maps to no file in it.
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: '/usr/share/doc/theme/app.css' },
                    region: { startLine: 4, startColumn: 12 },
                  },
                },
              ],
            },
            {
              ruleId: 'no-descending-specificity',
              level: 'error',
              message: { text: 'Expected selector ".b" to come before ".a"' },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: 'styles/../../vendor/theme.css' },
                    region: { startLine: 9, startColumn: 1 },
                  },
                },
              ],
            },
          ],
        },
      ],
    }),
  );
});

describe('SARIF paths inside and outside the repository', () => {
  it('ESLint’s absolute runner paths land on the repository file, with columns', async () => {
    const judged = judgeReports(await sarif('reports/eslint.sarif'), 'error');
    expect(
      judged.annotations.map((a) => [a.path, a.startLine, a.endLine, a.startColumn, a.endColumn]),
    ).toEqual([
      ['src/cart.js', 2, 2, 9, 15],
      ['src/cart.js', 3, 3, 20, 22],
      ['src/cart.js', 4, 5, undefined, undefined],
      ['src/cart.js', 5, 5, 12, 13],
      ['src/cart.js', 5, 6, undefined, undefined],
      ['src/cart.js', 7, 7, 3, 14],
    ]);
  });

  it('secretlint’s ../ path outside the checkout is annotated on the report at line 1, saying where', async () => {
    const collected = await sarif('reports/secretlint.sarif');
    expect(collected.errors).toEqual([]);
    const [outside, inside] = judgeReports(collected, 'error').annotations;
    expect(inside).toMatchObject({
      path: 'config/.env.production',
      startLine: 2,
      startColumn: 1,
      endColumn: 41,
    });
    expect(outside).toMatchObject({
      path: 'reports/secretlint.sarif',
      startLine: 1,
      endLine: 1,
      level: 'failure',
    });
    expect(outside).not.toHaveProperty('startColumn');
    expect(outside?.message).toMatch(
      /^found AWS Secret Access Key: \*+\n\nLocation: \.\.\/shared-config\/\.env:1 \(outside the repository\)$/,
    );
  });

  it('an absolute path elsewhere on the machine, or one climbing out midway, is annotated on the report too', async () => {
    const [a, b] = judgeReports(await sarif('reports/stylelint.sarif'), 'error').annotations;
    expect(a).toMatchObject({ path: 'reports/stylelint.sarif', startLine: 1, endLine: 1 });
    expect(a?.message).toBe(
      'Unexpected unit (length-zero-no-unit)\n\nLocation: /usr/share/doc/theme/app.css:4 (outside the repository)',
    );
    expect(b).toMatchObject({ path: 'reports/stylelint.sarif', startLine: 1, endLine: 1 });
    expect(b?.message).toBe(
      'Expected selector ".b" to come before ".a"\n\nLocation: styles/../../vendor/theme.css:9 (outside the repository)',
    );
  });

  it('axe: the page URL goes to the report; passed and inapplicable rules are not findings', async () => {
    const judged = judgeReports(await sarif('reports/axe.sarif'), 'error');
    expect(judged.annotations.map((a) => [a.path, a.startLine, a.title])).toEqual([
      ['reports/axe.sarif', 1, 'axe-core: button-name'],
      ['reports/axe.sarif', 1, 'axe-core: image-alt'],
    ]);
    expect(judged.details).toContain('| reports/axe.sarif | 2 | 0 | 0 | 0 |');
  });
});

describe('judging', () => {
  it('a schema-invalid log fails the check, naming the file and why (never "no findings")', async () => {
    const judged = judgeReports(await sarif('reports/broken/*.sarif'), 'error');
    expect(judged.failures).toEqual([
      'report problems: reports/broken/eslint.sarif: not a valid SARIF 2.1.0 log: runs[0].results must be array (is 42)',
    ]);
    expect(judged.notes).toEqual([]);
    expect(judged.annotations).toEqual([]);
  });

  it('Qodana: the absent (fixed) error is not counted by sarif-fail-on; the new one is', async () => {
    const judged = judgeReports(await sarif('reports/qodana.sarif'), 'error');
    expect(judged.failures).toEqual(['1 SARIF finding(s) at or above error (1 error, 2 warning)']);
    expect(judged.annotations).toHaveLength(3);
  });
});
