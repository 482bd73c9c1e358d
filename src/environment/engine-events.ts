// The engine's events (`docker events`), followed instead of polling: the container events of one
// project while its environment starts (readiness wakes when a container starts, dies or changes
// health), and claim volumes being created while a run works (a newer run may replace it).
import { docker } from '../exec/docker.js';

/** The container actions that can change readiness; exec_* (every healthcheck probe) and the rest do not. */
const WAKING = /^(start|die|stop|kill|oom|destroy|restart|health_status)\b/;

export interface EngineEvent {
  /** e.g. `start`, `die`, `health_status: healthy`, `create`. */
  action: string;
  /** Actor.ID: the container's id, or the volume's name. */
  actor: string;
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

/**
 * The argv of every volume created on the engine. Volume events carry no labels (a label filter
 * matches none), so a claim is told by its name (claimVolume()).
 */
export function volumeCreatedArgv(): string[] {
  return ['events', '--format', '{{json .}}', '--filter', 'type=volume', '--filter', 'event=create'];
}

/** One JSON line of `docker events --format '{{json .}}'`; undefined for anything else. */
export function parseEvent(line: string): EngineEvent | undefined {
  try {
    const raw: unknown = JSON.parse(line);
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { Action, Actor } = raw as { Action?: unknown; Actor?: { ID?: unknown } };
    if (typeof Action !== 'string') return undefined;
    return { action: Action, actor: typeof Actor?.ID === 'string' ? Actor.ID : '' };
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

  /** The container events of a project (`labels`) that can change its readiness. */
  static containers(labels: readonly string[]): EngineEvents {
    return new EngineEvents(eventsArgv(labels), (e) => WAKING.test(e.action));
  }

  /** Starts following `argv` now (call before what it waits for can change); `wakes` picks the events returned. */
  constructor(
    argv: readonly string[],
    private readonly wakes: (event: EngineEvent) => boolean,
  ) {
    this.done = docker([...argv], {
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
      if (event && this.wakes(event)) this.pending.push(event);
    }
    if (this.pending.length) this.wake?.();
  }
}
