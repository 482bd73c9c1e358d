// Compose backend: Compose v2 (`docker compose`) when the plugin answers, else docker-compose v1.
// Readiness, ports and teardown go through the engine by label so they work the same for both.
import { createHash } from 'node:crypto';
import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { docker, dockerBin, engineExec, hasPlugin } from '../exec/docker.js';
import { engineAddress } from '../exec/engine.js';
import { InfrastructureError, PhaseFailure } from '../model/errors.js';
import { tail, type ExecResult } from '../exec/exec.js';
import type { ContainerState, EnvironmentBackend, EnvironmentSpec, ReadyOutcome } from './backend.js';
import { awaitOlderClaims, projectClaims, releaseClaims } from './claim.js';
import {
  composeArgv,
  composeCommand,
  definedResources,
  engineCommand,
  labelsFilePath,
  labelsOverride,
  imageServices,
  pinnedServices,
  projectLabel,
  runLabel,
  type ComposeVersion,
  type DefinedResources,
} from './compose-args.js';
import { composeUpError, composeUpHint } from './compose-output.js';
import { EngineEvents } from './engine-events.js';
import { publishedPorts, type InspectedPorts } from './endpoints.js';
import { LABEL } from './project.js';
import { labelledRunDir, removeRunDirs } from './run-dir.js';

/** How long a newer run waits for an older one it replaces to tear down and release the project. */
export const OLDER_RUN_GRACE_MS = 30_000;

/** A container as `docker inspect` shows it (the fields we read). */
export interface InspectedContainer {
  Id: string;
  Name: string;
  Image: string;
  Config: { Labels: Record<string, string> | null };
  State: { Status: string; ExitCode: number; Health?: { Status: string } };
  NetworkSettings?: { Ports?: InspectedPorts; Networks?: Record<string, unknown> | null };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Readiness waits for the project's next engine event; this slow poll only covers one the stream
 * missed, the fast one a stream that ended (the engine restarted).
 */
const EVENTLESS_POLL_MS = 5000;
const POLL_MS = 500;

/**
 * What a definition is rendered with before the tested image exists: which services reference it
 * (and must wait for the build) shows where these land.
 */
const PENDING_IMAGE = {
  IMMUTABLE_QA_IMAGE: 'immutable-qa.invalid/pending-build:pending',
  IMMUTABLE_QA_DIGEST: `sha256:${'0'.repeat(64)}`,
};
const PENDING_VALUES = [PENDING_IMAGE.IMMUTABLE_QA_IMAGE, PENDING_IMAGE.IMMUTABLE_QA_DIGEST];

export async function composeBackend(): Promise<ComposeBackend> {
  return new ComposeBackend((await hasPlugin('compose')) ? 'v2' : 'v1');
}

export class ComposeBackend implements EnvironmentBackend {
  /** Per project: its one-shot services, from the definition up() rendered (ready() judges by them). */
  private readonly oneShot = new Map<string, string[]>();
  /** Per run: the engine events followed since its `compose up`, until ready() (or down()) ends them. */
  private readonly events = new Map<string, EngineEvents>();
  /** Runs whose project startEarly() already claimed and replaced: up() does not again. */
  private readonly claimed = new Set<string>();
  /** Per run: the user's files as startEarly() rendered them (the image a placeholder); up() starts from them. */
  private readonly rendered = new Map<string, DefinedResources>();
  readonly kind: string;
  constructor(readonly version: ComposeVersion) {
    this.kind = `compose ${version}`;
  }

  /** In the run's private directory: two runs for one project never share (or delete) it. */
  private labelsFile(spec: EnvironmentSpec): string {
    return labelsFilePath(spec.run?.dir ?? tmpdir(), spec.project);
  }

  private async compose(
    spec: EnvironmentSpec,
    args: string[],
    signal?: AbortSignal,
    withLabels = true,
  ): Promise<ExecResult> {
    const argv = composeArgv(
      {
        version: this.version,
        dockerBin: dockerBin(),
        project: spec.project,
        root: spec.root,
        files: spec.composeFiles,
        ...(withLabels ? { override: this.labelsFile(spec) } : {}),
      },
      args,
    );
    return engineExec(argv, { cwd: spec.root, env: { ...process.env, ...spec.variables }, signal });
  }

  private async checked(
    spec: EnvironmentSpec,
    args: string[],
    signal?: AbortSignal,
    withLabels = true,
  ): Promise<ExecResult> {
    const result = await this.compose(spec, args, signal, withLabels);
    if (result.code !== 0)
      throw new InfrastructureError(
        `compose ${args[0]} failed (exit ${result.code ?? result.signal}): ${tail(result.stderr || result.stdout, 20)}`,
      );
    return result;
  }

