// `load` checks: autocannon drives `connections` connections (optionally capped at `rate` requests per
// second overall) for `duration`; thresholds on p95/p99 latency, error rate and throughput decide.
//
// Latency percentiles come from our own histogram of the response time autocannon reports for every
// response (its `response` event): autocannon's result only has p90/p97.5/p99, not p95, and its
// histogram is not handed out. Each figure in the table comes from that one histogram.
import type { Client, Instance, Options, Result } from 'autocannon';
import { expandCheck } from '../config/expand.js';
import { formatDuration, parseDuration } from '../config/duration.js';
import type { LoadSpec } from '../config/schema.js';
import type { Check, CheckContext } from './context.js';
import type { CheckOutcome } from './runner.js';

// ---- latency histogram ----------------------------------------------------------------------------

/**
 * Response times in ms, each kept to 3 significant digits rounded up (at most 0.1% high, never low),
 * so memory stays bounded however many requests a run makes. max and min are exact.
 */
export class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  count = 0;
  max = 0;
  min = Number.POSITIVE_INFINITY;

  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const key = roundUp3(ms);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.count++;
    if (ms > this.max) this.max = ms;
    if (ms < this.min) this.min = ms;
  }

  /** The smallest recorded value that at least p% of values are at or below (nearest rank). */
  percentile(p: number): number | undefined {
    if (this.count === 0) return undefined;
    if (p >= 100) return this.max;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const key of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(key) ?? 0;
      if (seen >= rank) return Math.min(key, this.max);
    }
    return this.max;
  }
}

function roundUp3(ms: number): number {
  if (ms === 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(ms)) - 2);
  // The epsilon keeps 1.23 (stored as 1.2299999…) from becoming 1.24.
  return Math.ceil(ms / step - 1e-9) * step;
}

// ---- stats, thresholds, rendering (pure) ----------------------------------------------------------

