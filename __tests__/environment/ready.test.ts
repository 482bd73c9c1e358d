// When an environment is ready (environment/compose.ts evaluate), as `docker compose up --wait`
// judges it. Issue 12, item 1: a migration that exited 0 failed the environment.
import { compareEnvironment } from '../../src/checks/drift.js';
import type { ContainerState } from '../../src/environment/backend.js';
import { evaluate } from '../../src/environment/compose.js';

const c = (service: string, status: string, extra: Partial<ContainerState> = {}): ContainerState => ({
  id: `id-${service}`,
  name: `p-${service}-1`,
  service,
  image: 'sha256:app',
  status,
  exitCode: 0,
  ports: {},
  networks: [],
  ...extra,
});

test('a one-shot job that exited 0 is done; the environment is ready when the rest runs', () => {
  const containers = [c('api', 'running', { health: 'healthy' }), c('migrate', 'exited'), c('db', 'running')];
  expect(evaluate(containers, ['migrate'])).toEqual({ ready: true, containers });
  // Still running: not ready yet, not failed.
  expect(evaluate([c('api', 'running'), c('migrate', 'running')], ['migrate'])).toEqual({
    ready: false,
    containers: [c('api', 'running'), c('migrate', 'running')],
  });
});

test('a one-shot job that failed fails the environment at once, with its code', () => {
  const outcome = evaluate([c('api', 'running'), c('migrate', 'exited', { exitCode: 3 })], ['migrate']);
  expect(outcome).toMatchObject({
    ready: false,
    reason: 'one-shot service "migrate" failed: exited with code 3',
  });
});

test('a long-running service that exits fails it; exiting 0 says how to declare a job', () => {
  expect(evaluate([c('api', 'exited', { exitCode: 1 })]).reason).toBe('service "api" exited with code 1');
  expect(evaluate([c('migrate', 'exited')]).reason).toBe(
    'service "migrate" exited with code 0 (a one-shot job? depend on it with condition: service_completed_successfully, or give it restart: "no")',
  );
  expect(evaluate([c('api', 'running', { health: 'unhealthy' })]).reason).toBe('service "api" is unhealthy');
  expect(evaluate([c('api', 'running', { health: 'starting' })]).ready).toBe(false);
});

test('drift accepts a completed job running the tested image', () => {
  const findings = compareEnvironment({
    containers: [c('api', 'running'), c('migrate', 'exited')],
    services: ['api', 'migrate'],
    testedServices: ['api', 'migrate'],
    testedImageId: 'sha256:app',
    digest: 'sha256:d',
  });
  expect(findings).toEqual([]);
});
