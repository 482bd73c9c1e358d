// `load` checks: autocannon drives `connections` connections (optionally capped at `rate` requests per
// second overall) for `duration`; thresholds on p95/p99 latency, error rate and throughput decide.
//
// Latency percentiles come from our own histogram of the response time autocannon reports for every
// response (its `response` event): autocannon's result only has p90/p97.5/p99, not p95, and its
// histogram is not handed out. Each figure in the table comes from that one histogram.
import { expandCheck } from '../../config/expand.js';
import { formatDuration } from '../../config/duration.js';
import { measureBaseline, promotedImages, type BaselineOutcome } from './baseline.js';
import type { LoadCheck } from '../../config/schema.js';
import type { CheckContext, CheckOutcome } from '../handler.js';
import { evaluateThresholds, LoadProfile, renderLoadDetails } from './stats.js';
import { judge } from './judge.js';
import { BaselineVerdict, compareWithBaseline, renderBaseline } from './compare.js';
import { LoadTally, runLoad } from './autocannon.js';

export async function loadCheck(check: LoadCheck, ctx: CheckContext): Promise<CheckOutcome> {
  const spec = expandCheck(check, ctx.variables).load;
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
        ...promotedImages(ctx.store),
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