  /** The services of the user's compose files (`config --services`). */
  async services(spec: EnvironmentSpec, signal?: AbortSignal): Promise<string[]> {
    return (await this.checked(spec, composeCommand.services(), signal, false)).stdout
      .split('\n')
      .filter(Boolean);
  }

  async startEarly(spec: EnvironmentSpec, signal?: AbortSignal): Promise<string[]> {
    const pending: EnvironmentSpec = { ...spec, variables: { ...spec.variables, ...PENDING_IMAGE } };
    // Claimed while the image builds, and while the files render (independent of each other), even
    // when nothing can start yet: waiting for older runs and removing the PR's previous
    // environment need no image.
    // Both settle before startEarly() does (up() must never claim while this claim is in flight),
    // and a rejection of either is handled at once; the claim's is the one reported first.
    const [claimed, rendered] = await Promise.allSettled([
      this.claim(spec, signal),
      this.render(pending, signal),
    ]);
    if (claimed.status === 'rejected') throw claimed.reason;
    if (rendered.status === 'rejected') throw rendered.reason;
    const { resources } = rendered.value;
    this.rendered.set(runKey(spec), resources);
    const waiting = imageServices(resources, pinnedServices(resources.builds, spec.build), PENDING_VALUES);
    const early = resources.services.filter((s) => !waiting.includes(s));
    if (early.length === 0) return [];
    await this.writeOverride(pending, resources, waiting);
    const up = await this.compose(pending, composeCommand.up(early), signal);
    if (up.code !== 0)
      throw new InfrastructureError(
        `compose up ${early.join(' ')} failed (exit ${up.code ?? up.signal}): ${tail(up.stderr || up.stdout, 5)}`,
      );
    return early;
  }

  async up(spec: EnvironmentSpec, signal?: AbortSignal): Promise<{ services: string[]; definition: string }> {
    // startEarly()'s render decides what starts: the same files, and compose interpolates values,
    // not keys, so only the image differs. The definition (hash and drift baseline) is rendered
    // with the image while compose starts the services.
    const early = this.rendered.get(runKey(spec));
    this.rendered.delete(runKey(spec));
    const rendering = early
      ? this.definition(spec, signal).then((definition) => ({ definition, resources: early }))
      : this.render(spec, signal);
    rendering.catch(() => undefined);
    const resources = early ?? (await rendering).resources;
    this.oneShot.set(spec.project, resources.oneShot);
    const image = spec.variables.IMMUTABLE_QA_IMAGE;
    const pinned = pinnedServices(resources.builds, spec.build);
    const tested = imageServices(
      resources,
      pinned,
      early
        ? PENDING_VALUES
        : [image, spec.variables.IMMUTABLE_QA_DIGEST].filter((v): v is string => Boolean(v)),
    );
    await this.writeOverride(spec, resources, tested, image ? { services: pinned, image } : undefined);
    if (!this.claimed.delete(runKey(spec))) await this.claim(spec, signal);
    // Followed from before compose starts anything: ready() misses no start, death or health change.
    const events = EngineEvents.containers(scopeLabels(spec));
    const up = await this.compose(spec, composeCommand.up(), signal).catch(async (error: unknown) => {
      await events.close();
      throw error;
    });
    if (up.code !== 0) {
      await events.close();
      // Compose stops at a job that failed (service_completed_successfully): that is the code's
      // failure, shown with the job's own output, not compose's progress lines.
      const containers = await listContainers(spec.project, spec.run?.id).catch(() => []);
      const failed = containers.find(
        (c) => resources.oneShot.includes(c.service) && c.status === 'exited' && c.exitCode !== 0,
      );
      if (failed)
        throw new PhaseFailure(
          `one-shot service "${failed.service}" failed: exited with code ${failed.exitCode}`,
          await this.logs(spec, 40),
        );
      // Otherwise the engine's own error line (a taken host port or container name), not compose's
      // last progress line; its whole output goes in the log tail.
      const output = `${up.stderr}\n${up.stdout}`;
      const cause = composeUpError(output) ?? 'compose printed no error';
      const hint = composeUpHint(cause);
      throw new PhaseFailure(
        `compose up failed (exit ${up.code ?? up.signal}): ${hint ? `${cause.replace(/[.\s]+$/, '')}. ${hint}` : cause}`,
        tail(output, 30),
      );
    }
    this.events
      .get(runKey(spec))
      ?.close()
      .catch(() => undefined);
    this.events.set(runKey(spec), events);
    const { definition } = await rendering;
    return { services: resources.services, definition };
  }

