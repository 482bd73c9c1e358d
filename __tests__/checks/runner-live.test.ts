// Issue 12, item 10: with live output (the CLI) a run check's lines come as it prints them and are
// not printed again when it ends; every check, built-in ones too, leaves a log in the report dir.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toCheck } from '../../src/config/checks.js';
import { checkSchema, type Check } from '../../src/config/schema.js';
import { runChecks } from '../../src/checks/runner.js';
import { memoryLogger } from '../../src/model/log.js';
import { checkContext } from '../support/check-context.js';
import { localServer, type LocalServer } from '../support/local-server.js';

let root: string;
let server: LocalServer;
let url: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'iqa-live-'));
  server = await localServer();
  url = server.url;
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const check = (spec: Record<string, unknown>): Check => toCheck(checkSchema.parse(spec));

test('live lines arrive while the check runs, and its log is not printed again at the end', async () => {
  const logger = memoryLogger();
  const events: string[] = [];
  const results = await runChecks(
    [
      check({ name: 'suite', run: 'echo first; sleep 0.3; echo second >&2' }),
      check({ name: 'smoke', http: { url } }),
    ],
    checkContext(root, { logger }),
    {
      live: { write: (line) => events.push(`live ${line}`) },
      onComplete: (r) => void events.push(`done ${r.name}`),
    },
  );
  expect(results.map((r) => r.conclusion)).toEqual(['success', 'success']);
  expect(events.indexOf('live suite | first')).toBeGreaterThan(-1);
  expect(events.indexOf('live suite | first')).toBeLessThan(events.indexOf('live suite | second'));
  expect(events.indexOf('live suite | second')).toBeLessThan(events.indexOf('done suite'));
  expect(logger.lines).toContain('group: ✓ suite: exited with 0');
  expect(logger.lines.join('\n')).not.toContain('first');
  // The built-in check: what it logged is in the report dir beside the run check's log.
  const reportDir = join(root, '.immutable-qa/checks');
  expect(readFileSync(join(reportDir, 'suite.log'), 'utf8')).toBe('first\nsecond\n');
  expect(readFileSync(join(reportDir, 'smoke.log'), 'utf8')).toMatch(
    /^GET http:\/\/127\.0\.0\.1:\d+\/ → 200/,
  );
  expect(results[1]!.logFile).toBe(join(reportDir, 'smoke.log'));
});

test('without live output each log is printed once the check ended', async () => {
  const logger = memoryLogger();
  await runChecks([check({ name: 'quiet', run: 'echo only-at-the-end' })], checkContext(root, { logger }));
  expect(logger.lines).toEqual(['group: ✓ quiet: exited with 0', 'only-at-the-end\n']);
  expect(existsSync(join(root, '.immutable-qa/checks/quiet.log'))).toBe(true);
});
