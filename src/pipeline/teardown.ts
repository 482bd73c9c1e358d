// `teardown`: finds this repository's environments on the engine by their labels and removes them
// (containers, networks, volumes) by compose project, and the private directories (labels override)
// that the runs which started them left on this machine (a kept environment, a run that was killed).
// Idempotent; never touches an image, a tag or a digest (`--images`: teardown-images.ts).
import { inspectContainers, removeByLabel } from '../environment/compose.js';
import { LABEL } from '../environment/project.js';
import { removeStack, stackServices } from '../environment/swarm.js';
import { STACK_LABEL } from '../environment/swarm-args.js';
import { labelledRunDir, removeRunDirs, type RunDir } from '../environment/run-dir.js';
import { UsageError } from '../model/errors.js';
import { engineLabel, onEngine, type Engine } from '../exec/engine.js';
import type { Logger } from '../model/log.js';

export interface Environment {
  project: string;
  pr: number | null;
  sha: string | null;
  digest: string | null;
  /** Oldest io.immutable-qa.created of its containers (a stack's: of its services); null when unknown. */
  created: string | null;
  containers: number;
  /** The private directories of the runs that started it (label io.immutable-qa.run-dir). */
  runDirs?: RunDir[];
}

export interface TeardownOptions {
  /** The repository identity the QA run labelled its environments with (owner/name or the root path). */
  repository: string;
  pr?: number;
  all?: boolean;
  /** Only environments created longer ago than this. */
  olderThanMs?: number;
  logger: Logger;
  now?: () => Date;
  /** The engine the environments run on (environment.engine); undefined: the runner's. */
  engine?: Engine;
}

export interface TeardownResult {
  /** Compose projects removed. */
  removed: Environment[];
  /** Managed environments of the repository left in place (too young, other PRs). */
  kept: Environment[];
}

/** Every environment immutable-qa started for `repository` (all repositories when undefined). */
export async function listEnvironments(repository?: string): Promise<Environment[]> {
  const wanted = [`${LABEL.managed}=true`];
  if (repository !== undefined) wanted.push(`${LABEL.repository}=${repository}`);
  const containers = await inspectContainers(...wanted);
  // Compose projects by their containers; swarm stacks (on a manager) by their services, whose
  // tasks run on nodes this engine does not see. A task's container on this node is neither.
  const labelled = [
    ...containers.map((c) => ({ labels: c.Config.Labels ?? {}, project: c.Config.Labels?.[LABEL.project] })),
    ...(await stackServices(wanted)).map((s) => ({
      labels: s.Spec.Labels ?? {},
      project: s.Spec.Labels?.[STACK_LABEL],
    })),
  ];
  const byProject = new Map<string, Environment>();
  for (const { labels, project } of labelled) {
    if (!project) continue;
    const pr = labels[LABEL.pr] !== undefined ? Number(labels[LABEL.pr]) : null;
    const created = labels[LABEL.created] ?? null;
    const env = byProject.get(project) ?? {
      project,
      pr: pr !== null && Number.isInteger(pr) ? pr : null,
      sha: labels[LABEL.sha] ?? null,
      digest: labels[LABEL.digest] ?? null,
      created,
      containers: 0,
      runDirs: [],
    };
    env.containers++;
    // Only the services that run the tested image carry its digest (a database does not).
    env.digest ??= labels[LABEL.digest] ?? null;
    const dir = labelledRunDir(labels);
    if (dir && !env.runDirs?.some((d) => d.dir === dir.dir)) env.runDirs?.push(dir);
    if (created && (!env.created || created < env.created)) env.created = created;
    byProject.set(project, env);
  }
  return [...byProject.values()].sort((a, b) => a.project.localeCompare(b.project));
}

/** Which environments a teardown removes: the PR's (if given) and, with olderThanMs, only stale ones. */
export function selectEnvironments(
  environments: readonly Environment[],
  options: Pick<TeardownOptions, 'pr' | 'all' | 'olderThanMs'>,
  now: number,
): TeardownResult {
  if (options.pr === undefined && !options.all && options.olderThanMs === undefined)
    throw new UsageError('say which environments to remove: --pr N, --all, or --older-than 24h');
  if (options.pr !== undefined && options.all)
    throw new UsageError('--pr and --all exclude each other: pass one of them');
  const removed: Environment[] = [];
  const kept: Environment[] = [];
  for (const env of environments) {
    const prMatches = options.pr === undefined || env.pr === options.pr;
    const created = env.created ? Date.parse(env.created) : Number.NaN;
    // An environment of unknown age is never "older than": only explicit selection removes it.
    const oldEnough =
      options.olderThanMs === undefined || (!Number.isNaN(created) && now - created > options.olderThanMs);
    if (prMatches && oldEnough) removed.push(env);
    else kept.push(env);
  }
  return { removed, kept };
}

/** Teardown on the config's environment.engine (else the runner's engine). */
export function teardown(options: TeardownOptions): Promise<TeardownResult> {
  return onEngine(options.engine, () => teardownOnEngine(options));
}

async function teardownOnEngine(options: TeardownOptions): Promise<TeardownResult> {
  const { logger } = options;
  if (options.engine) logger.info(`on the engine at ${engineLabel(options.engine.host)}`);
  const now = (options.now ?? (() => new Date()))().getTime();
  selectEnvironments([], options, now); // usage errors before touching Docker
  const result = selectEnvironments(await listEnvironments(options.repository), options, now);
  for (const env of result.removed) {
    await removeStack(env.project);
    await removeByLabel(env.project);
    // Once nothing of the environment runs: its runs' files on this machine (none on another one).
    const dirs = await removeRunDirs(env.runDirs ?? []);
    logger.info(
      `removed ${env.project} (${env.containers} container(s)${env.pr !== null ? `, PR #${env.pr}` : ''}${env.created ? `, created ${env.created}` : ''}${dirs.removed.length ? `, ${dirs.removed.length} run director${dirs.removed.length === 1 ? 'y' : 'ies'}` : ''})`,
    );
    for (const d of dirs.removed) logger.debug(`removed the run directory ${d}`);
    for (const k of dirs.kept)
      logger.warning(`kept ${k.dir}, named by ${env.project}'s label ${LABEL.runDir}: ${k.reason}`);
  }
  if (result.removed.length === 0) logger.info('no environment to remove');
  return result;
}
