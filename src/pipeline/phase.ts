// Running one phase of the QA pipeline (build, environment) as a reported step: start, run the
// body, complete with its conclusion, and hand the body's value back. A failure of the phase is a
// result, not a throw; a phase stopped by the run's cancellation is `cancelled`, not failed; an
// engine or registry that stopped answering is a throw (EngineUnreachableError, RegistryError:
// exit 3) after the phase's check run shows it as an infrastructure error, told by its type.
import { EngineUnreachableError, errorMessage, PhaseFailure } from '../model/errors.js';
import { RegistryError } from '../registry/errors.js';
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

/** True for errors that end the run (exit 3) rather than fail the phase: the engine or the registry is gone. */
export function endsTheRun(error: unknown): boolean {
  return error instanceof EngineUnreachableError || error instanceof RegistryError;
}

export async function phase<T>(
  name: PhaseName,
  io: { reporter: QaReporter; logger: Logger; signal?: AbortSignal },
  /** What the phase's check run shows beside it, given the body's value (undefined: it failed). */
  facts: (value: T | undefined) => RunFacts,
  body: () => Promise<PhaseOutcome<T>>,
): Promise<Phased<T>> {
  const { reporter, logger, signal } = io;
  await reporter.start(name);
  const started = new Date();
  let conclusion: Conclusion = 'success';
  let outcome: PhaseOutcome<T> | undefined;
  let summary: string;
  let logTail: string | undefined;
  let ends: unknown;
  try {
    outcome = await logger.group(name === 'build' ? 'Build' : 'Environment', body);
    summary = outcome.summary;
  } catch (error) {
    if (error instanceof PhaseFailure) logTail = error.logTail;
    if (signal?.aborted) {
      // Whatever the interrupted command printed, the phase did not fail: it was stopped.
      conclusion = 'cancelled';
      summary = 'cancelled';
      logger.warning(`${name}: cancelled`);
    } else if (endsTheRun(error)) {
      ends = error;
      conclusion = 'failure';
      summary = `infrastructure error (not a verdict on the code): ${errorMessage(error)}`;
      logger.error(`${name}: ${summary}`);
    } else {
      conclusion = 'failure';
      summary = errorMessage(error);
      logger.error(`${name}: ${summary}${logTail ? `\n${logTail}` : ''}`);
    }
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
  if (ends !== undefined) throw ends;
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