export interface LatencySummary {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadStats {
  /** Completed responses, any status. */
  responses: number;
  /** Connection errors and timeouts (autocannon counts a timeout as an error too). */
  errors: number;
  timeouts: number;
  non2xx: number;
  durationS: number;
  /** Responses per second over the run. */
  rps: number;
  /** (errors + non-2xx) / (responses + errors); 0 when nothing was attempted. */
  errorRate: number;
  /** Undefined when no response arrived. */
  latency?: LatencySummary;
  statusCodes: Record<string, number>;
}

export function summarizeLatency(histogram: LatencyHistogram): LatencySummary | undefined {
  const at = (p: number): number => histogram.percentile(p) ?? 0;
  return histogram.count === 0
    ? undefined
    : { p50: at(50), p90: at(90), p95: at(95), p99: at(99), max: histogram.max };
}

export function loadStats(
  counts: Pick<Result, 'errors' | 'timeouts' | 'non2xx' | 'duration'> & {
    statusCodeStats?: Partial<Record<string, { count?: number }>>;
  },
  histogram: LatencyHistogram,
): LoadStats {
  const responses = histogram.count;
  const attempted = responses + counts.errors;
  const statusCodes = Object.fromEntries(
    Object.entries(counts.statusCodeStats ?? {}).map(([code, s]) => [code, s?.count ?? 0]),
  );
  return {
    responses,
    errors: counts.errors,
    timeouts: counts.timeouts,
    non2xx: counts.non2xx,
    durationS: counts.duration,
    rps: counts.duration > 0 ? responses / counts.duration : 0,
    errorRate: attempted === 0 ? 0 : (counts.errors + counts.non2xx) / attempted,
    latency: summarizeLatency(histogram),
    statusCodes,
  };
}

export type ThresholdName = 'max-p95-ms' | 'max-p99-ms' | 'max-error-rate' | 'min-rps';

export interface ThresholdResult {
  name: ThresholdName;
  limit: number;
  /** Undefined when it cannot be measured (no response arrived). */
  measured?: number;
  passed: boolean;
  /** `p95 336.2 ms > 100 ms`. */
  text: string;
}

const THRESHOLDS: ReadonlyArray<{
  name: ThresholdName;
  label: string;
  measure: (s: LoadStats) => number | undefined;
  max: boolean;
  format: (n: number) => string;
}> = [
  { name: 'max-p95-ms', label: 'p95', measure: (s) => s.latency?.p95, max: true, format: ms },
  { name: 'max-p99-ms', label: 'p99', measure: (s) => s.latency?.p99, max: true, format: ms },
  {
    name: 'max-error-rate',
    label: 'error rate',
    measure: (s) => (s.responses + s.errors > 0 ? s.errorRate : undefined),
    max: true,
    format: percent,
  },
  { name: 'min-rps', label: 'throughput', measure: (s) => s.rps, max: false, format: rps },
];

/** Every configured threshold, in a fixed order: breached when measured > max (or < min), or unmeasurable. */
export function evaluateThresholds(
  spec: Partial<Pick<LoadSpec, ThresholdName>>,
  stats: LoadStats,
): ThresholdResult[] {
  const results: ThresholdResult[] = [];
  for (const t of THRESHOLDS) {
    const limit = spec[t.name];
    if (limit === undefined) continue;
    const measured = t.measure(stats);
    if (measured === undefined) {
      results.push({ name: t.name, limit, passed: false, text: `${t.label}: no response to measure` });
      continue;
    }
    const passed = t.max ? measured <= limit : measured >= limit;
    const op = t.max ? (passed ? '≤' : '>') : passed ? '≥' : '<';
    results.push({
      name: t.name,
      limit,
      measured,
      passed,
      text: `${t.label} ${t.format(measured)} ${op} ${t.format(limit)}`,
    });
  }
  return results;
}

function ms(n: number): string {
  return `${n < 10 ? n.toFixed(2) : n < 1000 ? n.toFixed(1) : Math.round(n)} ms`;
}

function percent(n: number): string {
  return `${(n * 100).toFixed(2)}%`;
}

function rps(n: number): string {
  return `${n < 100 ? n.toFixed(1) : Math.round(n)} req/s`;
}

/** The latency percentile table (markdown). */
export function latencyTable(latency: LatencySummary | undefined): string {
  const fmt = (n: number | undefined): string => (n === undefined ? '–' : ms(n).replace(' ms', ''));
  return [
    '| latency (ms) | p50 | p90 | p95 | p99 | max |',
    '|---|---:|---:|---:|---:|---:|',
    `| all responses | ${[latency?.p50, latency?.p90, latency?.p95, latency?.p99, latency?.max].map(fmt).join(' | ')} |`,
  ].join('\n');
}

export interface LoadProfile {
  method: string;
  url: string;
  duration: string;
  connections: number;
  rate?: number;
}

/** Markdown details: profile, latency table, throughput and errors, thresholds, notes. */
export function renderLoadDetails(
  profile: LoadProfile,
  stats: LoadStats,
  thresholds: ThresholdResult[],
  notes: string[] = [],
): string {
  const rate = profile.rate !== undefined ? `, at most ${profile.rate} req/s overall` : '';
  const codes = Object.entries(stats.statusCodes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => `${code}: ${n}`)
    .join(', ');
  const parts = [
    `**Load**: \`${profile.method} ${profile.url}\` for ${profile.duration}, ${profile.connections} connection${profile.connections === 1 ? '' : 's'}${rate}`,
    latencyTable(stats.latency),
    [
      '| responses | throughput | errors | timeouts | non-2xx | error rate |',
      '|---:|---:|---:|---:|---:|---:|',
      `| ${stats.responses} | ${rps(stats.rps)} | ${stats.errors} | ${stats.timeouts} | ${stats.non2xx} | ${percent(stats.errorRate)} |`,
    ].join('\n'),
  ];
  if (codes) parts.push(`Status codes: ${codes}`);
  if (thresholds.length) {
    parts.push(
      [
        '| threshold | limit | measured | result |',
        '|---|---:|---:|---|',
        ...thresholds.map((t) => {
          const def = THRESHOLDS.find((d) => d.name === t.name)!;
          const measured = t.measured === undefined ? '–' : def.format(t.measured);
          return `| \`${t.name}\` | ${def.format(t.limit)} | ${measured} | ${t.passed ? '✓ passed' : '✗ failed'} |`;
        }),
      ].join('\n'),
    );
  } else parts.push('No thresholds set: the run only fails when no response arrives.');
  for (const note of notes) parts.push(`> ${note}`);
  return parts.join('\n\n');
}

/** Conclusion and one-line summary from stats and threshold results. */
export function judge(
  stats: LoadStats,
  thresholds: ThresholdResult[],
): { conclusion: 'success' | 'failure'; summary: string } {
  const head = stats.latency
    ? `p95 ${ms(stats.latency.p95)}, p99 ${ms(stats.latency.p99)}, ${rps(stats.rps)}, ${percent(stats.errorRate)} errors`
    : `no response in ${stats.responses + stats.errors} attempt(s) (${stats.errors} errors)`;
  const failed = thresholds.filter((t) => !t.passed);
  if (failed.length)
    return {
      conclusion: 'failure',
      summary: `${failed.map((t) => `${t.name} breached: ${t.text}`).join('; ')} (${head})`,
    };
  if (stats.responses === 0) return { conclusion: 'failure', summary: head };
  const passed = thresholds.length
    ? `; ${thresholds.length === 1 ? 'the threshold' : `all ${thresholds.length} thresholds`} passed`
    : '';
  return { conclusion: 'success', summary: `${head}${passed}` };
}

// ---- running autocannon ---------------------------------------------------------------------------

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

/** Runs autocannon for the profile; stops early on timeout or abort (with the partial stats). */
export async function runLoad(
  profile: LoadProfile,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<LoadRun> {
  const { default: autocannon } = await import('autocannon');
  const histogram = new LatencyHistogram();
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
  return { stats: loadStats(result, histogram), timedOut, cancelled };
}

export async function loadCheck(check: Check, ctx: CheckContext): Promise<CheckOutcome> {
  const spec = expandCheck(check, ctx.variables).load;
  if (!spec) return { conclusion: 'failure', summary: 'not a load check' };
  try {
    const parsed = new URL(spec.url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(parsed.protocol);
  } catch {
    return {
      conclusion: 'failure',
      summary: `url ${JSON.stringify(spec.url)} is not an absolute http(s) URL`,
    };
  }
  const profile: LoadProfile = {
    method: spec.method,
    url: spec.url,
    duration: spec.duration,
    connections: spec.connections,
    ...(spec.rate !== undefined ? { rate: spec.rate } : {}),
  };
  const run = await runLoad(profile, check.timeoutMs, ctx.signal);
  const thresholds = evaluateThresholds(spec, run.stats);
  const notes: string[] = [];
  // Promotion does not exist yet, so there is never a promoted digest to compare with.
  if (spec.baseline === 'last-promoted')
    notes.push(
      'Baseline `last-promoted`: no promoted baseline yet, so there is no p95 to compare with (not a failure).',
    );
  const details = renderLoadDetails(profile, run.stats, thresholds, notes);
  if (run.cancelled) return { conclusion: 'cancelled', summary: 'cancelled', details };
  if (run.timedOut)
    return {
      conclusion: 'timed_out',
      summary: `stopped after the check's timeout (${formatDuration(check.timeoutMs)})`,
      details,
    };
  const verdict = judge(run.stats, thresholds);
  const baseline = spec.baseline === 'last-promoted' ? '; no promoted baseline yet' : '';
  return { ...verdict, summary: `${verdict.summary}${baseline}`, details };
}
