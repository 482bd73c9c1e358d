// Runs checks in parallel (bounded), each with its timeout; turns handler outcomes into results.
import { readFile } from 'node:fs/promises';
import { errorMessage, WriteError } from '../model/errors.js';
import type { CheckOf } from '../config/schema.js';
import type { Check, CheckContext, CheckOutcome } from './handler.js';
import { driftCheck } from './drift.js';
import { httpCheck } from './http.js';
import { loadCheck } from './load/check.js';
import { runCommandCheck } from './command.js';
import type { CheckKind, CheckResult, Conclusion } from '../model/results.js';

/** One handler per kind, each taking only checks of its kind. */
export const handlers: { [K in CheckKind]: (check: CheckOf<K>, ctx: CheckContext) => Promise<CheckOutcome> } =
  {
    run: runCommandCheck,
    http: httpCheck,
    load: loadCheck,
    drift: driftCheck,
  };

export interface RunChecksOptions {
  concurrency?: number;
  onStart?: (check: Check) => void | Promise<void>;
  onComplete?: (result: CheckResult) => void | Promise<void>;
}

export async function runChecks(
  checks: Check[],
  ctx: CheckContext,
  options: RunChecksOptions = {},
): Promise<CheckResult[]> {
  const results = new Array<CheckResult>(checks.length);
  let writeError: WriteError | undefined;
  const limit = Math.max(1, options.concurrency ?? 4);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      const check = checks[index];
      if (!check) return;
      await options.onStart?.(check);
      const result = await runOne(check, ctx, (e) => (writeError ??= e));
      results[index] = result;
      await ctx.logger.group(`${symbol(result.conclusion)} ${check.name}: ${result.summary}`, async () => {
        if (result.logFile) ctx.logger.info(await readFile(result.logFile, 'utf8').catch(() => ''));
        else if (result.logTail) ctx.logger.info(result.logTail);
      });
      await options.onComplete?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, checks.length) }, worker));
  // After every check ended (none left running): the run is an infrastructure error, exit 3.
  if (writeError) throw writeError;
  return results;
}

export async function runOne(
  check: Check,
  ctx: CheckContext,
  onWriteError?: (error: WriteError) => void,
): Promise<CheckResult> {
  const startedAt = new Date();
  let outcome: CheckOutcome;
  if (ctx.signal.aborted) outcome = { conclusion: 'cancelled', summary: 'cancelled before it started' };
  else {
    try {
      outcome = await handle(check, ctx);
    } catch (error) {
      if (error instanceof WriteError) onWriteError?.(error);
      outcome = { conclusion: 'failure', summary: `error: ${errorMessage(error)}` };
    }
  }
  const completedAt = new Date();
  return {
    name: check.name,
    kind: check.kind,
    required: check.required,
    startedAt: startedAt.toISOString(),
    completedAt: completedAt.toISOString(),
    durationMs: completedAt.getTime() - startedAt.getTime(),
    annotations: [],
    ...outcome,
  };
}

/** The handler of the check's kind (a switch, so each branch passes its narrowed check). */
function handle(check: Check, ctx: CheckContext): Promise<CheckOutcome> {
  switch (check.kind) {
    case 'run':
      return handlers.run(check, ctx);
    case 'http':
      return handlers.http(check, ctx);
    case 'load':
      return handlers.load(check, ctx);
    case 'drift':
      return handlers.drift(check, ctx);
  }
}

export function symbol(conclusion: Conclusion): string {
  return { success: '✓', failure: '✗', timed_out: '⏱', cancelled: '⊘', skipped: '−', neutral: '○' }[
    conclusion
  ];
}
