// Error classes map onto the CLI exit codes of DESIGN.md: 2 = usage/config (nothing started),
// 3 = infrastructure (Docker, registry or GitHub unreachable after retries, a write that failed),
// 130/143 = interrupted by SIGINT/SIGTERM (after teardown).

export const ExitCode = {
  Ok: 0,
  Failed: 1,
  Usage: 2,
  Infrastructure: 3,
  Interrupted: 130,
  Terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Something the user must fix in the config file; message carries file:line:col. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Wrong flags, inputs or event: the user must fix how we were called. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Docker, registry or GitHub unreachable or misbehaving after retries. */
export class InfrastructureError extends Error {
  override name = 'InfrastructureError';
}

/**
 * A file or directory the run writes (report dir, QA record, logs) could not be written: full disk,
 * no permission, a file where a directory should be. Names the path; exit 3.
 */
export class WriteError extends InfrastructureError {
  override name = 'WriteError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(
      `cannot write ${path}: ${errorMessage(cause)}. ` +
        'Free disk space, fix the permissions, or pass another --report-dir',
    );
  }
}

/**
 * The run was cancelled (SIGINT/SIGTERM, a cancelled workflow run): raised by work that stopped
 * because the run's AbortSignal fired, so callers tell "stopped on purpose" from a failure by type.
 */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

/** A CancelledError when `signal` has fired (its reason as the message), else undefined. */
export function cancelledBy(signal: AbortSignal | undefined): CancelledError | undefined {
  if (!signal?.aborted) return undefined;
  return new CancelledError(signal.reason instanceof Error ? signal.reason.message : 'cancelled');
}

/**
 * The Docker engine does not answer (daemon down, socket gone): raised where the engine is called,
 * so a daemon that dies mid-build or mid-`up` ends the run with exit 3, not as a failed phase.
 */
export class EngineUnreachableError extends InfrastructureError {
  override name = 'EngineUnreachableError';
}

/**
 * Why a promotion was refused: the `reason` of `promote --json`, a contract (README "Refusal
 * reasons" documents each one; a test keeps the two in step).
 */
export const REFUSAL_REASONS = [
  'no-record',
  'subject-mismatch',
  'sha-mismatch',
  'failed-verdict',
  'later-failure',
  'dirty',
  'tree-unknown',
  'tree-mismatch',
  'not-merged',
  'unsigned',
  'untrusted-signer',
  'bad-signature',
  'annotation-mismatch',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/**
 * A refusal: the tool worked, but what was asked must not happen (e.g. promoting a digest that was
 * not tested). Exit 1; the message says what happened and how to fix it.
 */
export class RefusalError extends Error {
  override name = 'RefusalError';
  constructor(
    message: string,
    /** Machine-readable reason (REFUSAL_REASONS). */
    readonly reason: RefusalReason,
  ) {
    super(message);
  }
}

/** A failed build or environment phase, with the log lines that show why (the phase's logTail). */
export class PhaseFailure extends Error {
  constructor(
    message: string,
    readonly logTail: string,
  ) {
    super(message);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof RefusalError) return ExitCode.Failed;
  if (error instanceof ConfigurationError || error instanceof UsageError) return ExitCode.Usage;
  return ExitCode.Infrastructure;
}
