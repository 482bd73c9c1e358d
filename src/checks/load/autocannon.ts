// Running autocannon: connections, rate, duration, and the tally of its responses.
import type { Client, Instance, Options, Result } from 'autocannon';
import { parseDuration } from '../../config/duration.js';
import { LatencyHistogram } from './histogram.js';
import { LoadStats, loadStats, LoadProfile } from './stats.js';

/**
 * Autocannon's client keeps its queue of in-flight requests when the server closes the connection
 * (`Connection: close`, HTTP/1.0-style servers such as busybox httpd): each later response is then
 * timed from a long-dead request and latency grows without bound. A new connection starts with no
 * request in flight, so clear the queue and the parser whenever the client reconnects. Feature-
 * detected: if autocannon's internals change, this does nothing.
 */
export function reconnectCleanly(client: Client): void {
  const internals = client as unknown as {
    _connect?: (...args: unknown[]) => unknown;
    pipelinedRequests?: { clear?: () => void };
    parser?: { reinitialize?: (type: unknown) => void; type?: unknown };
  };
  const connect = internals._connect;
  if (typeof connect !== 'function' || typeof internals.pipelinedRequests?.clear !== 'function') return;
  internals._connect = function (this: typeof internals, ...args: unknown[]): unknown {
    this.pipelinedRequests?.clear?.();
    if (this.parser?.type !== undefined) this.parser.reinitialize?.(this.parser.type);
    return connect.apply(this, args);
  };
}

export interface LoadRun {
  stats: LoadStats;
  timedOut: boolean;
  cancelled: boolean;
}

/**
 * Responses, errors and latencies of one or more autocannon runs of the same profile: the interleaved
 * halves of a baseline comparison add up to one sample per side.
 */
export class LoadTally {
  readonly histogram = new LatencyHistogram();
  private readonly counts = {
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    duration: 0,
    statusCodeStats: {} as Record<string, { count: number }>,
  };

  add(
    result: Pick<Result, 'errors' | 'timeouts' | 'non2xx' | 'duration'> & {
      statusCodeStats?: Partial<Record<string, { count?: number }>>;
    },
  ): void {
    this.counts.errors += result.errors;
    this.counts.timeouts += result.timeouts;
    this.counts.non2xx += result.non2xx;
    this.counts.duration += result.duration;
    for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
      const entry = (this.counts.statusCodeStats[code] ??= { count: 0 });
      entry.count += stat?.count ?? 0;
    }
  }

  stats(): LoadStats {
    return loadStats(this.counts, this.histogram);
  }
}

/**
 * Runs autocannon for the profile; stops early on timeout or abort (with the partial stats). With a
 * tally, the run adds to it and the stats are the tally's so far.
 */
export async function runLoad(
  profile: LoadProfile,
  timeoutMs: number,
  signal: AbortSignal,
  tally: LoadTally = new LoadTally(),
): Promise<LoadRun> {
  const { default: autocannon } = await import('autocannon');
  const histogram = tally.histogram;
  let timedOut = false;
  let cancelled = false;
  const options: Options = {
    url: profile.url,
    method: profile.method as Options['method'],
    duration: parseDuration(profile.duration) / 1000,
    connections: profile.connections,
    setupClient: reconnectCleanly,
    ...(profile.rate !== undefined ? { overallRate: profile.rate } : {}),
  };
  const result = await new Promise<Result>((resolve, reject) => {
    const control = { stop: (): void => undefined };
    const timer = setTimeout(() => {
      timedOut = true;
      control.stop();
    }, timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      control.stop();
    };
    const instance: Instance = autocannon(options, (error, res) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(res);
    });
    control.stop = () => instance.stop();
    instance.on('response', (_client: Client, _status: number, _bytes: number, responseTime: number) =>
      histogram.record(responseTime),
    );
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  tally.add(result);
  return { stats: tally.stats(), timedOut, cancelled };
}