  /** The user's files rendered (`compose config`, without our override): what compose will create. */
  private async render(
    spec: EnvironmentSpec,
    signal?: AbortSignal,
  ): Promise<{ definition: string; resources: DefinedResources }> {
    const definition = await this.definition(spec, signal);
    return { definition, resources: definedResources(definition, spec.root) };
  }

  /**
   * Labels go on every service, network and volume through a generated override file; the user's
   * files stay untouched. The run label is what the run's own teardown removes by; the digest label
   * only goes on the services that run the tested image, so the labels of the others (and so
   * their containers) are the same whether startEarly() or up() created them.
   */
  private async writeOverride(
    spec: EnvironmentSpec,
    resources: DefinedResources,
    tested: readonly string[],
    pinned?: { services: string[]; image: string },
  ): Promise<void> {
    // The run's directory too: a run that never tears down leaves it, and whoever removes its
    // environment later (teardown, a newer run's replace) finds it by this label (run-dir.ts).
    const labels = spec.run
      ? { ...spec.labels, [LABEL.run]: spec.run.id, [LABEL.runDir]: spec.run.dir }
      : spec.labels;
    const { [LABEL.digest]: digest, ...shared } = labels;
    await writeFile(
      this.labelsFile(spec),
      labelsOverride(resources.services, shared, resources, pinned, {
        services: tested,
        labels: digest !== undefined ? { [LABEL.digest]: digest } : {},
      }),
    );
  }

  /** Waits for older runs of the project to end, then replaces what is left of it; once per run. */
  private async claim(spec: EnvironmentSpec, signal?: AbortSignal): Promise<void> {
    // A newer run for the same project starts once the older ones have torn down (or died).
    if (spec.run)
      await awaitOlderClaims(spec.project, spec.run.id, { timeoutMs: OLDER_RUN_GRACE_MS, signal });
    // Cancelled (or replaced) while waiting: start nothing, remove nothing.
    if (signal?.aborted) throw new Error('cancelled before the environment started');
    // A re-run for the same PR replaces the old environment rather than reusing its state.
    await replaceProject(spec.project, spec.labels[LABEL.repository], spec.run?.id);
    this.claimed.add(runKey(spec));
  }

  async ready(spec: EnvironmentSpec, timeoutMs: number, signal?: AbortSignal): Promise<ReadyOutcome> {
    const deadline = Date.now() + timeoutMs;
    const jobs = this.oneShot.get(spec.project) ?? [];
    const events = this.events.get(runKey(spec)) ?? EngineEvents.containers(scopeLabels(spec));
    this.events.delete(runKey(spec));
    try {
      for (;;) {
        // What came before this inspect is in what it shows.
        events.drain();
        const containers = await listContainers(spec.project, spec.run?.id);
        const outcome = evaluate(containers, jobs);
        if (outcome.ready || outcome.reason) return outcome;
        if (signal?.aborted) return { ready: false, reason: 'cancelled', containers };
        const left = deadline - Date.now();
        if (left <= 0) {
          const waiting = containers.filter((c) =>
            jobs.includes(c.service)
              ? c.status !== 'exited'
              : c.status !== 'running' || (c.health && c.health !== 'healthy'),
          );
          return {
            ready: false,
            reason: `not ready after ${Math.round(timeoutMs / 1000)}s: ${waiting.map((c) => `${c.service} is ${c.health ?? c.status}`).join(', ') || 'no containers'}`,
            containers,
          };
        }
        await events.next(Math.min(left, events.following ? EVENTLESS_POLL_MS : POLL_MS), signal);
      }
    } finally {
      await events.close();
    }
  }

  async definition(spec: EnvironmentSpec, signal?: AbortSignal): Promise<string> {
    return (await this.checked(spec, composeCommand.config(), signal, false)).stdout;
  }

  async logs(spec: EnvironmentSpec, lines: number): Promise<string> {
    const result = await this.compose(spec, composeCommand.logs(lines));
    return (result.stdout + result.stderr).trimEnd();
  }

