// Running one phase of the QA pipeline (build, environment) as a reported step: start, run the
// body, complete with its conclusion, and hand the body's value back. A failure of the phase is a
// result, not a throw; an engine that stopped answering is a throw (EngineUnreachableError, exit 3),
// told by its type.
import { EngineUnreachableError, errorMessage, PhaseFailure } from '../model/errors.js';
import type { Logger } from '../model/log.js';
import type { QaReporter, RunFacts } from '../model/reporter.js';
import type { CheckResult, Conclusion, PhaseName, PhaseResult } from '../model/results.js';

export interface PhaseOutcome<T> {
  value: T;
  summary: string;
  details?: string;
}

export interface Phased<T> {
  result: PhaseResult;
  /** The body's value; undefined when the phase failed. */
  value?: T;
}

/** True for errors that end the run (exit 3) rather than fail the phase. */
export function endsTheRun(error: unknown): boolean {
  return error instanceof EngineUnreachableError;
}

export async function phase<T>(
  name: PhaseName,
  io: { reporter: QaReporter; logger: Logger },
  /** What the phase's check run shows beside it, given the body's value (undefined: it failed). */
  facts: (value: T | undefined) => RunFacts,
  body: () => Promise<PhaseOutcome<T>>,
): Promise<Phased<T>> {
  const { reporter, logger } = io;
  await reporter.start(name);
  const started = new Date();
  let conclusion: Conclusion = 'success';
  let outcome: PhaseOutcome<T> | undefined;
  let summary: string;
  let logTail: string | undefined;
  try {
    outcome = await logger.group(name === 'build' ? 'Build' : 'Environment', body);
    summary = outcome.summary;
  } catch (error) {
    if (endsTheRun(error)) throw error;
    conclusion = 'failure';
    summary = errorMessage(error);
    if (error instanceof PhaseFailure) logTail = error.logTail;
    logger.error(`${name}: ${summary}${logTail ? `\n${logTail}` : ''}`);
  }
  const completed = new Date();
  const result: PhaseResult = {
    name,
    conclusion,
    startedAt: started.toISOString(),
    completedAt: completed.toISOString(),
    durationMs: completed.getTime() - started.getTime(),
    summary,
    details: outcome?.details,
    logTail,
    annotations: [],
  };
  await reporter.complete(result, facts(outcome?.value));
  return outcome ? { result, value: outcome.value } : { result };
}

export function skippedPhase(name: PhaseName, conclusion: Conclusion, summary: string): PhaseResult {
  const now = new Date().toISOString();
  return { name, conclusion, startedAt: now, completedAt: now, durationMs: 0, summary, annotations: [] };
}

export function skippedCheck(
  name: string,
  kind: CheckResult['kind'],
  required: boolean,
  conclusion: Conclusion,
): CheckResult {
  const now = new Date().toISOString();
  const summary = conclusion === 'cancelled' ? 'cancelled' : 'skipped: the environment was not ready';
  return {
    name,
    kind,
    required,
    conclusion,
    startedAt: now,
    completedAt: now,
    durationMs: 0,
    summary,
    annotations: [],
  };
}
