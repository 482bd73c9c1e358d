// A stack's readiness and endpoints from the swarm's own view of its tasks (pure): what the manager
// says of every task on every node (`docker inspect` of tasks, services and nodes), not what one
// engine's containers show. Swarm keeps a task with a healthcheck in `starting` until it is
// healthy, kills an unhealthy one (`failed`), and refuses one it cannot place or pull (`rejected`),
// so the task states alone say ready, failed or waiting.
import type { ContainerState, ReadyOutcome } from './backend.js';
import { publishedPorts } from './endpoints.js';
import { LABEL } from './project.js';

export interface InspectedService {
  ID: string;
  Spec: {
    Name: string;
    Labels?: Record<string, string> | null;
    Mode?: {
      Replicated?: { Replicas?: number };
      Global?: Record<string, never>;
      ReplicatedJob?: { TotalCompletions?: number; MaxConcurrent?: number };
      GlobalJob?: Record<string, never>;
    };
  };
}

export interface InspectedTask {
  ID: string;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState: string;
  CreatedAt?: string;
  Spec: { ContainerSpec?: { Image?: string; Labels?: Record<string, string> | null } };
  Status: {
    State: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
    PortStatus?: { Ports?: Array<{ Protocol?: string; TargetPort?: number; PublishedPort?: number }> | null };
  };
}

export interface InspectedNode {
  ID: string;
  Description?: { Hostname?: string };
  Status?: { State?: string; Addr?: string };
  Spec?: { Availability?: string };
}

export interface StackView {
  project: string;
  services: InspectedService[];
  tasks: InspectedTask[];
  nodes: InspectedNode[];
}

const FAILED = new Set(['failed', 'rejected', 'orphaned']);
/** Where the manager wants a task: a running one, or a job's that completed. */
const WANTED = new Set(['running', 'complete', 'ready', 'accepted']);

export function shortName(project: string, service: string): string {
  return service.startsWith(`${project}_`) ? service.slice(project.length + 1) : service;
}

/** Runs once to completion: one of our one-shot services (stack-file.ts), or a swarm job. */
function isJob(service: InspectedService): boolean {
  return (
    service.Spec.Labels?.[LABEL.oneShot] === 'true' ||
    Boolean(service.Spec.Mode?.ReplicatedJob ?? service.Spec.Mode?.GlobalJob)
  );
}

/** A task readiness and endpoints count: one the manager wants, or a one-shot service's that completed. */
function current(view: StackView, task: InspectedTask): boolean {
  if (WANTED.has(task.DesiredState)) return true;
  const service = view.services.find((s) => s.ID === task.ServiceID);
  return service !== undefined && isJob(service) && task.Status.State === 'complete';
}

function nodeName(view: StackView, id: string | undefined): string {
  const node = view.nodes.find((n) => n.ID === id);
  return node?.Description?.Hostname ?? (id ? id.slice(0, 12) : 'no node');
}

function taskName(view: StackView, task: InspectedTask): string {
  const service = view.services.find((s) => s.ID === task.ServiceID);
  const name = service ? shortName(view.project, service.Spec.Name) : task.ServiceID.slice(0, 12);
  return `${name}.${task.Slot ?? nodeName(view, task.NodeID)}`;
}

/**
 * A task as the pipeline sees a container: where it runs, its image reference, its published ports.
 * Those the manager wants running (or completed), or with `all`, every task of the services too:
 * one shut down because its node was drained says so in its status (drift).
 */
export function taskStates(view: StackView, options: { all?: boolean } = {}): ContainerState[] {
  return view.tasks
    .filter((t) => options.all || current(view, t))
    .map((task) => {
      const service = view.services.find((s) => s.ID === task.ServiceID);
      const node = view.nodes.find((n) => n.ID === task.NodeID);
      const labels = task.Spec.ContainerSpec?.Labels ?? {};
      const ports = Object.fromEntries(
        (task.Status.PortStatus?.Ports ?? [])
          .filter((p) => p.TargetPort && p.PublishedPort)
          .map((p) => [`${p.TargetPort}/${p.Protocol ?? 'tcp'}`, [{ HostPort: String(p.PublishedPort) }]]),
      );
      const run = labels[LABEL.run];
      return {
        id: task.ID,
        name: taskName(view, task),
        service: service ? shortName(view.project, service.Spec.Name) : task.ServiceID,
        image: task.Spec.ContainerSpec?.Image ?? '',
        status: current(view, task) ? task.Status.State : ended(task, node),
        exitCode: task.Status.ContainerStatus?.ExitCode ?? 0,
        ...(run !== undefined ? { run } : {}),
        ports: publishedPorts(ports, node?.Status?.Addr ?? '127.0.0.1'),
        ...(task.NodeID ? { node: nodeName(view, task.NodeID) } : {}),
      };
    });
}