  /**
   * Ephemeral environments need no graceful stop: remove by label (= down --volumes
   * --remove-orphans, minus the wait). A run's spec removes only what that run created: never the
   * environment of a newer run that replaced it.
   */
  async down(spec: EnvironmentSpec): Promise<void> {
    const events = this.events.get(runKey(spec));
    this.events.delete(runKey(spec));
    this.claimed.delete(runKey(spec));
    this.rendered.delete(runKey(spec));
    await events?.close();
    await removeByLabel(spec.project, spec.run ? { run: spec.run.id } : {});
    await rm(this.labelsFile(spec), { force: true });
  }
}

/** Which run of which project a spec belongs to (the backend's per-run state is keyed by it). */
function runKey(spec: EnvironmentSpec): string {
  return `${spec.project}\n${spec.run?.id ?? ''}`;
}

/** The labels of what one run created (of the whole project when the spec has no run). */
function scopeLabels(spec: EnvironmentSpec): string[] {
  return [projectLabel(spec.project), ...(spec.run ? [runLabel(spec.run.id)] : [])];
}

/** The hash recorded for a rendered definition (QA record `environment.definition_sha256`, drift checks). */
export function definitionSha256(definition: string): string {
  return createHash('sha256').update(definition).digest('hex');
}

/**
 * Ready = every long-running service running (and healthy, when it has a healthcheck) and every
 * one-shot service (compose-args.ts DefinedResources.oneShot) exited 0. Any other exit, or an
 * unhealthy service, is a failure now rather than at the timeout.
 */
export function evaluate(containers: ContainerState[], oneShot: readonly string[] = []): ReadyOutcome {
  if (containers.length === 0) return { ready: false, containers };
  const job = (c: ContainerState): boolean => oneShot.includes(c.service);
  const failedJob = containers.find(
    (c) => job(c) && (c.status === 'exited' || c.status === 'dead') && c.exitCode !== 0,
  );
  if (failedJob)
    return {
      ready: false,
      reason: `one-shot service "${failedJob.service}" failed: exited with code ${failedJob.exitCode}`,
      containers,
    };
  const dead = containers.find((c) => !job(c) && (c.status === 'exited' || c.status === 'dead'));
  if (dead)
    return {
      ready: false,
      reason:
        `service "${dead.service}" exited with code ${dead.exitCode}` +
        (dead.exitCode === 0
          ? ' (a one-shot job? depend on it with condition: service_completed_successfully, or give it restart: "no")'
          : ''),
      containers,
    };
  const sick = containers.find((c) => c.health === 'unhealthy');
  if (sick) return { ready: false, reason: `service "${sick.service}" is unhealthy`, containers };
  const ready = containers.every((c) =>
    job(c)
      ? c.status === 'exited' && c.exitCode === 0
      : c.status === 'running' && (c.health === undefined || c.health === 'healthy'),
  );
  return { ready, containers };
}

/** IDs of the containers (running or not) that carry every one of the `key=value` labels. */
async function containerIds(...labels: string[]): Promise<string[]> {
  const result = await docker(engineCommand.containerIds(labels));
  if (result.code !== 0) throw new InfrastructureError(`docker ps failed: ${tail(result.stderr, 5)}`);
  return result.stdout.split('\n').filter(Boolean);
}

/** `docker inspect` of the containers (running or not) that carry every one of the `key=value` labels. */
export async function inspectContainers(...labels: string[]): Promise<InspectedContainer[]> {
  const ids = await containerIds(...labels);
  if (ids.length === 0) return [];
  const result = await docker(engineCommand.inspect(ids));
  // A container can vanish between ps and inspect; inspect still prints the others.
  return JSON.parse(result.stdout.trim() || '[]') as InspectedContainer[];
}

/** The containers of a project; with `run`, only those that run created. */
export async function listContainers(project: string, run?: string): Promise<ContainerState[]> {
  const parsed = await inspectContainers(
    projectLabel(project),
    ...(run !== undefined ? [runLabel(run)] : []),
  );
  const address = engineAddress();
  return parsed.map((c) => {
    const owner = c.Config.Labels?.[LABEL.run];
    return {
      id: c.Id,
      name: c.Name.replace(/^\//, ''),
      service: c.Config.Labels?.[LABEL.service] ?? c.Name,
      image: c.Image,
      status: c.State.Status,
      health: c.State.Health?.Status,
      exitCode: c.State.ExitCode,
      ...(owner !== undefined ? { run: owner } : {}),
      ports: publishedPorts(c.NetworkSettings?.Ports, address),
      networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
    };
  });
}

const BASELINE_SUFFIX = '-baseline';

/**
 * The compose project of an environment's baseline sibling (load checks with `baseline: last-promoted`):
 * `<project>-baseline`, at most 63 chars; when that is too long the repository part is cut, never the
 * `pr<n>` / sha suffix, so siblings of different PRs never share a project.
 */
export function baselineProject(project: string): string {
  if (project.length + BASELINE_SUFFIX.length <= 63) return `${project}${BASELINE_SUFFIX}`;
  const dash = project.lastIndexOf('-');
  const suffix = dash > 0 ? project.slice(dash) : '';
  const head = project
    .slice(0, dash > 0 ? dash : project.length)
    .slice(0, 63 - BASELINE_SUFFIX.length - suffix.length)
    .replace(/-+$/, '');
  return `${head}${suffix}${BASELINE_SUFFIX}`;
}

/**
 * Removes every container, network and volume of a project by label, and those of its baseline
 * sibling (so the pipeline's teardown, the post step and `teardown` never leave one behind); idempotent.
 * With `run`, only what that run created (label io.immutable-qa.run): a replaced run's teardown
 * never touches the environment of the run that replaced it.
 */
export async function removeByLabel(project: string, scope: { run?: string } = {}): Promise<void> {
  await removeWithSibling(project, scope.run);
  // Everything of the project (teardown, the post step): the claims of runs that died go too.
  if (scope.run === undefined) await releaseClaims(await projectClaims(project));
}

async function removeWithSibling(project: string, run?: string): Promise<void> {
  await removeProject(project, run);
  if (!project.endsWith(BASELINE_SUFFIX)) await removeProject(baselineProject(project), run);
}

async function removeProject(project: string, run?: string): Promise<void> {
  const ids = await containerIds(projectLabel(project), ...(run !== undefined ? [runLabel(run)] : []));
  if (ids.length) await docker(engineCommand.removeContainers(ids));
  const networks = (await docker(engineCommand.listNetworks(project, run))).stdout
    .split('\n')
    .filter(Boolean);
  if (networks.length) await docker(engineCommand.removeNetworks(networks));
  const volumes = (await docker(engineCommand.listVolumes(project, run))).stdout.split('\n').filter(Boolean);
  if (volumes.length) await docker(engineCommand.removeVolumes(volumes));
}

/**
 * Before `up`: whatever of the project is still there (a kept environment, what a run that died
 * left) is removed, until nothing is left; a removal that races another client's is tried again.
 * Only this repository's: an environment of the same name that another repository labelled is
 * never removed (the names are repository-scoped, so that takes a hash collision or a hand edit).
 */
async function replaceProject(
  project: string,
  repository: string | undefined,
  /** The run that replaces it: its own directory is never removed here. */
  run?: string,
): Promise<void> {
  const old = await inspectContainers(projectLabel(project));
  if (repository !== undefined) {
    const foreign = old
      .map((c) => c.Config.Labels?.[LABEL.repository])
      .find((owner) => owner !== undefined && owner !== repository);
    if (foreign !== undefined)
      throw new InfrastructureError(
        `the environment ${project} on this engine belongs to repository ${foreign}, not ${repository} (label ${LABEL.repository}): ` +
          `it is not replaced. Remove it from that repository (immutable-qa teardown), or run on another engine`,
      );
  }
  // The usual case, a project that does not exist: found out in one round of listings, not ten.
  if (old.length === 0 && (await nothingOf(project))) return;
  for (let attempt = 1; ; attempt++) {
    await removeWithSibling(project);
    const left = await leftovers(project);
    if (left.containers + left.networks + left.volumes === 0) {
      // The runs that left it (killed, or kept) left their directories on this machine too.
      await removeRunDirs(
        old.flatMap((c) => labelledRunDir(c.Config.Labels) ?? []).filter((d) => d.run !== run),
      );
      return;
    }
    if (attempt >= 5)
      throw new InfrastructureError(
        `cannot replace the old environment ${project}: ${left.containers} container(s), ${left.networks} network(s), ${left.volumes} volume(s) stay`,
      );
    await sleep(1000);
  }
}

/** Whether the project's networks and volumes, and its baseline sibling's containers too, are none. */
async function nothingOf(project: string): Promise<boolean> {
  const sibling = baselineProject(project);
  const lists = await Promise.all(
    [
      engineCommand.containerIds([projectLabel(sibling)]),
      ...[project, sibling].flatMap((p) => [engineCommand.listNetworks(p), engineCommand.listVolumes(p)]),
    ].map((argv) => docker(argv)),
  );
  return lists.every((r) => r.code === 0 && r.stdout.trim() === '');
}

/** What of a project is left on the engine (tests and teardown verification). */
export async function leftovers(
  project: string,
): Promise<{ containers: number; networks: number; volumes: number }> {
  const argv = engineCommand.leftovers(project);
  const count = async (args: string[]): Promise<number> =>
    (await docker(args)).stdout.split('\n').filter(Boolean).length;
  return {
    containers: await count(argv.containers),
    networks: await count(argv.networks),
    volumes: await count(argv.volumes),
  };
}
