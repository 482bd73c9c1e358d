// The QA pipeline end to end through the bundled CLI, on the real engine and the real registry.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leftovers, listContainers, removeByLabel } from '../../src/environment/compose.js';
import { projectName } from '../../src/environment/project.js';
import type { QaRecord } from '../../src/model/record.js';
import { cli, configFor, makeRepo, registry, type Repo } from '../support/fixtures.js';

const repos: Repo[] = [];
const projects: string[] = [];
afterEach(async () => {
  for (const p of projects.splice(0)) await removeByLabel(p);
  for (const r of repos.splice(0)) r.cleanup();
});

function repo(config: string, extra?: Record<string, string>): Repo {
  const r = makeRepo(config, extra);
  repos.push(r);
  return r;
}

const okChecks = `  - name: page
    run: sh tests/smoke.sh
`;

async function qa(r: Repo, args: string[] = [], env?: NodeJS.ProcessEnv) {
  const result = await cli(['qa', '--config', r.config, '--json', ...args], { cwd: r.dir, env });
  const record = result.stdout ? (JSON.parse(result.stdout) as QaRecord) : undefined;
  if (record) projects.push(record.environment.project);
  return { ...result, record };
}

async function registryDigest(repository: string, tag: string): Promise<string | null> {
  const [host, ...path] = repository.split('/');
  const res = await fetch(`http://${host}/v2/${path.join('/')}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      Accept:
        'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  return res.headers.get('docker-content-digest');
}

function dockerWrapper(dir: string, hide: string[]): string {
  // A `docker` earlier on PATH that answers like a CLI without the buildx / compose plugins.
  const real = execFileSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).trim();
  const cases = hide
    .map((p) => `  ${p}) echo "docker: '${p}' is not a docker command." >&2; exit 1 ;;`)
    .join('\n');
  writeFileSync(join(dir, 'docker'), `#!/bin/sh\ncase "$1" in\n${cases}\nesac\nexec ${real} "$@"\n`, {
    mode: 0o755,
  });
  return dir;
}

