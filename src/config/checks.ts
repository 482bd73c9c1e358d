// A validated check spec becomes the Check the handlers take: tagged with the kind of its one kind key,
// timeout in ms, report paths resolved. One place, so the loader and tests build checks the same way.
import { CHECK_KINDS } from '../model/results.js';
import { parseDuration } from './duration.js';
import type { Check, CheckCommon, CheckSpec } from './schema.js';

/**
 * The typed check of a spec that passed the schema and the one-kind rule (load.ts reports a spec
 * with none or several of run/http/load/drift before it gets here). `fromRoot` resolves report paths.
 */
export function toCheck(
  { run, http, load, drift, ...spec }: CheckSpec,
  fromRoot: (p: string) => string = (p) => p,
): Check {
  const common: CheckCommon = {
    ...spec,
    timeoutMs: parseDuration(spec.timeout),
    reports: {
      ...spec.reports,
      junit: spec.reports.junit.map(fromRoot),
      sarif: spec.reports.sarif.map(fromRoot),
    },
  };
  if (run !== undefined) return { ...common, kind: 'run', run };
  if (http !== undefined) return { ...common, kind: 'http', http };
  if (load !== undefined) return { ...common, kind: 'load', load };
  if (drift !== undefined) return { ...common, kind: 'drift', drift };
  throw new Error(`check "${spec.name}" has none of ${CHECK_KINDS.join(', ')}`);
}
