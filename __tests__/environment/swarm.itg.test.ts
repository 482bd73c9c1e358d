// environment.backend: swarm on the real three-node swarm of scripts/swarm.sh: the PR environment is
// a stack spread over the nodes, every task runs the tested digest, readiness and endpoints come
// from the tasks, drift sees a drained node, and nothing is left on any node after the run, a kill
// and the post step, or `teardown --older-than`. The bundled CLI and action, as the runner runs them.
import { jest } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, makeRepo, type Repo } from '../support/fixtures.js';
import { pullRequestEvent } from '../support/events.js';
import { runMain, runnerEnv, runPost } from '../support/runner.js';
import { dockerOn, managedOn, pushDependency, spreadCompose, swarmCluster } from '../support/swarm.js';

const cluster = swarmCluster();
const describeCluster = cluster ? describe : describe.skip;
const repos: Repo[] = [];
let db: Awaited<ReturnType<typeof pushDependency>> | undefined;

beforeAll(async () => {
  if (!cluster) return;
  db = await pushDependency(cluster.registry, 'iqa-swarm/db');
}, 120_000);
afterAll(async () => {
  for (const r of repos.splice(0)) r.cleanup();
  await db?.cleanup();
});
afterEach(() => {
  if (!cluster) return;
  // A test that drained a node gives it back.
  for (const id of dockerOn(cluster.manager, 'node', 'ls', '-q').split('\n'))
    dockerOn(cluster.manager, 'node', 'update', '--availability', 'active', id);
});

function swarmConfig(name: string, checks: string): string {
  return `version: 1
image:
  repository: ${cluster!.registry}/iqa-swarm/${name}
record:
  signing: key
environment:
  backend: swarm
  engine: { host: "${cluster!.manager}" }
  compose: compose.yml
  ready-timeout: 90s
  endpoints:
    web: { service: web, port: 8080 }
checks:
${checks}`;
}

const TASKS_CHECK = `  - name: tasks
    run: docker service ps --filter desired-state=running --format '{{.Node}} {{.Image}} {{.CurrentState}}' "\${IMMUTABLE_QA_PROJECT}_web"
  - name: smoke
    http: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}healthz", status: 200, body-contains: ok }
`;

/**
 * Nothing of ours on any node, nor a service on the manager. Teardown waits until the manager has
 * no task and no network of the stack left; each node's agent removes the containers a moment
 * later, on its own: that lag is bounded here (10 s), not ignored.
 */
async function nothingOnAnyNode(): Promise<void> {
  expect(
    dockerOn(cluster!.manager, 'service', 'ls', '-q', '--filter', 'label=io.immutable-qa.managed=true'),
  ).toBe('');
  const left = (): Array<{ node: string; containers: number; networks: number; volumes: number }> =>
    cluster!.nodes.map((node) => ({ node, ...managedOn(node) }));
  const none = cluster!.nodes.map((node) => ({ node, containers: 0, networks: 0, volumes: 0 }));
  const deadline = Date.now() + 10_000;
  while (JSON.stringify(left()) !== JSON.stringify(none) && Date.now() < deadline)
    await new Promise((res) => setTimeout(res, 250));
  expect(left()).toEqual(none);
}

function repo(name: string, checks: string): Repo {
  const r = makeRepo(swarmConfig(name, checks), { 'compose.yml': spreadCompose(db!.ref) });
  repos.push(r);
  return r;
}

interface Record_ {
  verdict: string;
  image: { digest: string };
  environment: { endpoints: Record<string, string> };
  phases: Array<{ name: string; summary?: string }>;
  checks: Array<{ name: string; conclusion: string; summary?: string }>;
}

