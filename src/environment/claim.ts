// Who holds a compose project: every run claims its project on the engine as it starts, with an
// empty volume labelled with the project and its run id. The engine is what two CLI runs on one
// machine, and runners on two machines, share; so the claim is seen by every run that could replace
// the environment. The run with the greatest id (the later one, see runId()) holds the project: an
// older run that sees a newer claim is replaced (pipeline/run-claim.ts); a newer run starts its
// environment only once every older run released its claim (or after a bound, for a run that died).
import { docker } from '../exec/docker.js';
import { tail } from '../exec/exec.js';
import { InfrastructureError } from '../model/errors.js';
import { claimVolume, engineCommand } from './compose-args.js';
import { LABEL, RUN_ID } from './project.js';

const PREFIX = claimVolume('');

export interface ClaimLabels {
  /** repositoryIdentity(): which repository's run it is (for people reading `docker volume ls`). */
  repository: string;
}

/** Claims `project` for `run` (idempotent for the same run). */
export async function claimProject(project: string, run: string, labels: ClaimLabels): Promise<void> {
  const result = await docker(
    engineCommand.createClaim(run, {
      [LABEL.managed]: 'true',
      [LABEL.claim]: project,
      [LABEL.run]: run,
      [LABEL.repository]: labels.repository,
    }),
  );
  if (result.code !== 0)
    throw new InfrastructureError(`cannot claim ${project} for run ${run}: ${tail(result.stderr, 3)}`);
}

/** The ids of the runs that claim `project` now, oldest first. */
export async function projectClaims(project: string): Promise<string[]> {
  const result = await docker(engineCommand.listClaims(project));
  if (result.code !== 0)
    throw new InfrastructureError(`cannot list the claims on ${project}: ${tail(result.stderr, 3)}`);
  return claimIds(result.stdout);
}

/** Run ids from `volume ls --quiet` output of claim volumes (pure); names not of our form are skipped. */
export function claimIds(volumeNames: string): string[] {
  return volumeNames
    .split('\n')
    .map((n) => n.trim())
    .filter((n) => n.startsWith(PREFIX))
    .map((n) => n.slice(PREFIX.length))
    .filter((id) => RUN_ID.test(id))
    .sort();
}

/** The newest claim when it is newer than `run` (the run that replaces it), else undefined (pure). */
export function newerClaim(claims: readonly string[], run: string): string | undefined {
  const newest = [...claims].sort().at(-1);
  return newest !== undefined && newest > run ? newest : undefined;
}

/** Gives the claims up (idempotent: a claim already gone is no error). */
export async function releaseClaims(runs: readonly string[]): Promise<void> {
  if (runs.length === 0) return;
  await docker(engineCommand.removeVolumes(runs.map(claimVolume)));
}

export interface AwaitOlderOptions {
  /** How long an older run gets to tear its environment down and release its claim. */
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** Told once, with the older runs, when there is something to wait for. */
  onWait?: (older: string[]) => void;
}

/**
 * Waits until no run older than `run` claims `project`: an older run that is being replaced tears
 * its environment down first, so the two never remove each other's containers or share a network.
 * Claims still there after the bound belong to runs that died: they are released here. Returns the
 * runs that were waited for.
 */
export async function awaitOlderClaims(
  project: string,
  run: string,
  options: AwaitOlderOptions,
): Promise<{ waitedFor: string[]; released: string[] }> {
  const deadline = Date.now() + options.timeoutMs;
  let waitedFor: string[] = [];
  for (;;) {
    const older = (await projectClaims(project)).filter((id) => id < run);
    if (older.length === 0) return { waitedFor, released: [] };
    if (waitedFor.length === 0) {
      waitedFor = older;
      options.onWait?.(older);
    }
    if (options.signal?.aborted) return { waitedFor, released: [] };
    if (Date.now() >= deadline) {
      await releaseClaims(older);
      return { waitedFor, released: older };
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
}