/** Alive and not a zombie (an orphan's zombie waits for init to reap it). */
function running(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  return !/^\d+ \([^)]*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

describe('qa pipeline', () => {
  test('buildx + Compose v2: the digest is what the registry serves and what every container runs', async () => {
    const repository = `${registry()}/hello-buildx`;
    const r = repo(configFor(repository, okChecks));
    const { code, record, stderr } = await qa(r, ['--pr', '41', '--keep']);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(record!.verdict).toBe('passed');
    expect(record!.phases[0]!.summary).toContain('(buildx)');
    expect(record!.phases[1]!.summary).toContain('compose v2');
    const digest = record!.image.digest!;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await registryDigest(repository, 'pr-41')).toBe(digest);
    // Outside GitHub the repository identity is the checkout's path (its hash names the project).
    expect(record!.environment.project).toBe(projectName(realpathSync(r.dir), 41, r.sha));

    const containers = await listContainers(record!.environment.project);
    expect(containers).toHaveLength(1);
    const inspected = JSON.parse(
      execFileSync('docker', ['inspect', containers[0]!.id], { encoding: 'utf8' }),
    )[0];
    expect(inspected.Config.Image).toBe(`${repository}@${digest}`);
    expect(inspected.Config.Labels).toMatchObject({
      'io.immutable-qa.pr': '41',
      'io.immutable-qa.sha': r.sha,
      'io.immutable-qa.digest': digest,
    });
    expect(record!.source).toMatchObject({ sha: r.sha, checkout_sha: r.sha, pr: 41, dirty: false });
    expect(record!.source.tree).toMatch(/^[0-9a-f]{40}$/);
    expect(record!.environment.definition_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(readFileSync(join(r.dir, '.immutable-qa/qa-record.json'), 'utf8'))).toEqual(record);
  });

  test('without buildx and Compose v2 it falls back to docker build + push and docker-compose v1', async () => {
    const repository = `${registry()}/hello-legacy`;
    const r = repo(configFor(repository, okChecks));
    const bin = dockerWrapper(r.dir, ['buildx', 'compose']);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const { code, record, stderr } = await qa(r, ['--pr', '42'], env);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(record!.phases[0]!.summary).toContain('(legacy)');
    expect(record!.phases[1]!.summary).toContain('compose v1');
    expect(await registryDigest(repository, 'pr-42')).toBe(record!.image.digest);
    expect(await leftovers(record!.environment.project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test('local mode: no push, the identity is the image ID', async () => {
    const r = repo(configFor('hello-local-mode', okChecks));
    const { code, record } = await qa(r);
    expect(code).toBe(0);
    const id = execFileSync(
      'docker',
      ['image', 'inspect', '--format', '{{.Id}}', `hello-local-mode:sha-${r.sha.slice(0, 12)}`],
      {
        encoding: 'utf8',
      },
    ).trim();
    expect(record!.image.digest).toBe(id);
    expect(record!.environment.project).toMatch(new RegExp(`-${r.sha.slice(0, 7)}$`));
  });

  test('two PRs at once get their own ports; a re-run for the same PR replaces the old environment', async () => {
    const r = repo(configFor('hello-parallel', okChecks));
    const [a, b] = await Promise.all([qa(r, ['--pr', '1', '--keep']), qa(r, ['--pr', '2', '--keep'])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.record!.environment.endpoints.web).not.toBe(b.record!.environment.endpoints.web);
    const before = (await listContainers(a.record!.environment.project)).map((c) => c.id);
    const again = await qa(r, ['--pr', '1', '--keep']);
    expect(again.code).toBe(0);
    const after = (await listContainers(a.record!.environment.project)).map((c) => c.id);
    expect(after).toHaveLength(1);
    expect(after).not.toContain(before[0]);
    expect(execFileSync('docker', ['ps', '-aq', '--no-trunc'], { encoding: 'utf8' })).not.toContain(
      before[0],
    );
  });

  test('a container that exits fails the environment phase with its log tail, checks skipped, nothing left', async () => {
    const compose = `services:\n  web:\n    image: \${IMMUTABLE_QA_IMAGE}\n    command: ["sh", "-c", "echo database unreachable; exit 3"]\n    ports: ["8080"]\n`;
    const r = repo(configFor('hello-exits', okChecks), { 'compose.yml': compose });
    const started = Date.now();
    const { code, record, stderr } = await qa(r);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(record!.verdict).toBe('failed');
    expect(record!.phases[1]).toMatchObject({ name: 'environment', conclusion: 'failure' });
    expect(record!.phases[1]!.summary).toMatch(/"web" exited with code 3/);
    expect(stderr).toContain('database unreachable');
    expect(record!.checks[0]).toMatchObject({ name: 'page', conclusion: 'skipped' });
    expect(await leftovers(record!.environment.project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test('a service that never gets healthy fails within ready-timeout', async () => {
    const compose = `services:\n  web:\n    image: \${IMMUTABLE_QA_IMAGE}\n    ports: ["8080"]\n    healthcheck: { test: ["CMD", "false"], interval: 1s, retries: 1000 }\n`;
    const config = configFor('hello-sick', okChecks).replace('ready-timeout: 30s', 'ready-timeout: 4s');
    const r = repo(config, { 'compose.yml': compose });
    const started = Date.now();
    const { code, record } = await qa(r);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(record!.phases[1]!.summary).toMatch(/not ready after 4s: web is (starting|unhealthy)/);
  });

  test('a build failure is a failed verdict with the build log tail, not a crash', async () => {
    const r = repo(configFor('hello-broken', okChecks), {
      Dockerfile:
        'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "sh", "-c", "echo compiler exploded; exit 7"]\n',
    });
    const { code, record } = await qa(r);
    expect(code).toBe(1);
    expect(record!.verdict).toBe('failed');
    expect(record!.image.digest).toBeNull();
    expect(record!.phases[0]).toMatchObject({ name: 'build', conclusion: 'failure' });
    expect(record!.phases[1]!.conclusion).toBe('skipped');
    const saved = JSON.parse(readFileSync(join(r.dir, '.immutable-qa/qa-record.json'), 'utf8')) as QaRecord;
    expect(saved.verdict).toBe('failed');
  });

  test('checks get the documented variables, run in the repository root, and a timeout kills the whole process group', async () => {
    const checks = `  - name: vars
    run: env | grep -E '^(IMMUTABLE_QA_|BASE_URL=)' | sort > vars.txt; pwd > cwd.txt
    env: { BASE_URL: "\${IMMUTABLE_QA_ENDPOINT_WEB}api" }
  - name: slow
    run: sh -c 'sleep 300 & echo $! > sleeper.pid; wait'
    timeout: 2s
    required: false
  - name: optional-red
    run: exit 1
    required: false
`;
    const r = repo(configFor('hello-vars', checks));
    const { code, record } = await qa(r, ['--pr', '9']);
    expect(code).toBe(0);
    expect(record!.verdict).toBe('passed');
    const byName = Object.fromEntries(record!.checks.map((c) => [c.name, c]));
    expect(byName.slow!.conclusion).toBe('timed_out');
    expect(byName['optional-red']!.conclusion).toBe('failure');
    const pid = Number(readFileSync(join(r.dir, 'sleeper.pid'), 'utf8'));
    expect(running(pid)).toBe(false);
    const vars = Object.fromEntries(
      readFileSync(join(r.dir, 'vars.txt'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const web = record!.environment.endpoints.web!;
    expect(vars).toEqual({
      BASE_URL: `${web}api`,
      IMMUTABLE_QA_DIGEST: record!.image.digest,
      IMMUTABLE_QA_ENDPOINT_WEB: web,
      IMMUTABLE_QA_IMAGE: record!.image.digest,
      IMMUTABLE_QA_NETWORK: `${record!.environment.project}_default`,
      IMMUTABLE_QA_PROJECT: record!.environment.project,
      // The commit the results are for, as the build args saw it (issue 12: not only in build-args).
      IMMUTABLE_QA_SHA: r.sha,
      IMMUTABLE_QA_PR: '9',
      IMMUTABLE_QA_REF: '',
    });
    expect(readFileSync(join(r.dir, 'cwd.txt'), 'utf8').trim()).toBe(r.dir);
    expect(existsSync(join(r.dir, '.immutable-qa/checks/vars.log'))).toBe(true);
  });

  test('a failing required check fails the verdict (exit 1); a dirty tree is recorded', async () => {
    const r = repo(
      configFor('hello-red', `  - name: red\n    run: echo "expected 200, got 500" >&2; exit 1\n`),
    );
    writeFileSync(join(r.dir, 'www/index.html'), 'changed after the commit');
    const { code, record, stderr } = await qa(r);
    expect(code).toBe(1);
    expect(record!.verdict).toBe('failed');
    expect(record!.source.dirty).toBe(true);
    expect(stderr).toContain('expected 200, got 500');
  });

  test('checks run in parallel: their run intervals overlap', async () => {
    const checks = ['a', 'b', 'c'].map((n) => `  - name: ${n}\n    run: sleep 1\n`).join('');
    const r = repo(configFor('hello-parallel-checks', checks));
    const { code, record } = await qa(r);
    expect(code).toBe(0);
    const spans = record!.checks.map((c) => [Date.parse(c.started_at), Date.parse(c.completed_at)] as const);
    const latestStart = Math.max(...spans.map(([s]) => s));
    const earliestEnd = Math.min(...spans.map(([, e]) => e));
    expect(latestStart).toBeLessThan(earliestEnd);
  });

  test('an unreachable Docker engine is an infrastructure error: exit 3, after the config was validated', async () => {
    const r = repo(configFor('hello-nodocker', okChecks));
    const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    const { code, stderr } = await qa(r, [], env);
    expect(code).toBe(3);
    expect(stderr).toMatch(/Docker engine does not answer/);
  });
});
