// The one place where processes are started. Commands are argv arrays (never shell strings);
// every child runs in its own process group so a timeout or cancellation kills its whole tree.
import { spawn } from 'node:child_process';
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
}

export interface ExecResult {
  argv: readonly string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
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
    let timedOut = false;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const terminate = (): void => {
      if (child.pid === undefined) return;
      killGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(
        () => child.pid !== undefined && killGroup(child.pid, 'SIGKILL'),
        options.killGraceMs ?? 2000,
      );
      killTimer.unref();
    };
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            terminate();
          }, options.timeoutMs)
        : undefined;
    const onAbort = (): void => {
      aborted = true;
      terminate();
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
    child.on('close', (code, signal) => {
      cleanup();
      // A timed-out or aborted group may have left grandchildren holding no pipes: finish them.
      if ((timedOut || aborted) && child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      resolve({
        argv,
        code,
        signal,
        stdout: stdout.toString(),
        stderr: stderr.toString(),
        timedOut,
        aborted,
        durationMs: Date.now() - started,
      });
    });
    function cleanup(): void {
      if (timer) clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
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
  const all = text.trimEnd().split('\n');
  return all.slice(Math.max(0, all.length - lines)).join('\n');
}
