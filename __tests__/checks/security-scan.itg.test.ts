// The security-scan recipe through the bundled CLI: a `run` check writes a SARIF report (copied from
// fixtures: no scanner is reachable offline) and reports.sarif-fail-on decides its conclusion.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFor } from '../support/fixtures.js';
import { cleanUp, cleanup, qa, repo } from './itg-support.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

const c = cleanup();
afterEach(() => cleanUp(c));

/** A check that "scans" by copying a fixture report to reports/<name>.sarif, exiting with `exit`. */
function scan(name: string, fixture: string, failOn?: string, exit = 0): string {
  const failOnLine = failOn ? `\n      sarif-fail-on: ${failOn}` : '';
  return `  - name: ${name}
    run: mkdir -p reports && cp "${join(FIXTURES, fixture)}" reports/${name}.sarif && exit ${exit}
    required: false
    reports:
      sarif: reports/${name}.sarif${failOnLine}
`;
}

test('sarif-fail-on decides a run check that exits 0, at each level', async () => {
  const checks = [
    scan('default-error', 'scan-error.sarif'),
    scan('error-on-warnings', 'scan-warning.sarif', 'error'),
    scan('warning-on-warnings', 'scan-warning.sarif', 'warning'),
    scan('warning-on-notes', 'scan-note.sarif', 'warning'),
    scan('note-on-notes', 'scan-note.sarif', 'note'),
    scan('note-on-clean', 'scan-clean.sarif', 'note'),
    scan('none-on-errors', 'scan-error.sarif', 'none'),
    scan('broken-report', 'broken.sarif'),
    scan('warned-and-failed', 'scan-note.sarif', 'error', 2),
    `  - name: scanner-crashed
    run: 'echo "scanner: database download failed" >&2; exit 2'
    required: false
    reports: { sarif: reports/scanner-crashed.sarif }
`,
    `  - name: tests-red
    run: mkdir -p reports && cp "${join(FIXTURES, 'junit-one-failure.xml')}" reports/junit.xml
    required: false
    reports: { junit: reports/junit.xml }
`,
  ].join('');
  const r = repo(c, configFor('hello-security-scan', checks));
  const { code, record, checks: byName } = await qa(c, r);
  expect(code).toBe(0); // every check is optional: only the conclusions matter here
  expect(record.verdict).toBe('passed');
  const conclusions = Object.fromEntries(Object.entries(byName).map(([n, v]) => [n, v.conclusion]));
  expect(conclusions).toEqual({
    'default-error': 'failure',
    'error-on-warnings': 'success',
    'warning-on-warnings': 'failure',
    'warning-on-notes': 'success',
    'note-on-notes': 'failure',
    'note-on-clean': 'success',
    'none-on-errors': 'success',
    'broken-report': 'failure', // a scan whose report cannot be read proves nothing
    'warned-and-failed': 'failure',
    'scanner-crashed': 'failure',
    'tests-red': 'failure',
  });
  expect(byName['default-error']!.summary).toBe(
    'exited with 0; 1 SARIF finding(s) at or above error (1 error, 1 warning)',
  );
  expect(byName['warning-on-warnings']!.summary).toBe(
    'exited with 0; 1 SARIF finding(s) at or above warning (1 warning, 1 note)',
  );
  expect(byName['error-on-warnings']!.summary).toBe(
    'exited with 0; SARIF: 1 warning, 1 note (fails on error and above)',
  );
  expect(byName['note-on-notes']!.summary).toBe(
    'exited with 0; 1 SARIF finding(s) at or above note (1 note)',
  );
  expect(byName['none-on-errors']!.summary).toBe(
    'exited with 0; SARIF: 1 error, 1 warning (sarif-fail-on: none)',
  );
  expect(byName['broken-report']!.summary).toMatch(
    /^exited with 0; report problems: reports\/broken-report\.sarif: .*JSON/,
  );
  expect(byName['scanner-crashed']!.summary).toBe(
    'exited with 2; report problems: sarif: no file matches "reports/scanner-crashed.sarif"',
  );
  expect(byName['warned-and-failed']!.summary).toBe(
    'exited with 2; SARIF: 1 note (fails on error and above)',
  );
  expect(byName['tests-red']!.summary).toBe('exited with 0; 1 of 2 test(s) failed');
});
