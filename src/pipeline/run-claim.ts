// One QA run's identity and its hold on the environment's project: a run id (label on everything
// the run creates), a private directory for the files it generates, and a claim on the project
// that a newer run for the same PR (or sha) takes over. The run watches the claims while it works;
// once a newer run claims the project, it is replaced: its signal aborts with "replaced by run
// <id>", its phases end cancelled, and its teardown removes only its own containers.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimIds, claimProject, newerClaim, projectClaims, releaseClaims } from '../environment/claim.js';
import { EngineEvents, volumeCreatedArgv } from '../environment/engine-events.js';
import { runId } from '../environment/project.js';
import { runDirPrefix } from '../environment/run-dir.js';
import { errorMessage } from '../model/errors.js';
import type { Logger } from '../model/log.js';
import type { QaReporter } from '../model/reporter.js';

/** The abort reason of a run that a newer run for the same project replaced. */
export class RunReplacedError extends Error {
  constructor(
    readonly run: string,
    readonly by: string,
  ) {
    super(`replaced by run ${by}`);
    this.name = 'RunReplacedError';
  }
}

export interface RunClaim {
  /** runId(): on every container, network and volume of the run, and in its messages. */
  readonly id: string;
  /** Private (0700) directory for the run's generated files; removed by close(). */
  readonly dir: string;
  /** The caller's signal, also aborted (with a RunReplacedError) when a newer run claims the project. */
  readonly signal: AbortSignal;
  /** The newer run's id once this run was replaced. */
  replacedBy(): string | undefined;
  /** Stops watching and gives the project up (the environment is torn down): idempotent. */
  release(): Promise<void>;
  /** release(), then removes the private directory: idempotent. */
  close(): Promise<void>;
}

export interface ClaimOptions {
  project: string;
  repository: string;
  logger: Logger;
  signal: AbortSignal;
  /** How often the claims are looked at when the engine's events are not followed (default 1 s). */
  pollMs?: number;
  /** For tests: the id's time and random part. */
  now?: () => Date;
  random?: () => string;
}

/** How often the claims are looked at while the engine's volume events are followed. */
const SAFETY_POLL_MS = 5000;

/** Starts a run: its id and directory, its claim on the project, and the watch for a newer claim. */
export async function claimRun(options: ClaimOptions): Promise<RunClaim> {
  const { project, logger } = options;
  const id = runId(
    (options.now ?? (() => new Date()))(),
    (options.random ?? (() => randomBytes(4).toString('hex')))(),
  );
  const dir = await mkdtemp(join(tmpdir(), runDirPrefix(id)));
  const replaced = new AbortController();
  const signal = AbortSignal.any([options.signal, replaced.signal]);
  let by: string | undefined;
  let watching = true;
  const stopped = new AbortController();
  let released: Promise<void> | undefined;

  const stop = (): void => {
    watching = false;
    stopped.abort();
    void events.close();
  };
  /** `claims`: the listing just taken, when there is one (the first look shares the claim's). */
  const look = async (claims?: string[]): Promise<void> => {
    try {
      const newer = newerClaim(claims ?? (await projectClaims(project)), id);
      if (newer && watching) {
        by = newer;
        stop();
        logger.warning(
          `run ${id} is cancelled: replaced by run ${newer}, a newer run for ${project}; tearing down only this run's containers`,
        );
        replaced.abort(new RunReplacedError(id, newer));
      }
    } catch (error) {
      // The engine answering late is not a replacement; the phases see an engine that is gone.
      logger.debug(`looking at the claims on ${project}: ${errorMessage(error)}`);
    }
  };
  // A newer claim is a volume created on the engine: the claims are looked at when one with a
  // newer run id is (of this project or another: its name does not say), not every second, so
  // that runs sharing an engine do not spend it on listings. The slow poll covers a claim made
  // before the stream was followed; a stream that ended (the engine restarted) polls every second.
  const watch = async (following: EngineEvents): Promise<void> => {
    while (watching) {
      await following.next(following.following ? SAFETY_POLL_MS : (options.pollMs ?? 1000), stopped.signal);
      if (watching) await look();
    }
  };

  try {
    await claimProject(project, id, { repository: options.repository });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  logger.info(`run ${id} claims ${project}`);
  const events = new EngineEvents(volumeCreatedArgv(), (e) => (claimIds(e.actor)[0] ?? '') > id);
  // One listing for both questions: which older runs this one replaces, and whether a newer one
  // already replaced it.
  const claims = await projectClaims(project).catch(() => undefined);
  const older = (claims ?? []).filter((other) => other < id);
  if (older.length)
    logger.info(
      `run ${id} replaces run ${older.join(', run ')} for ${project}: that run ends cancelled, and this run's environment starts once it has torn its own down`,
    );
  await look(claims);
  if (watching) void watch(events);

  const release = (): Promise<void> => {
    stop();
    released ??= releaseClaims([id]).catch((error: unknown) =>
      logger.warning(`releasing the claim of run ${id} on ${project}: ${errorMessage(error)}`),
    );
    return released;
  };
  return {
    id,
    dir,
    signal,
    replacedBy: () => by,
    release,
    close: async () => {
      await release();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** "replaced by run <id>" when the signal was aborted by a newer run, else undefined. */
export function replacementOf(signal: AbortSignal): RunReplacedError | undefined {
  return signal.aborted && signal.reason instanceof RunReplacedError ? signal.reason : undefined;
}

/**
 * The steps, with every cancelled one saying why when a newer run replaced this one (pure):
 * "cancelled: replaced by run <id>". Others are returned as they are.
 */
export function explainReplaced<T extends { conclusion: string; summary: string }>(
  signal: AbortSignal,
  steps: readonly T[],
): T[] {
  const replaced = replacementOf(signal);
  if (!replaced) return [...steps];
  return steps.map((s) =>
    s.conclusion === 'cancelled' && !s.summary.includes(replaced.message)
      ? {
          ...s,
          summary: /^cancelled\b/.test(s.summary)
            ? `cancelled: ${replaced.message}`
            : `${s.summary} (${replaced.message})`,
        }
      : s,
  );
}

/** The reporter, with cancelled steps explained as explainReplaced() does (check runs say why too). */
export function replacementReporter(reporter: QaReporter, signal: AbortSignal): QaReporter {
  return {
    plan: (steps) => reporter.plan(steps),
    start: (step) => reporter.start(step),
    complete: (result, facts) => reporter.complete(explainReplaced(signal, [result])[0] ?? result, facts),
    finish: (record, results, facts) =>
      reporter.finish(
        record,
        { phases: explainReplaced(signal, results.phases), checks: explainReplaced(signal, results.checks) },
        facts,
      ),
  };
}
