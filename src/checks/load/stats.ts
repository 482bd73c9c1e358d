// Load statistics, thresholds and their rendering (pure).
import type { Result } from 'autocannon';
import type { LoadSpec } from '../../config/schema.js';
import { LatencyHistogram } from './histogram.js';

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

export function ms(n: number): string {
  return `${n < 10 ? n.toFixed(2) : n < 1000 ? n.toFixed(1) : Math.round(n)} ms`;
}

export function percent(n: number): string {
  return `${(n * 100).toFixed(2)}%`;
}

export function rps(n: number): string {
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
