// A run check ends when its shell exits: a helper or daemon still holding its output neither keeps
// it running nor turns it into a timeout, and its timeout holds whatever its children do.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckContext } from '../../src/checks/handler.js';
import { runCommandCheck } from '../../src/checks/command.js';
import { toCheck } from '../../src/config/checks.js';
import { checkSchema, type RunCheck } from '../../src/config/schema.js';
import { checkContext } from '../support/check-context.js';
import { running } from '../support/processes.js';

let root: string;
const pids: number[] = [];
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'iqa-command-'))));
afterEach(() => {
  for (const pid of pids.splice(0)) if (running(pid)) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

function check(run: string, timeoutMs: number): RunCheck {
  const spec = toCheck(checkSchema.parse({ name: 'c', run }));
  if (spec.kind !== 'run') throw new Error('not a run check');
  return { ...spec, timeoutMs };
}
const ctx = (): CheckContext => checkContext(root);
function pidIn(file: string): number {
  const pid = Number(readFileSync(join(root, file), 'utf8').trim());
  pids.push(pid);
  return pid;
}
async function timed<T>(run: Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const value = await run;
  return [value, Date.now() - started];
}

const linux = process.platform === 'linux' ? test : test.skip;

linux(
  'a check that daemonizes a child holding its stdout ends in its own time; the daemon is stopped',
  async () => {
    // Like `docker compose logs -f &` or a test server started with setsid: it outlives the shell.
    const run =
      "setsid bash -c 'echo $$ > daemon.pid; exec sleep 60' & while [ ! -s daemon.pid ]; do sleep 0.02; done; sleep 1; echo checked";
    const [outcome, ms] = await timed(runCommandCheck(check(run, 20_000), ctx()));
    expect(outcome).toMatchObject({
      conclusion: 'success',
      summary: 'exited with 0; stopped 1 process it left running',
      logTail: 'checked',
    });
    expect(readFileSync(outcome.logFile!, 'utf8')).toBe('checked\n');
    expect(ms).toBeLessThan(3000);
    expect(running(pidIn('daemon.pid'))).toBe(false);
  },
  30_000,
);

test('a check that exits 0 at once while a background helper holds the pipe is a success, not timed_out', async () => {
  const [outcome, ms] = await timed(
    runCommandCheck(check('sleep 60 & echo $! > helper.pid; echo ready', 20_000), ctx()),
  );
  expect(outcome).toMatchObject({
    conclusion: 'success',
    summary: 'exited with 0; stopped 1 process it left running',
  });
  expect(ms).toBeLessThan(2000);
  expect(running(pidIn('helper.pid'))).toBe(false);
}, 30_000);

test('a failing check with a helper still fails with its own exit code', async () => {
  const outcome = await runCommandCheck(check('sleep 60 & echo $! > helper.pid; exit 4', 20_000), ctx());
  expect(outcome).toMatchObject({
    conclusion: 'failure',
    summary: 'exited with 4; stopped 1 process it left running',
  });
  expect(running(pidIn('helper.pid'))).toBe(false);
}, 30_000);

linux(
  'a 1 s timeout holds when the children ignore SIGTERM and hold the pipes',
  async () => {
    const run =
      "trap '' TERM; setsid bash -c 'echo $$ > daemon.pid; exec sleep 60' & " +
      "(trap '' TERM; exec sleep 60) & echo $! > child.pid; while [ ! -s daemon.pid ]; do sleep 0.02; done; sleep 60";
    const [outcome, ms] = await timed(runCommandCheck(check(run, 1000), ctx()));
    expect(outcome).toMatchObject({ conclusion: 'timed_out', summary: 'timed out after 1s' });
    // The timeout plus the 2 s grace between SIGTERM and SIGKILL, plus polling.
    expect(ms).toBeLessThan(1000 + 2000 + 1000);
    expect(running(pidIn('daemon.pid'))).toBe(false);
    expect(running(pidIn('child.pid'))).toBe(false);
  },
  30_000,
);
