// environment.engine: the image builds on the runner's engine and is pushed; the environment runs on
// another engine (node 2 of scripts/swarm.sh, over tcp:// on its own network namespace's address),
// which pulls the digest. Endpoints use that engine's address; checks' docker reaches that engine;
// teardown (the run's own, and `teardown --older-than`) removes what is there. The bundled CLI.
import { jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, DIST, makeRepo, runNode, TEST_SIGNING_KEY, type Repo } from '../support/fixtures.js';
import { dockerOn, managedOn, swarmCluster } from '../support/swarm.js';

const cluster = swarmCluster();
const describeCluster = cluster ? describe : describe.skip;
const repos: Repo[] = [];

afterAll(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

/** Node 2: not the manager, not this host. */
const engine = (): { tcp: string; socket: string; address: string } => {
  const tcp = cluster!.tcp[1]!;
  return { tcp, socket: cluster!.nodes[1]!, address: new URL(tcp).hostname };
};

function remoteConfig(repository: string, host: string, extra = ''): string {
  return `version: 1
image:
  repository: ${repository}
record:
  signing: key
environment:
  engine: { host: ${host} }
  compose: compose.yml
  ready-timeout: 60s
  endpoints:
    web: { service: web, port: 8080 }
checks:
  - name: smoke
    http: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}healthz", status: 200, body-contains: ok }
  - name: where
    run: |
      set -eu
      echo "endpoint=$IMMUTABLE_QA_ENDPOINT_WEB"
      echo "engine=$DOCKER_HOST"
      echo "images=$(docker inspect --format '{{.Config.Image}}' $(docker ps -q --filter label=com.docker.compose.project=$IMMUTABLE_QA_PROJECT) | sort -u)"
${extra}`;
}

describeCluster('environment.engine: the environment on another engine', () => {
  jest.setTimeout(300_000);

  test('builds here, runs there from the pushed digest, reaches it at its address, and leaves nothing on either engine', async () => {
    const { tcp, socket, address } = engine();
    const repository = `${cluster!.registry}/iqa-remote/hello`;
    const repo = makeRepo(remoteConfig(repository, tcp));
    repos.push(repo);
    const localBefore = execFileSync(
      'docker',
      ['ps', '-aq', '--filter', 'label=io.immutable-qa.managed=true'],
      {
        encoding: 'utf8',
      },
    ).trim();
    const r = await cli(['qa', '--config', repo.config, '--pr', '71', '--json'], { cwd: repo.dir });
    expect({ code: r.code, stderr: r.stderr.slice(-3000) }).toMatchObject({ code: 0 });
    const record = JSON.parse(r.stdout) as {
      verdict: string;
      image: { digest: string };
      environment: { endpoints: Record<string, string> };
    };
    expect(record.verdict).toBe('passed');
    // The runner reaches the service on the remote engine's host, not on 127.0.0.1.
    expect(record.environment.endpoints.web).toMatch(
      new RegExp(`^http://${address.replace(/\./g, '\\.')}:\\d+/$`),
    );
    const where = readFileSync(join(repo.dir, '.immutable-qa/checks/where.log'), 'utf8');
    expect(where).toContain(`engine=${tcp}`);
    // The tested digest ran there, pulled from the registry: the only image of the environment.
    expect(where).toContain(`images=${repository}@${record.image.digest}`);
    expect(r.stderr).toContain(`the environment runs on the engine at ${tcp}`);
    // Pulled on node 2 by digest; nothing of it on this engine.
    expect(dockerOn(socket, 'image', 'ls', '--digests', '--format', '{{.Digest}}', repository)).toContain(
      record.image.digest,
    );
    expect(managedOn(socket)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect(
      execFileSync('docker', ['ps', '-aq', '--filter', 'label=io.immutable-qa.managed=true'], {
        encoding: 'utf8',
      }).trim(),
    ).toBe(localBefore);
  });

  test('SIGTERM while a check runs there: the run removes its environment from that engine', async () => {
    const { tcp, socket } = engine();
    const repo = makeRepo(
      remoteConfig(`${cluster!.registry}/iqa-remote/term`, tcp, '  - name: slow\n    run: sleep 60\n'),
    );
    repos.push(repo);
    const run = runNode([join(DIST, 'cli/index.js'), 'qa', '--config', repo.config, '--pr', '73'], {
      cwd: repo.dir,
      env: { ...process.env, IMMUTABLE_QA_SIGNING_KEY: TEST_SIGNING_KEY },
    });
    const deadline = Date.now() + 120_000;
    while (managedOn(socket).containers === 0 && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 250));
    expect(managedOn(socket).containers).toBe(1);
    // The environment is up and the slow check is running.
    await new Promise((res) => setTimeout(res, 1500));
    run.kill('SIGTERM');
    const r = await run;
    expect({ code: r.code, stderr: r.stderr.slice(-2000) }).toMatchObject({ code: 143 });
    expect(managedOn(socket)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test('teardown --older-than removes a kept environment on that engine, and only there', async () => {
    const { tcp, socket } = engine();
    const repo = makeRepo(remoteConfig(`${cluster!.registry}/iqa-remote/kept`, tcp));
    repos.push(repo);
    const r = await cli(['qa', '--config', repo.config, '--pr', '72', '--keep'], { cwd: repo.dir });
    expect({ code: r.code, stderr: r.stderr.slice(-3000) }).toMatchObject({ code: 0 });
    expect(managedOn(socket).containers).toBe(1);
    // Too young: kept.
    const young = await cli(['teardown', '--config', repo.config, '--older-than', '1h', '--json'], {
      cwd: repo.dir,
    });
    expect(young.code).toBe(0);
    expect((JSON.parse(young.stdout) as { kept: unknown[] }).kept).toHaveLength(1);
    expect(managedOn(socket).containers).toBe(1);
    await new Promise((res) => setTimeout(res, 1100));
    const old = await cli(['teardown', '--config', repo.config, '--older-than', '1s', '--json'], {
      cwd: repo.dir,
    });
    expect({ code: old.code, stderr: old.stderr }).toMatchObject({ code: 0 });
    expect((JSON.parse(old.stdout) as { removed: Array<{ pr: number }> }).removed).toEqual([
      expect.objectContaining({ pr: 72 }),
    ]);
    expect(old.stderr).toContain(`on the engine at ${tcp}`);
    expect(managedOn(socket)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});

describe('environment.engine: config errors (no engine is called)', () => {
  test('local mode with a remote engine: file:line and what to change', async () => {
    const repo = makeRepo(
      remoteConfig('hello-local', 'tcp://192.0.2.1:2375').replace('record:\n  signing: key\n', ''),
    );
    repos.push(repo);
    const r = await cli(['validate', '--config', repo.config], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/immutable-qa\.yml:5:\d+: .*environment\.engine needs a registry/);
    expect(r.stderr).toContain('Set image.repository to a registry');
  });

  test('a password in the engine URL is refused and never echoed', async () => {
    const repo = makeRepo(remoteConfig('127.0.0.1:5077/x/y', 'ssh://deploy:hunter2secret@preview-1'));
    repos.push(repo);
    const r = await cli(['validate', '--config', repo.config], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no password in environment.engine.host');
    expect(r.stderr + r.stdout).not.toContain('hunter2secret');
  });
});
