// exec ends a call when its process exits, stops what it left running, and keeps its timeout
// whatever the children do. Real processes throughout: bash, sleep, setsid.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../../src/exec/exec.js';
import { running } from '../support/processes.js';
import { shellArgv } from '../../src/checks/env.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'iqa-exec-'))));
afterEach(() => {
  // Whatever a failing run left behind (the old exec left these running): do not leak it.
  for (const pid of started) if (running(pid)) process.kill(pid, 'SIGKILL');
  started.length = 0;
  rmSync(dir, { recursive: true, force: true });
});

const started: number[] = [];
/** The pid a command wrote to `file` in the temp dir. */
function pidIn(file: string): number {
  const pid = Number(readFileSync(join(dir, file), 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid in ${file}`);
  started.push(pid);
  return pid;
}
const bash = shellArgv;
/** Starts `command` as a setsid daemon (out of our process group) that writes its pid to `file` first. */
const daemon = (file: string, command: string): string =>
  `setsid bash -c 'echo $$ > ${file}; exec ${command}' & while [ ! -s ${file} ]; do sleep 0.02; done`;

const linux = process.platform === 'linux' ? test : test.skip;

describe('a call ends when its process exits', () => {
  linux(
    'a setsid daemon that holds stdout does not keep the call running, and is stopped',
    async () => {
      const result = await exec(bash(`${daemon('d.pid', 'sleep 30')}; echo started; sleep 1; echo done`), {
        cwd: dir,
        timeoutMs: 20_000,
      });
      const pid = pidIn('d.pid');
      expect(result).toMatchObject({ code: 0, timedOut: false, aborted: false, leftovers: 1 });
      expect(result.stdout).toBe('started\ndone\n');
      // Its own second plus the drain, not the daemon's 30 s (the old exec waited for the pipes to close).
      expect(result.durationMs).toBeLessThan(3000);
      expect(running(pid)).toBe(false);
    },
    15_000,
  );

  test('a background job in its group that holds no pipe is stopped too', async () => {
    const result = await exec(bash('sleep 30 >/dev/null 2>&1 & echo $! > bg.pid; echo ok'), { cwd: dir });
    const pid = pidIn('bg.pid');
    expect(result).toMatchObject({ code: 0, stdout: 'ok\n', leftovers: 1 });
    expect(result.durationMs).toBeLessThan(3000);
    expect(running(pid)).toBe(false);
  });

  test('a process that leaves nothing behind ends as before: full output, nothing stopped', async () => {
    const result = await exec(bash('echo out; echo err >&2; exit 3'));
    expect(result).toMatchObject({
      code: 3,
      stdout: 'out\n',
      stderr: 'err\n',
      leftovers: 0,
      timedOut: false,
    });
  });

  test('output written before the exit is not lost while a helper holds the pipe', async () => {
    // 3 MB is far more than a socket buffer: most of it is read while the shell writes, the rest in the drain.
    const result = await exec(
      bash(`sleep 30 & echo $! > h.pid; head -c 3000000 /dev/zero | tr '\\0' x; echo; echo tail >&2`),
      { cwd: dir, timeoutMs: 20_000 },
    );
    pidIn('h.pid');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${'x'.repeat(3_000_000)}\n`);
    expect(result.stderr).toBe('tail\n');
    expect(result.durationMs).toBeLessThan(5000);
  }, 15_000);

  test('output a helper writes during the drain is kept', async () => {
    const result = await exec(bash('(sleep 0.05; echo late) & echo early'), { drainMs: 1000 });
    expect(result.stdout).toBe('early\nlate\n');
    expect(result.code).toBe(0);
  });
});

describe('the timeout holds whatever the children do', () => {
  linux(
    'children that ignore SIGTERM and hold the pipes, one of them out of the group: stopped at timeout + grace',
    async () => {
      const ignoring = "trap '' TERM";
      const result = await exec(
        bash(
          `${ignoring}; ${daemon('d.pid', 'sleep 30')}; (${ignoring}; exec sleep 30) & echo $! > c.pid; ` +
            'echo waiting; sleep 30',
        ),
        { cwd: dir, timeoutMs: 1000, killGraceMs: 1000 },
      );
      const pids = [pidIn('d.pid'), pidIn('c.pid')];
      expect(result).toMatchObject({ timedOut: true, code: null, signal: 'SIGKILL', leftovers: 0 });
      expect(result.stdout).toBe('waiting\n');
      // 1 s timeout + 1 s grace, plus polling; the old exec ran until the 30 s sleeps ended.
      expect(result.durationMs).toBeGreaterThanOrEqual(1900);
      expect(result.durationMs).toBeLessThan(3500);
      for (const pid of pids) expect(running(pid)).toBe(false);
    },
    15_000,
  );

  test('a process that exits on SIGTERM ends at the timeout without waiting for the grace', async () => {
    const result = await exec(bash('sleep 30'), { timeoutMs: 300, killGraceMs: 5000 });
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGTERM' });
    expect(result.durationMs).toBeLessThan(2000);
  });

  linux(
    'cancellation stops a daemon holding the pipes as well',
    async () => {
      const controller = new AbortController();
      const running_ = exec(bash(`${daemon('d.pid', 'sleep 30')}; sleep 30`), {
        cwd: dir,
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 500);
      const result = await running_;
      expect(result).toMatchObject({ aborted: true, timedOut: false });
      expect(result.durationMs).toBeLessThan(3000);
      expect(running(pidIn('d.pid'))).toBe(false);
    },
    15_000,
  );
});
