// Swarm backend (`environment.backend: swarm`): the compose files deployed as one stack per PR on a
// swarm manager (the runner's engine or environment.engine), the stack named as the compose project
// would be. Readiness, endpoints and teardown come from the manager's view of the tasks on every
// node (tasks.ts); the definition and its hash are compose's, as for the compose backend, so drift
// and the QA record mean the same on both.
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker } from '../exec/docker.js';
import { currentEngine, engineLabel } from '../exec/engine.js';
import { tail } from '../exec/exec.js';
import { InfrastructureError, PhaseFailure } from '../model/errors.js';
import type { ContainerState, EnvironmentBackend, EnvironmentSpec, ReadyOutcome } from './backend.js';
import { awaitOlderClaims } from './claim.js';
import { definedResources, imageServices, pinnedServices } from './compose-args.js';
import type { ComposeBackend } from './compose.js';
import { LABEL } from './project.js';
import { stackFile } from './stack-file.js';
import { stackLabel, swarmCommand } from './swarm-args.js';
import {
  evaluateStack,
  taskStates,
  waitingFor,
  type InspectedNode,
  type InspectedService,
  type InspectedTask,
  type StackView,
} from './tasks.js';

/** How long a newer run waits for an older one it replaces to tear down and release the project. */
const OLDER_RUN_GRACE_MS = 30_000;
/** How long teardown waits for the stack's tasks and networks to be gone from every node. */
export const STACK_REMOVAL_TIMEOUT_MS = 60_000;
const POLL_MS = 500;

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

export class SwarmBackend implements EnvironmentBackend {
  readonly kind = 'swarm';
  readonly images = 'reference';

  /** `compose` renders the definition (`compose config`): the same text, hash and drift as there. */
  constructor(private readonly compose: ComposeBackend) {}

  private stackPath(spec: EnvironmentSpec): string {
    return join(spec.run?.dir ?? tmpdir(), `${spec.project}.stack.json`);
  }

  async up(
    spec: EnvironmentSpec,
    signal?: AbortSignal,
  ): Promise<{ services: string[]; definition: string; notes?: string[] }> {
    await assertManager();
    if (spec.run)
      await awaitOlderClaims(spec.project, spec.run.id, {
        timeoutMs: OLDER_RUN_GRACE_MS,
        ...(signal ? { signal } : {}),
      });
    if (signal?.aborted) throw new Error('cancelled before the environment started');
    // A re-run replaces the stack: a fresh one, not an update of the old run's tasks.
    await removeStack(spec.project, { repository: spec.labels[LABEL.repository] });
    const definition = await this.compose.definition(spec, signal);
    const resources = definedResources(definition, spec.root);
    const pinned = pinnedServices(resources.builds, spec.build);
    const image = spec.variables.IMMUTABLE_QA_IMAGE;
    const tested = imageServices(
      resources,
      pinned,
      [image, spec.variables.IMMUTABLE_QA_DIGEST].filter((v): v is string => Boolean(v)),
    );
    const labels = spec.run
      ? { ...spec.labels, [LABEL.run]: spec.run.id, [LABEL.runDir]: spec.run.dir }
      : spec.labels;
    const { [LABEL.digest]: digest, ...shared } = labels;
    const stack = stackFile(definition, {
      labels: shared,
      tested: { services: tested, labels: digest !== undefined ? { [LABEL.digest]: digest } : {} },
      ...(image ? { pinned: { services: pinned, image } } : {}),
    });
    const file = this.stackPath(spec);
    await writeFile(file, stack.text);
    const deployed = await docker(swarmCommand.deploy(spec.project, file), { signal });
    if (deployed.code !== 0)
      throw new PhaseFailure(
        `stack deploy failed (exit ${deployed.code ?? deployed.signal}): ${tail(deployed.stderr || deployed.stdout, 3)}`,
        tail(`${deployed.stderr}\n${deployed.stdout}`, 30),
      );
    const notes = Object.entries(stack.dropped).map(
      ([service, keys]) => `${service}: ${keys.join(', ')} not kept by swarm`,
    );
    return { services: resources.services, definition, ...(notes.length ? { notes } : {}) };
  }

  async ready(spec: EnvironmentSpec, timeoutMs: number, signal?: AbortSignal): Promise<ReadyOutcome> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await stackView(spec.project, spec.run?.id);
      const outcome = evaluateStack(view);
      if (outcome.ready || outcome.reason) return outcome;
      if (signal?.aborted) return { ready: false, reason: 'cancelled', containers: outcome.containers };
      if (Date.now() >= deadline)
        return {
          ready: false,
          reason: `not ready after ${Math.round(timeoutMs / 1000)}s: ${waitingFor(view)}`,
          containers: outcome.containers,
        };
      // The manager's task states change without an event a client can follow (API 1.41).
      await sleep(Math.min(POLL_MS, deadline - Date.now()), signal);
    }
  }

  async inspect(spec: EnvironmentSpec): Promise<ContainerState[]> {
    // Every run's services of the project (drift names a task another run started), every task.
    return taskStates(await stackView(spec.project), { all: true });
  }

  definition(spec: EnvironmentSpec): Promise<string> {
    return this.compose.definition(spec);
  }

  async logs(spec: EnvironmentSpec, lines: number): Promise<string> {
    const services = await serviceList(spec.project);
    const logs = await Promise.all(
      services.map(async (s) => {
        const result = await docker(swarmCommand.logs(s.Spec.Name, lines));
        return `${result.stdout}${result.stderr}`.trimEnd();
      }),
    );
    return logs.filter(Boolean).join('\n');
  }

  async down(spec: EnvironmentSpec): Promise<void> {
    await removeStack(spec.project, spec.run ? { run: spec.run.id } : {});
    await rm(this.stackPath(spec), { force: true });
  }
}

