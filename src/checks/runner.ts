// Runs checks in parallel (bounded), each with its timeout; turns handler outcomes into results.
import { readFile } from 'node:fs/promises';
import { errorMessage, WriteError } from '../model/errors.js';
import type { CheckOf } from '../config/schema.js';
import type { Check, CheckContext, CheckOutcome } from './handler.js';
import { driftCheck } from './drift.js';
import { httpCheck } from './http.js';
import { loadCheck } from './load/check.js';
import { runCommandCheck } from './command.js';
import { liveOutput, type LiveOptions } from './live.js';
import { withLogFile } from './log-file.js';
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
  /** Stream each check's output as it comes, prefixed with its name (the CLI); else each log once it ended. */
  live?: LiveOptions;
}

/**
 * What each check waits for: its `needs`, else, for a load check, every other check that is not a
 * load check (load measures best alone). Needs outside this run (the checks input) do not hold it up.
 */
export function dependencies(checks: readonly Check[]): Map<string, string[]> {
  const names = new Set(checks.map((c) => c.name));
  const others = checks.filter((c) => c.kind !== 'load').map((c) => c.name);
  return new Map(
    checks.map((c) => [
      c.name,
      (c.needs ?? (c.kind === 'load' ? others : [])).filter((n) => names.has(n) && n !== c.name),
    ]),
  );
}

/**
 * Runs checks at most `concurrency` at a time, each once all it needs ended: a check whose need did
 * not succeed is skipped (a required one then fails the verdict). Load checks run alone: none
 * starts while another check runs, and nothing starts while one runs.
 */
export async function runChecks(
  checks: Check[],
  ctx: CheckContext,
  options: RunChecksOptions = {},
): Promise<CheckResult[]> {
  const results = new Array<CheckResult>(checks.length);
  let writeError: WriteError | undefined;
  const limit = Math.max(1, options.concurrency ?? 4);
  const needs = dependencies(checks);
  const ended = new Map<string, CheckResult>();
  const pending = new Set(checks.map((_, i) => i));
  const running = new Map<number, Promise<void>>();

  const live = options.live
    ? liveOutput(
        checks.map((c) => c.name),
        options.live,
      )
    : undefined;

  const finish = async (check: Check, index: number, result: CheckResult): Promise<void> => {
    // A run check's output is in its log file; a built-in check's (attempts, latencies) is written there too.
    const streamed = result.logFile !== undefined;
    if (!streamed && result.conclusion !== 'skipped') result = await withLogFile(result, ctx.reportDir);
    results[index] = result;
    ended.set(check.name, result);
    await ctx.logger.group(`${symbol(result.conclusion)} ${check.name}: ${result.summary}`, async () => {
      if (streamed && live) return; // already shown line by line
      if (streamed) ctx.logger.info(await readFile(result.logFile!, 'utf8').catch(() => ''));
      else if (result.logTail) ctx.logger.info(result.logTail);
    });
    await options.onComplete?.(result);
  };
  const exclusiveRunning = (): boolean => [...running.keys()].some((i) => checks[i]!.kind === 'load');

  while (pending.size > 0 || running.size > 0) {
    let started = false;
    for (const index of [...pending]) {
      const check = checks[index]!;
      const waits = needs.get(check.name) ?? [];
      if (!waits.every((n) => ended.has(n))) continue;
      const failed = waits.filter(
        (n) => !['success', 'skipped', 'neutral'].includes(ended.get(n)!.conclusion),
      );
      if (failed.length) {
        pending.delete(index);
        const now = new Date().toISOString();
        await finish(check, index, {
          name: check.name,
          kind: check.kind,
          required: check.required,
          startedAt: now,
          completedAt: now,
          durationMs: 0,
          annotations: [],
          conclusion: 'skipped',
          summary: `skipped: it needs ${failed.map((n) => `${n} (${ended.get(n)!.conclusion})`).join(', ')}`,
        });
        started = true;
        continue;
      }
      if (exclusiveRunning() || running.size >= limit) break;
      // A load check that may start waits for the running ones, and holds back the rest meanwhile.
      if (check.kind === 'load' && running.size > 0) break;
      pending.delete(index);
      started = true;
      await options.onStart?.(check);
      const sink = live?.start(check.name);
      running.set(
        index,
        runOne(check, sink ? { ...ctx, output: sink.output } : ctx, (e) => (writeError ??= e)).then(
          async (result) => {
            sink?.end();
            await finish(check, index, result);
            running.delete(index);
          },
        ),
      );
      if (check.kind === 'load') break;
    }
    if (running.size > 0) await Promise.race(running.values());
    else if (!started) break; // nothing can start and nothing runs: cannot happen for a DAG
  }
  live?.close();
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
