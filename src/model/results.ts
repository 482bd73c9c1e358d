// The one result model every phase and check produces; reporters (log, summary, check runs,
// PR comment, QA record) consume only this.

/** The four kinds of check; a config check has exactly one of these keys. */
export const CHECK_KINDS = ['run', 'http', 'load', 'drift'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export type Conclusion = 'success' | 'failure' | 'timed_out' | 'cancelled' | 'skipped' | 'neutral';

export interface Annotation {
  path: string;
  startLine: number;
  endLine: number;
  /** Columns (1-based), only on an annotation whose startLine equals its endLine (GitHub's rule). */
  startColumn?: number;
  endColumn?: number;
  level: 'notice' | 'warning' | 'failure';
  title?: string;
  message: string;
  rawDetails?: string;
}

export interface TestTotals {
  passed: number;
  failed: number;
  skipped: number;
  total: number;
  /** Of the passed, how many passed only after a failed attempt (set when there are any). */
  flaky?: number;
}

export interface StepResult {
  name: string;
  conclusion: Conclusion;
  startedAt: string;
  completedAt: string;
  durationMs: number;
  /** One line for tables and the QA record. */
  summary: string;
  /** Markdown body for the check run / job summary (tables, percentiles, last response…). */
  details?: string;
  /** Last lines of output, shown when something failed. */
  logTail?: string;
  annotations: Annotation[];
}

export interface CheckResult extends StepResult {
  kind: CheckKind;
  required: boolean;
  logFile?: string;
  tests?: TestTotals;
}

export type PhaseName = 'build' | 'environment';
export type PhaseResult = StepResult & { name: PhaseName };
