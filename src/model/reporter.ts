// How the pipeline tells the outside world about progress; check runs, the job summary and the
// PR comment each implement this. Reporters never throw into the pipeline.
import type { CheckResult, PhaseResult } from './results.js';
import type { QaRecord } from './record.js';

export interface QaReporter {
  /** Every step the run will report, before any starts (reviewers see the plan). */
  plan(steps: { build: true; environment: true; checks: string[] }, digest?: string): Promise<void>;
  start(step: string): Promise<void>;
  complete(result: PhaseResult | CheckResult, digest?: string): Promise<void>;
  finish(record: QaRecord, results: { phases: PhaseResult[]; checks: CheckResult[] }): Promise<void>;
}

export const silentReporter: QaReporter = {
  plan: async () => undefined,
  start: async () => undefined,
  complete: async () => undefined,
  finish: async () => undefined,
};
