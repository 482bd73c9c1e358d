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
import { measureBaseline, resolvePromoted, type BaselineOutcome } from './baseline.js';
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
  baseline?: string,
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
  if (baseline) parts.push(baseline);
  for (const note of notes) parts.push(`> ${note}`);
  return parts.join('\n\n');
}

/**
 * Conclusion and one-line summary from stats and threshold results, and the comparison with the
 * promoted baseline when there is one (a regression fails like a breached threshold).
 */
export function judge(
  stats: LoadStats,
  thresholds: ThresholdResult[],
  baseline?: BaselineVerdict,
): { conclusion: 'success' | 'failure'; summary: string } {
  const head = stats.latency
    ? `p95 ${ms(stats.latency.p95)}, p99 ${ms(stats.latency.p99)}, ${rps(stats.rps)}, ${percent(stats.errorRate)} errors`
    : `no response in ${stats.responses + stats.errors} attempt(s) (${stats.errors} errors)`;
  const failed = thresholds.filter((t) => !t.passed).map((t) => `${t.name} breached: ${t.text}`);
  if (baseline && !baseline.passed) failed.push(baselineText(baseline));
  if (failed.length) return { conclusion: 'failure', summary: `${failed.join('; ')} (${head})` };
  if (stats.responses === 0) return { conclusion: 'failure', summary: head };
  const passed = thresholds.length
    ? `; ${thresholds.length === 1 ? 'the threshold' : `all ${thresholds.length} thresholds`} passed`
    : '';
  return {
    conclusion: 'success',
    summary: `${head}${passed}${baseline ? `; ${baselineText(baseline)}` : ''}`,
  };
}

// ---- comparison with the promoted baseline (pure) ---------------------------------------------------

export interface BaselineVerdict {
  baseline: LatencySummary;
  tested: LatencySummary;
  /** tested p95 / baseline p95. */
  ratio: number;
  /** The highest tested p95 that passes: baseline p95 × (1 + maxRegression). */
  limitMs: number;
  maxRegression: number;
  passed: boolean;
}

/** tested / baseline latency; a zero baseline gives ∞ (or 1 when both are zero). */
function latencyRatio(tested: number, baseline: number): number {
  return baseline > 0 ? tested / baseline : tested > 0 ? Number.POSITIVE_INFINITY : 1;
}

/**
 * Fails when the tested p95 > baseline p95 × (1 + maxRegression). A reason instead of a verdict when
 * either run has no response to measure.
 */
export function compareWithBaseline(
  tested: LoadStats,
  baseline: LoadStats,
  maxRegression: number,
): BaselineVerdict | { unmeasured: string } {
  if (!baseline.latency)
    return {
      unmeasured: `the promoted baseline answered no request (${baseline.errors} errors), so there is no p95 to compare with`,
    };
  if (!tested.latency) return { unmeasured: 'the tested run has no response to compare with the baseline' };
  const limitMs = baseline.latency.p95 * (1 + maxRegression);
  return {
    baseline: baseline.latency,
    tested: tested.latency,
    ratio: latencyRatio(tested.latency.p95, baseline.latency.p95),
    limitMs,
    maxRegression,
    passed: tested.latency.p95 <= limitMs,
  };
}

function times(n: number): string {
  if (!Number.isFinite(n)) return '×∞';
  return `×${n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n)}`;
}

function regressionLimit(maxRegression: number): string {
  return `${+(maxRegression * 100).toFixed(2)}%`;
}

/** `p95 regressed against the promoted baseline: 305.1 ms vs 2.10 ms (×145 > ×1.20)`. */
export function baselineText(v: BaselineVerdict): string {
  const figures = `${ms(v.tested.p95)} vs ${ms(v.baseline.p95)}`;
  const allowed = times(1 + v.maxRegression);
  return v.passed
    ? `p95 vs the promoted baseline: ${figures} (${times(v.ratio)} ≤ ${allowed})`
    : `p95 regressed against the promoted baseline: ${figures} (${times(v.ratio)} > ${allowed}, max-regression ${regressionLimit(v.maxRegression)})`;
}

export interface BaselineRun {
  /** `repository:tag` */
  reference: string;
  digest: string;
  /** The sibling environment's compose project. */
  project: string;
  /** The URL the baseline run loaded (the same endpoint, published by the sibling). */
  url: string;
  /** Duration of each of the four interleaved runs (`1000ms`). */
  half: string;
  stats: LoadStats;
}

