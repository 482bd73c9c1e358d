// How many annotations one check run gets: GitHub takes 50 per request, so a report with 9,342
// failures (or 110,000 SARIF results) would cost hundreds of writes and bury the few that matter.
// The most severe come first; the rest are counted, not sent (the report file and the job summary
// keep them).
import type { Annotation } from '../model/results.js';

const RANK: Record<Annotation['level'], number> = { failure: 0, warning: 1, notice: 2 };

export interface BoundedAnnotations {
  annotations: Annotation[];
  /** How many were left out. */
  omitted: number;
}

/** At most `limit` annotations, failures first, then warnings, then notices, each in report order. */
export function boundAnnotations(annotations: readonly Annotation[], limit: number): BoundedAnnotations {
  if (annotations.length <= limit) return { annotations: [...annotations], omitted: 0 };
  const kept = annotations
    .map((a, index) => ({ a, index }))
    .sort((x, y) => RANK[x.a.level] - RANK[y.a.level] || x.index - y.index)
    .slice(0, limit)
    .map(({ a }) => a);
  return { annotations: kept, omitted: annotations.length - limit };
}
