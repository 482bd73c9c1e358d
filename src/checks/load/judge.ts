// The load check's verdict: thresholds, then the comparison with the promoted baseline.
import { baselineText, type BaselineVerdict } from './compare.js';
import { ms, percent, rps, type LoadStats, type ThresholdResult } from './stats.js';

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
