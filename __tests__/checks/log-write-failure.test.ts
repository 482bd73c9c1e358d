// A check's log on a full disk (/dev/full): no unhandled 'error' event, every check runs to its
// end, then the run is an infrastructure error (WriteError, exit 3) naming the log file.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecks } from '../../src/checks/runner.js';
import { toCheck } from '../../src/config/checks.js';
import { checkSchema } from '../../src/config/schema.js';
import { WriteError } from '../../src/model/errors.js';
import { checkContext } from '../support/check-context.js';
import type { CheckResult } from '../../src/model/results.js';

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'iqa-logfail-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('a full disk under one check log: the other check completes, then a WriteError names the file', async () => {
  const reportDir = join(root, '.immutable-qa');
  mkdirSync(join(reportDir, 'checks'), { recursive: true });
  symlinkSync('/dev/full', join(reportDir, 'checks', 'noisy.log'));
  const checks = [
    toCheck(checkSchema.parse({ name: 'noisy', run: 'seq 1 100000' })),
    toCheck(checkSchema.parse({ name: 'quiet', run: 'sleep 0.3; echo done' })),
  ];
  const ctx = checkContext(root);
  const completed: CheckResult[] = [];
  const error = await runChecks(checks, ctx, { onComplete: (r) => void completed.push(r) }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WriteError);
  expect((error as WriteError).path).toBe(join(reportDir, 'checks', 'noisy.log'));
  expect((error as WriteError).message).toMatch(/ENOSPC/);
  expect(completed.map((r) => [r.name, r.conclusion]).sort()).toEqual([
    ['noisy', 'failure'],
    ['quiet', 'success'],
  ]);
});