async function assertManager(): Promise<void> {
  const result = await docker(swarmCommand.isManager());
  if (result.code === 0 && result.stdout.trim() === 'true') return;
  const engine = currentEngine();
  throw new InfrastructureError(
    `environment.backend swarm deploys a stack, which needs a swarm manager: the engine ${engine ? `at ${engineLabel(engine.host)}` : 'of this runner'} is not one` +
      `${result.code === 0 ? '' : ` (${tail(result.stderr, 2)})`}. Point environment.engine.host at a manager, or run \`docker swarm init\` there`,
  );
}

function serviceList(project: string): Promise<InspectedService[]> {
  return stackServices([stackLabel(project)]);
}

/** The services (of any stack) that carry every one of the `key=value` labels; none off a manager. */
export async function stackServices(labels: readonly string[]): Promise<InspectedService[]> {
  const listed = await docker(swarmCommand.serviceIds(labels));
  const ids = listed.code === 0 ? listed.stdout.split('\n').filter(Boolean) : [];
  if (ids.length === 0) return [];
  const result = await docker(swarmCommand.inspectServices(ids));
  return JSON.parse(result.stdout.trim() || '[]') as InspectedService[];
}

/** What the manager knows of the stack now: its services, their tasks, and the nodes they are on. */
export async function stackView(project: string, run?: string): Promise<StackView> {
  const all = await serviceList(project);
  // A run sees its own services only: a newer run's stack is not its environment.
  const services = run === undefined ? all : all.filter((s) => s.Spec.Labels?.[LABEL.run] === run);
  if (services.length === 0) return { project, services, tasks: [], nodes: [] };
  const taskIds = (await docker(swarmCommand.taskIds(services.map((s) => s.ID)))).stdout
    .split('\n')
    .filter(Boolean);
  const tasks = taskIds.length
    ? (JSON.parse((await docker(swarmCommand.inspect(taskIds))).stdout.trim() || '[]') as InspectedTask[])
    : [];
  const nodeIds = [...new Set(tasks.map((t) => t.NodeID).filter((n): n is string => Boolean(n)))];
  const nodes = nodeIds.length
    ? (JSON.parse(
        (await docker(swarmCommand.inspectNodes(nodeIds))).stdout.trim() || '[]',
      ) as InspectedNode[])
    : [];
  return { project, services, tasks, nodes };
}

/**
 * `stack rm`, then waits until the stack's services and networks are gone (a network goes only once
 * no task on any node is attached to it). With `run`: only a stack that run deployed. With
 * `repository`: a stack another repository labelled is refused, as the compose backend refuses.
 * Idempotent; a non-manager engine has no stack to remove.
 */
export async function removeStack(
  project: string,
  scope: { run?: string; repository?: string } = {},
): Promise<boolean> {
  const listed = await docker(swarmCommand.serviceIds([stackLabel(project)]));
  // Not a manager (or not in a swarm): no stack can exist here.
  if (listed.code !== 0) return false;
  const services = await serviceList(project);
  if (scope.repository !== undefined) {
    const foreign = services
      .map((s) => s.Spec.Labels?.[LABEL.repository])
      .find((owner) => owner !== undefined && owner !== scope.repository);
    if (foreign !== undefined)
      throw new InfrastructureError(
        `the stack ${project} on this swarm belongs to repository ${foreign}, not ${scope.repository} (label ${LABEL.repository}): it is not replaced`,
      );
  }
  if (scope.run !== undefined && services.some((s) => s.Spec.Labels?.[LABEL.run] !== scope.run)) return false;
  const networks = async (): Promise<string[]> =>
    (await docker(swarmCommand.networks(project))).stdout.split('\n').filter(Boolean);
  if (services.length === 0 && (await networks()).length === 0) return false;
  await docker(swarmCommand.remove(project));
  const deadline = Date.now() + STACK_REMOVAL_TIMEOUT_MS;
  for (;;) {
    const left = { services: (await serviceList(project)).length, networks: await networks() };
    if (left.services === 0 && left.networks.length === 0) return true;
    if (Date.now() >= deadline)
      throw new InfrastructureError(
        `the stack ${project} is not gone after ${STACK_REMOVAL_TIMEOUT_MS / 1000}s: ${left.services} service(s), ${left.networks.length} network(s) stay`,
      );
    // `stack rm` removes a network once its tasks are gone; one still in use is tried again here.
    if (left.services === 0) await docker(swarmCommand.removeNetworks(left.networks));
    await sleep(POLL_MS);
  }
}
