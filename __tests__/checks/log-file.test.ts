// A check's log file, <report dir>/checks/<name>.log, made in one place (checks/log-file.ts): the
// streamed log of a run check, and the whole log of a check that ended without one.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCheckLog, withLogFile } from '../../src/checks/log-file.js';
import { WriteError } from '../../src/model/errors.js';
import type { CheckResult } from '../../src/model/results.js';

let reportDir: string;
beforeEach(() => (reportDir = join(mkdtempSync(join(tmpdir(), 'iqa-logfile-')), '.immutable-qa')));
afterEach(() => rmSync(join(reportDir, '..'), { recursive: true, force: true }));

const result = (over: Partial<CheckResult> = {}): CheckResult => ({
  name: 'api',
  kind: 'http',
  required: true,
  conclusion: 'failure',
  summary: 'GET /healthz answered 503',
  startedAt: '',
  completedAt: '',
  durationMs: 1,
  annotations: [],
  ...over,
});

test('a run check streams into checks/<name>.log, the directory made', async () => {
  const log = await openCheckLog(reportDir, 'unit');
  expect(log).toMatchObject({ dir: join(reportDir, 'checks'), file: join(reportDir, 'checks', 'unit.log') });
  log.write('PASS a.test.js\n');
  log.write(Buffer.from('done\n'));
  await log.close();
  expect(readFileSync(log.file, 'utf8')).toBe('PASS a.test.js\ndone\n');
});

test('a failed write is a WriteError naming the file, at close', async () => {
  mkdirSync(join(reportDir, 'checks'), { recursive: true });
  symlinkSync('/dev/full', join(reportDir, 'checks', 'noisy.log'));
  const log = await openCheckLog(reportDir, 'noisy');
  log.write('x'.repeat(1024));
  const error: unknown = await log.close().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WriteError);
  expect((error as WriteError).path).toBe(join(reportDir, 'checks', 'noisy.log'));
});

test('a check without a log of its own gets its summary, tail and details in the same place', async () => {
  const written = await withLogFile(
    result({ logTail: 'attempt 1: 503', details: '| p95 | 12 ms |' }),
    reportDir,
  );
  expect(written.logFile).toBe(join(reportDir, 'checks', 'api.log'));
  expect(readFileSync(written.logFile!, 'utf8')).toBe(
    'GET /healthz answered 503\n\nattempt 1: 503\n\n| p95 | 12 ms |\n',
  );
});

test('an unwritable log leaves the result as it was', async () => {
  mkdirSync(reportDir, { recursive: true });
  symlinkSync('/dev/full', join(reportDir, 'checks')); // not a directory: mkdir fails
  const before = result();
  expect(await withLogFile(before, reportDir)).toEqual(before);
});
