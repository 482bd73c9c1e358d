// The one place where processes are started. Commands are argv arrays (never shell strings);
// every child runs in its own process group so a timeout or cancellation kills its whole tree.
//
// A call ends when its process exits, not when its output pipes close: whatever it left running
// (background jobs in its group, or a `setsid` daemon still holding its stdout/stderr) is given a
// short drain, then stopped (SIGTERM, SIGKILL after the grace) and the pipes are closed. A call whose
// pipes close at exit, the usual case (docker, compose, git), ends exactly as before. The timeout
// holds whatever the children do: it stops the group and, on Linux, every process holding the pipes.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { plainText } from '../model/plain-text.js';
import { InfrastructureError } from '../model/errors.js';

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Receives output as it arrives (stdout and stderr interleaved). */
  onOutput?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  /** Keep at most this many bytes of stdout/stderr in the result (tail). Default 16 MiB. */
  maxCapture?: number;
  /** Grace period between SIGTERM and SIGKILL of the process group. */
  killGraceMs?: number;
  /**
   * After the process exits, how long its output may still arrive while something it left running
   * holds the pipes, before that is stopped. Default DRAIN_MS.
   */
  drainMs?: number;
}

export interface ExecResult {
  argv: readonly string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  /** Processes it started that were still running after it exited, and were stopped (0 normally). */
  leftovers: number;
  durationMs: number;
}

export const DRAIN_MS = 200;
const KILL_GRACE_MS = 2000;
/** After SIGKILL: how long to wait for the processes (and the exit event) before giving up on them. */
const KILL_WAIT_MS = 1000;
const POLL_MS = 50;

function killGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Linux: what the child's stdout and stderr are (`socket:[123]`, `pipe:[123]`); any process that
 * holds one of these holds our pipes. Read right after spawn (libuv returns once the child has exec'd,
 * so its descriptors are in place). Empty where /proc cannot tell.
 */
function outputEnds(pid: number): Set<string> {
  const ends = new Set<string>();
  for (const fd of [1, 2]) {
    try {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (/^(socket|pipe):\[\d+\]$/.test(link)) ends.add(link);
    } catch {
      // not Linux, or already gone
    }
  }
  return ends;
}

/**
 * Live processes (zombies excluded) in process group `pgid` or holding one of `ends`, from /proc;
 * undefined where there is no /proc. Best effort: processes of other users may be unreadable.
 */
function survivors(pgid: number, ends: ReadonlySet<string>): number[] | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const found: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so read after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z' || state === 'X') continue;
    if (Number(pgrp) === pgid) {
      found.push(pid);
      continue;
    }
    if (ends.size > 0 && holds(name, ends)) found.push(pid);
  }
  return found;
}

function holds(pid: string, ends: ReadonlySet<string>): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      if (ends.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

/** Whether anything of the group (or a holder of the pipes) still runs, and which pids if /proc says. */
function alive(pgid: number, ends: ReadonlySet<string>): { any: boolean; pids: number[] } {
  const pids = survivors(pgid, ends);
  return pids ? { any: pids.length > 0, pids } : { any: killGroup(pgid, 0), pids: [] };
}

/**
 * Stops process group `pgid` and every process holding `ends`: SIGTERM, then SIGKILL for what is
 * left after `graceMs`. Returns how many processes were running when it began (0: nothing to do).
 */
async function stopAll(pgid: number, ends: ReadonlySet<string>, graceMs: number): Promise<number> {
  // Cheap first: with the pipes closed, only the group can be left, and usually it is gone.
  if (ends.size === 0 && !killGroup(pgid, 0)) return 0;
  let now = alive(pgid, ends);
  if (!now.any) return 0;
  const running = Math.max(1, now.pids.length);
  const send = (signal: NodeJS.Signals): void => {
    killGroup(pgid, signal);
    for (const pid of now.pids) kill(pid, signal);
  };
  send('SIGTERM');
  for (const deadline = Date.now() + graceMs; Date.now() < deadline;) {
    await delay(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
    now = alive(pgid, ends);
    if (!now.any) return running;
  }
  send('SIGKILL');
  for (const deadline = Date.now() + KILL_WAIT_MS; Date.now() < deadline;) {
    await delay(POLL_MS);
    now = alive(pgid, ends);
    if (!now.any) break;
    send('SIGKILL'); // a holder forked meanwhile
  }
  return running;
}

class Tail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly max: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.max && this.chunks.length > 1) this.size -= this.chunks.shift()!.length;
  }
  toString(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.max)).toString('utf8');
  }
}

export function exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error('exec: empty argv');
  const started = Date.now();
  const max = options.maxCapture ?? 16 * 1024 * 1024;
  const stdout = new Tail(max);
  const stderr = new Tail(max);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    const pid = child.pid;
    const ends = pid === undefined ? new Set<string>() : outputEnds(pid);
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let closed = false;
    let timedOut = false;
    let aborted = false;
    let ending: Promise<void> | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const pipesClosed = new Promise<void>((done) => child.once('close', () => done()));

    const end = (): Promise<void> => (ending ??= finish());
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = !exit;
            void end();
          }, options.timeoutMs)
        : undefined;
    const onAbort = (): void => {
      aborted = !exit;
      void end();
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (c: Buffer) => {
      stdout.push(c);
      options.onOutput?.(c, 'stdout');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr.push(c);
      options.onOutput?.(c, 'stderr');
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    child.on('error', (error) => {
      cleanup();
      reject(new InfrastructureError(`cannot run ${file}: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Still open: something it started holds the pipes. Let what was written drain, then stop it.
      if (!closed && !ending) drainTimer = setTimeout(() => void end(), options.drainMs ?? DRAIN_MS);
    });
    child.on('close', () => {
      closed = true;
      void end();
    });

    async function finish(): Promise<void> {
      cleanup();
      let leftovers = 0;
      if (pid !== undefined) {
        const stopped = await stopAll(pid, closed ? new Set() : ends, options.killGraceMs ?? KILL_GRACE_MS);
        if (exit && !timedOut && !aborted) leftovers = stopped;
        // A process in uninterruptible sleep may ignore even SIGKILL for a while: do not wait forever.
        if (!exit) await Promise.race([exited, delay(KILL_WAIT_MS)]);
        if (!closed) await Promise.race([pipesClosed, delay(POLL_MS)]);
      }
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({
        argv,
        code: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: stdout.toString(),
        stderr: stderr.toString(),
        timedOut,
        aborted,
        leftovers,
        durationMs: Date.now() - started,
      });
    }
    function cleanup(): void {
      if (timer) clearTimeout(timer);
      if (drainTimer) clearTimeout(drainTimer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  });
}
/** Runs argv and throws an InfrastructureError with the stderr tail when it fails. */
export async function execChecked(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const result = await exec(argv, options);
  if (result.code !== 0) {
    throw new InfrastructureError(
      `${argv.slice(0, 3).join(' ')} failed (${result.timedOut ? 'timed out' : `exit ${result.code ?? result.signal}`}): ${tail(result.stderr || result.stdout, 20)}`,
    );
  }
  return result;
}

export function tail(text: string, lines: number): string {
  // Colour and cursor escapes (compose logs, test runners) are noise in every place a tail is shown.
  const all = plainText(text).trimEnd().split('\n');
  return all.slice(Math.max(0, all.length - lines)).join('\n');
}
