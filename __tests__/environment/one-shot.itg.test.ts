// Issue 12, item 1, on the real engine and Compose: a compose file as teams write it, with a
// one-shot `migrate` job the app depends on (service_completed_successfully) and a `seed` job
// with restart "no". Jobs that exit 0 are done and the environment is ready, drift included; a job
// that fails fails the environment phase with its exit code and log tail, and nothing is left.
import { removeByLabel, leftovers } from '../../src/environment/compose.js';
import { configFor, makeRepo, type Repo } from '../support/fixtures.js';
import { runQa } from '../support/promotion.js';

const repos: Repo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

const compose = (migrate: string): string => `services:
  web:
    image: \${IMMUTABLE_QA_IMAGE}
    ports: ["8080"]
    depends_on:
      migrate: { condition: service_completed_successfully }
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
      interval: 1s
      timeout: 2s
      retries: 30
  migrate:
    image: \${IMMUTABLE_QA_IMAGE}
    command: ["sh", "-c", "${migrate}"]
  seed:
    image: \${IMMUTABLE_QA_IMAGE}
    restart: "no"
    command: ["sh", "-c", "echo seeded"]
`;

const checks = `  - name: page
    run: sh tests/smoke.sh
  - name: drift
    drift: {}
`;

test('jobs that exit 0 are done: the environment is ready and drift accepts them', async () => {
  const r = makeRepo(configFor(`iqa-one-shot-${Date.now().toString(36)}`, checks), {
    'compose.yml': compose('echo migrating; sleep 1; echo migrated'),
  });
  repos.push(r);
  const run = await runQa(r, ['--pr', '41']);
  if (run.record) await removeByLabel(run.record.environment.project);
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  expect(run.record!.checks.map((c) => [c.name, c.conclusion])).toEqual([
    ['page', 'success'],
    ['drift', 'success'],
  ]);
});

test('a job that fails fails the environment with its code and log; nothing is left', async () => {
  const r = makeRepo(configFor(`iqa-one-shot-bad-${Date.now().toString(36)}`, checks), {
    'compose.yml': compose('echo relation users already exists >&2; exit 3'),
  });
  repos.push(r);
  const run = await runQa(r, ['--pr', '42']);
  const project = run.record!.environment.project;
  expect(run.code).toBe(1);
  const environment = run.record!.phases.find((p) => p.name === 'environment')!;
  expect(environment.conclusion).toBe('failure');
  expect(run.stderr).toContain('relation users already exists');
  expect(run.stderr).toMatch(/migrate.*(exited with code 3|didn't complete successfully: exit 3)/);
  expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
});
