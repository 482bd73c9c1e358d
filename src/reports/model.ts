// One normalized model for every report format (JUnit XML, SARIF); parsers produce it,
// annotations and summaries consume it.

export type CaseResult = 'passed' | 'failed' | 'error' | 'skipped';

export interface TestCase {
  name: string;
  classname?: string;
  result: CaseResult;
  timeMs: number;
  file?: string;
  line?: number;
  message?: string;
  details?: string;
  /** How many times the report ran it (reruns, retries), when more than once. */
  attempts?: number;
  /** Passed, but only after a failed attempt (a rerun, Surefire's `<flakyFailure>`). */
  flaky?: boolean;
}

/** What a `<testsuite>` says about itself in its attributes. */
export interface DeclaredCounts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

export interface TestSuite {
  name: string;
  timeMs: number;
  cases: TestCase[];
  /**
   * Set on a suite that lists no test case but declares results (it crashed before writing them):
   * its counts stand in for the cases it does not list.
   */
  declared?: DeclaredCounts;
}

export interface TestReport {
  format: 'junit';
  path: string;
  suites: TestSuite[];
}

export type FindingLevel = 'error' | 'warning' | 'note' | 'none';

export interface Finding {
  ruleId: string;
  level: FindingLevel;
  message: string;
  tool: string;
  path?: string;
  startLine?: number;
  endLine?: number;
  /** 1-based columns of a one-line region, as the report counts them (SARIF: end is one past it). */
  startColumn?: number;
  endColumn?: number;
  helpUri?: string;
}

export interface FindingReport {
  format: 'sarif';
  path: string;
  findings: Finding[];
}