/** The state of a task the manager no longer wants, and why: a drained node, or the task's error. */
function ended(task: InspectedTask, node: InspectedNode | undefined): string {
  const name = node?.Description?.Hostname ?? task.NodeID?.slice(0, 12) ?? 'its node';
  // Still running on its way down is "shutdown" too: the manager has given it up.
  const state = /^(running|starting|ready|preparing|assigned)$/.test(task.Status.State)
    ? 'shutdown'
    : task.Status.State;
  if (node?.Spec?.Availability === 'drain') return `${state} (node ${name} was drained)`;
  if (node?.Status?.State && node.Status.State !== 'ready')
    return `${state} (node ${name} is ${node.Status.State})`;
  return `${state}${task.Status.Err ? ` (${task.Status.Err})` : ''}`;
}

function why(task: InspectedTask): string {
  const err = task.Status.Err?.trim();
  const message = task.Status.Message?.trim();
  return err || message || task.Status.State;
}

/**
 * Ready = every replicated service has its replicas running (healthy: swarm holds a task with a
 * healthcheck in `starting` until then), every global service's tasks run, every job completed.
 * A task that failed or was rejected (on any node) fails readiness now, naming the node and why.
 */
export function evaluateStack(view: StackView): ReadyOutcome {
  const containers = taskStates(view);
  if (view.services.length === 0) return { ready: false, containers };
  for (const task of view.tasks) {
    if (!FAILED.has(task.Status.State)) continue;
    const service = view.services.find((s) => s.ID === task.ServiceID);
    if (!service) continue;
    const name = shortName(view.project, service.Spec.Name);
    const where = `task ${taskName(view, task)} on ${nodeName(view, task.NodeID)}`;
    const code = task.Status.ContainerStatus?.ExitCode;
    const reason = isJob(service)
      ? `one-shot service "${name}" failed: ${where} ${code ? `exited with code ${code}` : task.Status.State}: ${why(task)}`
      : `service "${name}" failed: ${where} was ${task.Status.State}: ${why(task)}`;
    return { ready: false, reason, containers };
  }
  return { ready: view.services.every((s) => serviceReady(view, s)), containers };
}

function serviceReady(view: StackView, service: InspectedService): boolean {
  const tasks = view.tasks.filter((t) => t.ServiceID === service.ID && current(view, t));
  const mode = service.Spec.Mode ?? {};
  if (mode.ReplicatedJob)
    return (
      tasks.filter((t) => t.Status.State === 'complete').length >= (mode.ReplicatedJob.TotalCompletions ?? 1)
    );
  if (mode.GlobalJob) return tasks.length > 0 && tasks.every((t) => t.Status.State === 'complete');
  if (isJob(service)) return tasks.some((t) => t.Status.State === 'complete');
  const running = tasks.filter((t) => t.Status.State === 'running' && t.DesiredState === 'running').length;
  if (mode.Global) return tasks.length > 0 && running === tasks.length;
  return running >= (mode.Replicated?.Replicas ?? 1);
}

/** What the stack still waits for, per service (the reason at the ready-timeout). */
export function waitingFor(view: StackView): string {
  const parts = view.services.flatMap((service) => {
    if (serviceReady(view, service)) return [];
    const name = shortName(view.project, service.Spec.Name);
    const tasks = view.tasks.filter((t) => t.ServiceID === service.ID && current(view, t));
    const states = tasks.map((t) => {
      const note = t.Status.Err?.trim() || (t.Status.State === 'pending' ? t.Status.Message?.trim() : '');
      return `${taskName(view, t)} is ${t.Status.State}${t.NodeID ? ` on ${nodeName(view, t.NodeID)}` : ''}${note ? ` (${note})` : ''}`;
    });
    return [`${name}: ${states.join(', ') || 'no task yet'}`];
  });
  return parts.join('; ') || (view.services.length ? 'nothing' : 'no services');
}