describeCluster('environment.backend: swarm', () => {
  jest.setTimeout(400_000);

  test('a PR environment spread over the three nodes, every task on the tested digest; nothing left after', async () => {
    const r = repo('spread', `${TASKS_CHECK}  - name: drift\n    drift: {}\n`);
    const run = await cli(['qa', '--config', r.config, '--pr', '91', '--json'], { cwd: r.dir });
    expect({ code: run.code, stderr: run.stderr.slice(-4000) }).toMatchObject({ code: 0 });
    const record = JSON.parse(run.stdout) as Record_;
    expect(record.verdict).toBe('passed');
    const environment = record.phases.find((p) => p.name === 'environment')!;
    // 3 web tasks + db + the completed migration, and where they ran.
    expect(environment.summary).toMatch(
      /5 container\(s\) ready \(swarm\) on 3 node\(s\): iqa-sw1, iqa-sw2, iqa-sw3/,
    );
    expect(environment.summary).toContain('web: depends_on not kept by swarm');
    // The endpoint is a node's address and the port its task published there.
    expect(record.environment.endpoints.web).toMatch(/^http:\/\/192\.168\.77\.1[123]:\d+\/$/);
    const tasks = readFileSync(join(r.dir, '.immutable-qa/checks/tasks.log'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('Running'));
    expect(tasks).toHaveLength(3);
    expect(new Set(tasks.map((l) => l.split(' ')[0])).size).toBe(3);
    for (const line of tasks)
      expect(line).toContain(`${cluster!.registry}/iqa-swarm/spread@${record.image.digest}`);
    expect(record.checks.find((c) => c.name === 'drift')).toMatchObject({ conclusion: 'success' });
    await nothingOnAnyNode();
  });

  test('two PRs at once: two stacks, their own names, networks and ports, both pass', async () => {
    const a = repo('two-a', TASKS_CHECK);
    const b = repo('two-b', TASKS_CHECK);
    const [ra, rb] = await Promise.all([
      cli(['qa', '--config', a.config, '--pr', '92', '--json'], { cwd: a.dir }),
      cli(['qa', '--config', b.config, '--pr', '93', '--json'], { cwd: b.dir }),
    ]);
    for (const r of [ra, rb])
      expect({ code: r.code, stderr: r.stderr.slice(-3000) }).toMatchObject({ code: 0 });
    const [ea, eb] = [ra, rb].map((r) => (JSON.parse(r.stdout) as Record_).environment.endpoints.web);
    expect(ea).not.toEqual(eb);
    await nothingOnAnyNode();
  });

  test('a node drained mid-run: the verdict says which node and why', async () => {
    const r = repo(
      'drained',
      `  - name: drain
    run: |
      node=$(docker service ps --filter desired-state=running --format '{{.Node}}' "\${IMMUTABLE_QA_PROJECT}_web" | sort | tail -n 1)
      docker node update --availability drain "$node" > /dev/null
      sleep 3
  - name: drift
    needs: [drain]
    drift: {}
`,
    );
    const run = await cli(['qa', '--config', r.config, '--pr', '94', '--json'], { cwd: r.dir });
    expect(run.code).toBe(1);
    const record = JSON.parse(run.stdout) as Record_;
    const drift = record.checks.find((c) => c.name === 'drift')!;
    expect(drift.conclusion).toBe('failure');
    expect(drift.summary).toMatch(
      /task web\.\d of service "web" on node iqa-sw3 is shutdown \(node iqa-sw3 was drained\)/,
    );
    await nothingOnAnyNode();
  });

  test.each(['SIGTERM', 'SIGKILL'] as const)(
    '%s of the action during checks, then the post step: nothing is left on any node',
    async (signal) => {
      const pr = signal === 'SIGTERM' ? 97 : 95;
      const r = repo(
        `killed-${signal.toLowerCase()}`,
        `  - name: slow\n    run: touch started; sleep 120\n    timeout: 5m\n`,
      );
      const event = join(r.dir, 'event.json');
      writeFileSync(
        event,
        JSON.stringify(
          pullRequestEvent({
            action: 'opened',
            number: pr,
            headSha: r.sha,
            owner: 'acme',
            repo: 'hello',
          }),
        ),
      );
      const env = runnerEnv(r, { event, sha: r.sha });
      const main = runMain(r, env);
      const deadline = Date.now() + 180_000;
      const started = (): boolean => {
        try {
          readFileSync(join(r.dir, 'started'));
          return true;
        } catch {
          return false;
        }
      };
      while (!started() && Date.now() < deadline) await new Promise((res) => setTimeout(res, 200));
      expect(started()).toBe(true);
      main.kill(signal);
      const ended = await main;
      expect(ended.code === 0).toBe(false);
      const left = dockerOn(
        cluster!.manager,
        'service',
        'ls',
        '-q',
        '--filter',
        `label=io.immutable-qa.pr=${pr}`,
      );
      // SIGKILL: main could not clean up, its services are still on the manager; SIGTERM: main tore down.
      expect(left === '').toBe(signal === 'SIGTERM');
      const post = await runPost(r, env);
      expect({ code: post.code, out: post.stdout.slice(-2000) }).toMatchObject({ code: 0 });
      if (signal === 'SIGKILL') expect(post.stdout).toMatch(/removed the stack iqa-/);
      await nothingOnAnyNode();
    },
  );

  test('a re-run replaces the kept stack; teardown --older-than then removes it across the nodes', async () => {
    const r = repo('kept', TASKS_CHECK);
    const runs = (): string[] => {
      const ids = dockerOn(
        cluster!.manager,
        'service',
        'ls',
        '-q',
        '--filter',
        'label=io.immutable-qa.pr=96',
      );
      return dockerOn(
        cluster!.manager,
        'service',
        'inspect',
        '--format',
        '{{.Spec.Name}} {{index .Spec.Labels "io.immutable-qa.run"}}',
        ...ids.split('\n').filter(Boolean),
      ).split('\n');
    };
    const first = await cli(['qa', '--config', r.config, '--pr', '96', '--keep'], { cwd: r.dir });
    expect({ code: first.code, stderr: first.stderr.slice(-3000) }).toMatchObject({ code: 0 });
    const before = runs();
    const run = await cli(['qa', '--config', r.config, '--pr', '96', '--keep'], { cwd: r.dir });
    expect({ code: run.code, stderr: run.stderr.slice(-3000) }).toMatchObject({ code: 0 });
    // The same three services, all of the second run: the first run's stack was removed, not updated.
    const after = runs();
    expect(after).toHaveLength(3);
    expect(new Set(after.map((l) => l.split(' ')[1])).size).toBe(1);
    expect(after.map((l) => l.split(' ')[1])).not.toContain(before[0]!.split(' ')[1]);
    expect(
      dockerOn(cluster!.manager, 'service', 'ls', '-q', '--filter', 'label=io.immutable-qa.pr=96').split(
        '\n',
      ),
    ).toHaveLength(3);
    const young = await cli(['teardown', '--config', r.config, '--older-than', '1h', '--json'], {
      cwd: r.dir,
    });
    expect((JSON.parse(young.stdout) as { kept: unknown[] }).kept).toHaveLength(1);
    await new Promise((res) => setTimeout(res, 1100));
    const old = await cli(['teardown', '--config', r.config, '--older-than', '1s', '--json'], { cwd: r.dir });
    expect({ code: old.code, stderr: old.stderr }).toMatchObject({ code: 0 });
    expect((JSON.parse(old.stdout) as { removed: Array<{ pr: number }> }).removed).toEqual([
      expect.objectContaining({ pr: 96 }),
    ]);
    await nothingOnAnyNode();
  });
});
