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
}

export interface TestSuite {
  name: string;
  timeMs: number;
  cases: TestCase[];
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
  helpUri?: string;
}

export interface FindingReport {
  format: 'sarif';
  path: string;
  findings: Finding[];
}
