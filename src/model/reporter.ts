// How the pipeline tells the outside world about progress; check runs, the job summary and the
// PR comment each implement this. Each call carries everything it renders (no shared state read
// back later). Reporters never throw into the pipeline.
import type { CheckResult, PhaseResult } from './results.js';
import type { QaRecord } from './record.js';

/** What the run has learned so far that every report shows beside a step: the image, the endpoints. */
export interface RunFacts {
  /** Set once the build succeeded. */
  image?: { digest: string; ref: string };
  /** Set once the environment is ready. */
  endpoints: Record<string, string>;
}

export interface QaReporter {
  /** Every step the run will report, before any starts (reviewers see the plan). */
  plan(steps: { build: true; environment: true; checks: string[] }): Promise<void>;
  start(step: string): Promise<void>;
  complete(result: PhaseResult | CheckResult, facts: RunFacts): Promise<void>;
  finish(
    record: QaRecord,
    results: { phases: PhaseResult[]; checks: CheckResult[] },
    facts: RunFacts,
  ): Promise<void>;
}

export const silentReporter: QaReporter = {
  plan: async () => undefined,
  start: async () => undefined,
  complete: async () => undefined,
  finish: async () => undefined,
};