/** Markdown section: what the baseline is, both p95 and p99 with their ratio, and the verdict. */
export function renderBaseline(run: BaselineRun, verdict: BaselineVerdict | { unmeasured: string }): string {
  const fmt = (n: number | undefined): string => (n === undefined ? '–' : ms(n).replace(' ms', ''));
  const ratio = (t: number | undefined, b: number | undefined): string =>
    t === undefined || b === undefined ? '–' : times(latencyRatio(t, b));
  const b = 'unmeasured' in verdict ? run.stats.latency : verdict.baseline;
  const t = 'unmeasured' in verdict ? undefined : verdict.tested;
  const parts = [
    `**Baseline** \`last-promoted\`: \`${run.reference}\` → \`${run.digest}\`, in the sibling environment \`${run.project}\` ` +
      `(same compose definition), loaded with the same profile at \`${run.url}\` on the same host, interleaved with the tested digest: ` +
      `after a warm-up of both, baseline, tested, tested, baseline, ${formatDuration(parseDuration(run.half))} each, so neither side gains from running later.`,
    [
      '| latency (ms) | promoted baseline | tested | tested / baseline |',
      '|---|---:|---:|---:|',
      `| p95 | ${fmt(b?.p95)} | ${fmt(t?.p95)} | ${ratio(t?.p95, b?.p95)} |`,
      `| p99 | ${fmt(b?.p99)} | ${fmt(t?.p99)} | ${ratio(t?.p99, b?.p99)} |`,
    ].join('\n'),
    `Baseline run: ${run.stats.responses} responses, ${rps(run.stats.rps)}, ${percent(run.stats.errorRate)} errors.`,
  ];
  if ('unmeasured' in verdict) parts.push(`No comparison: ${verdict.unmeasured} (not a failure).`);
  else
    parts.push(
      `\`max-regression\` ${regressionLimit(verdict.maxRegression)}: tested p95 ${ms(verdict.tested.p95)} ` +
        `${verdict.passed ? '≤' : '>'} ${ms(verdict.limitMs)} (baseline p95 × ${+(1 + verdict.maxRegression).toFixed(4)}), ` +
        `${times(verdict.ratio)} → ${verdict.passed ? '✓ passed' : '✗ failed: p95 regressed'}`,
    );
  return parts.join('\n\n');
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
  // The check's timeout covers everything: the baseline sibling's start, the baseline run, the tested run.
  const deadline = Date.now() + check.timeoutMs;
  const timeout = formatDuration(check.timeoutMs);

  // With a promoted baseline, both digests are loaded in interleaved halves (see baseline.ts).
  let baseline: BaselineOutcome | undefined;
  if (spec.baseline === 'last-promoted') {
    const tallies = { baseline: new LoadTally(), tested: new LoadTally() };
    const { config } = ctx;
    baseline = await measureBaseline(
      {
        config,
        testedDigest: ctx.environment.digest,
        ...(ctx.environment.spec ? { spec: ctx.environment.spec } : {}),
        ...(ctx.environment.backend ? { backend: ctx.environment.backend } : {}),
        variables: ctx.variables,
        profile,
        deadline,
        signal: ctx.signal,
        logger: ctx.logger,
      },
      {
        resolve: (tag) => resolvePromoted(config, tag, ctx.registry, ctx.logger),
        runLoad: (p, timeoutMs, signal, side) =>
          runLoad(p, timeoutMs, signal, side ? tallies[side] : undefined),
      },
    );
    if (baseline.status === 'cancelled' || baseline.status === 'timed_out')
      return {
        conclusion: baseline.status,
        summary:
          baseline.status === 'cancelled'
            ? 'cancelled while measuring against the promoted baseline'
            : `stopped after the check's timeout (${timeout}) while measuring against the promoted baseline: raise the check's timeout (the baseline's start and run count against it)`,
        details: `> ${baseline.note}`,
      };
  }

  const run =
    baseline?.status === 'measured'
      ? baseline.tested
      : await runLoad(profile, Math.max(0, deadline - Date.now()), ctx.signal);
  const thresholds = evaluateThresholds(spec, run.stats);
  const notes: string[] = [];
  let section: string | undefined;
  let verdict: BaselineVerdict | undefined;
  let suffix = '';
  if (baseline?.status === 'measured') {
    const compared = compareWithBaseline(run.stats, baseline.baseline.stats, spec['max-regression']);
    section = renderBaseline(
      {
        reference: baseline.promoted.reference,
        digest: baseline.promoted.digest,
        project: baseline.project,
        url: baseline.url,
        half: baseline.half,
        stats: baseline.baseline.stats,
      },
      compared,
    );
    if ('unmeasured' in compared) suffix = `; no baseline comparison (${compared.unmeasured})`;
    else verdict = compared;
  } else if (baseline && 'short' in baseline) {
    notes.push(baseline.note);
    suffix = `; ${baseline.short}`;
  }
  const details = renderLoadDetails(profile, run.stats, thresholds, notes, section);
  if (run.cancelled) return { conclusion: 'cancelled', summary: 'cancelled', details };
  if (run.timedOut)
    return { conclusion: 'timed_out', summary: `stopped after the check's timeout (${timeout})`, details };
  const judged = judge(run.stats, thresholds, verdict);
  return { ...judged, summary: `${judged.summary}${suffix}`, details };
}
