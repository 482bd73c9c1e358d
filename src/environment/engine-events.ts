// The engine's container events of one project (`docker events`), followed while an environment
// starts: readiness wakes when a container starts, dies or changes health, instead of polling.
import { docker } from '../exec/docker.js';

/** The container actions that can change readiness; exec_* (every healthcheck probe) and the rest do not. */
const WAKING = /^(start|die|stop|kill|oom|destroy|restart|health_status)\b/;

export interface EngineEvent {
  /** e.g. `start`, `die`, `health_status: healthy`. */
  action: string;
  container: string;
}

/** The argv (after the docker binary) of the container events carrying every one of the `key=value` labels. */
export function eventsArgv(labels: readonly string[]): string[] {
  return [
    'events',
    '--format',
    '{{json .}}',
    '--filter',
    'type=container',
    ...labels.flatMap((label) => ['--filter', `label=${label}`]),
  ];
}

/** One JSON line of `docker events --format '{{json .}}'`; undefined for anything else. */
export function parseEvent(line: string): EngineEvent | undefined {
  try {
    const raw: unknown = JSON.parse(line);
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { Action, Actor } = raw as { Action?: unknown; Actor?: { ID?: unknown } };
    if (typeof Action !== 'string') return undefined;
    return { action: Action, container: typeof Actor?.ID === 'string' ? Actor.ID : '' };
  } catch {
    return undefined;
  }
}

export class EngineEvents {
  private readonly controller = new AbortController();
  private readonly done: Promise<void>;
  private pending: EngineEvent[] = [];
  private partial = '';
  private wake: (() => void) | undefined;
  private ended = false;

  /** Starts following now; call before the containers it waits for can change. */
  constructor(labels: readonly string[]) {
    this.done = docker(eventsArgv(labels), {
      signal: this.controller.signal,
      maxCapture: 64 * 1024,
      onOutput: (chunk, stream) => {
        if (stream === 'stdout') this.take(chunk.toString('utf8'));
      },
    })
      .then(() => undefined)
      // The engine gone: readiness falls back to polling, and its next inspect says why.
      .catch(() => undefined)
      .finally(() => {
        this.ended = true;
        this.wake?.();
      });
  }

  /** False once the stream ended (the engine went away): the caller polls instead. */
  get following(): boolean {
    return !this.ended;
  }

  /** Forgets what came so far: the caller is about to read the state that reflects it. */
  drain(): void {
    this.pending = [];
  }

  /** The events since the last call, or waits up to `ms` for the next one ([] when none came). */
  async next(ms: number, signal?: AbortSignal): Promise<EngineEvent[]> {
    if (this.pending.length === 0 && !this.ended && ms > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(finish, ms);
        function finish(): void {
          clearTimeout(timer);
          signal?.removeEventListener('abort', finish);
          resolve();
        }
        signal?.addEventListener('abort', finish, { once: true });
        this.wake = finish;
      });
      this.wake = undefined;
    }
    const events = this.pending;
    this.pending = [];
    return events;
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }

  private take(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      const event = parseEvent(line);
      if (event && WAKING.test(event.action)) this.pending.push(event);
    }
    if (this.pending.length) this.wake?.();
  }
}
