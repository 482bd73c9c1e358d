// A stack's readiness, endpoints and drift view from the manager's task states (tasks.ts), on what a
// real three-node swarm answered (fixtures/swarm/*.json: `docker service inspect`, `docker inspect`
// of the tasks and `docker node inspect`, captured from scripts/swarm.sh's cluster).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateStack, taskStates, waitingFor, type StackView } from '../../src/environment/tasks.js';
import { ROOT } from '../support/fixtures.js';

function view(name: string): StackView {
  const raw = JSON.parse(
    readFileSync(join(ROOT, `__tests__/environment/fixtures/swarm/${name}.json`), 'utf8'),
  ) as Omit<StackView, 'project'>;
  return { project: 'iqa-fx', ...raw };
}

test('ready: three web replicas running on three nodes, the database healthy, the job complete', () => {
  const outcome = evaluateStack(view('healthy'));
  expect(outcome).toMatchObject({ ready: true });
  expect(outcome.reason).toBeUndefined();
  const web = outcome.containers.filter((c) => c.service === 'web');
  expect(web.map((c) => c.node).sort()).toEqual(['iqa-sw1', 'iqa-sw2', 'iqa-sw3']);
  // Each replica's host-mode port, at its node's address.
  for (const c of web) expect(c.ports['8080/tcp']).toMatch(/^192\.168\.77\.1[123]:\d+$/);
  expect(new Set(web.map((c) => c.ports['8080/tcp'])).size).toBe(3);
  expect(outcome.containers.find((c) => c.service === 'migrate')).toMatchObject({
    status: 'complete',
    name: expect.stringMatching(/^migrate\.iqa-sw\d$/),
  });
  for (const c of outcome.containers) expect(c.image).toMatch(/^127\.0\.0\.1:5077\/swt@sha256:[0-9a-f]{64}$/);
  expect(outcome.containers.find((c) => c.service === 'web')?.run).toBe('r1');
});

test('a healthcheck not passing yet (the task is starting): waiting, and the timeout says who', () => {
  const v = view('starting');
  expect(evaluateStack(v)).toMatchObject({ ready: false });
  expect(evaluateStack(v).reason).toBeUndefined();
  expect(waitingFor(v)).toMatch(/^db: db\.1 is starting on iqa-sw\d$/);
});

test('a one-shot job that exited 3 fails readiness at once, naming the node and the code', () => {
  const outcome = evaluateStack(view('failed-job'));
  expect(outcome.ready).toBe(false);
  expect(outcome.reason).toBe(
    'one-shot service "migrate" failed: task migrate.iqa-sw1 on iqa-sw1 exited with code 3: task: non-zero exit (3)',
  );
});

test('a drained node: its task is shut down and named so; its replacement waits for a node', () => {
  const v = view('drained');
  const all = taskStates(v, { all: true });
  const gone = all.filter((c) => !/^(running|complete|starting|pending)$/.test(c.status));
  expect(gone).toEqual([
    expect.objectContaining({
      service: 'web',
      node: 'iqa-sw3',
      status: 'shutdown (node iqa-sw3 was drained)',
    }),
  ]);
  // The replacement has no node: max_replicas_per_node leaves it nowhere to go.
  expect(waitingFor(v)).toContain('web: ');
  expect(waitingFor(v)).toMatch(/web\.2 is pending \(no suitable node \(max replicas per node limit exceed/);
  // What readiness counts: the tasks the manager wants, not the one it shut down.
  expect(taskStates(v).some((c) => c.status.startsWith('shutdown'))).toBe(false);
});

test('no services: not ready, and nothing to wait for is said so', () => {
  const empty: StackView = { project: 'iqa-fx', services: [], tasks: [], nodes: [] };
  expect(evaluateStack(empty)).toEqual({ ready: false, containers: [] });
  expect(waitingFor(empty)).toBe('no services');
});

test('our one-shot service (replicated, never restarted): complete is done, even shut down; failed fails', () => {
  // What stack-file.ts deploys for a migration: the healthy capture with the job as such a service.
  const v = view('healthy');
  const migrate = v.services.find((s) => s.Spec.Name === 'iqa-fx_migrate')!;
  migrate.Spec.Mode = { Replicated: { Replicas: 1 } };
  migrate.Spec.Labels = { ...migrate.Spec.Labels, 'io.immutable-qa.one-shot': 'true' };
  const task = v.tasks.find((t) => t.ServiceID === migrate.ID)!;
  task.DesiredState = 'shutdown';
  expect(evaluateStack(v)).toMatchObject({ ready: true });
  expect(evaluateStack(v).containers.find((c) => c.service === 'migrate')?.status).toBe('complete');
  task.Status = {
    ...task.Status,
    State: 'failed',
    Err: 'task: non-zero exit (2)',
    ContainerStatus: { ExitCode: 2 },
  };
  expect(evaluateStack(v).reason).toMatch(
    /^one-shot service "migrate" failed: task migrate\.iqa-sw\d on iqa-sw\d exited with code 2/,
  );
});
