// Comparison with the promoted baseline (pure): ratio of p95 against max-regression.
import { formatDuration, parseDuration } from '../../config/duration.js';
import { LatencySummary, LoadStats, ms, percent, rps } from './stats.js';

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
