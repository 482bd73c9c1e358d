// The bundle as the runner runs it: `node dist/index.js` with INPUT_*/GITHUB_* and a real
// pull_request payload, then the post step with the state the main step saved.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { leftovers, listContainers, removeByLabel } from '../../src/environment/compose.js';
import type { QaRecord } from '../../src/model/record.js';
import { configFor, helloProject, makeRepo, readOutputs, registry, type Repo } from '../support/fixtures.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { runMain, runnerEnv, runPost } from '../support/runner.js';

const repos: Repo[] = [];
const projects: string[] = [];
const servers: GitHubServer[] = [];
afterEach(async () => {
  const closing = servers.splice(0);
  // Close before asserting: a failed expectation must not leave a server holding the process open.
  for (const s of closing) await s.close();
  for (const s of closing) expect(s.violations).toEqual([]);
  for (const p of projects.splice(0)) await removeByLabel(p);
  for (const r of repos.splice(0)) r.cleanup();
});

type Payload = Record<string, unknown> & {
  number: number;
  pull_request: {
    number: number;
    title: string;
    head: { sha: string; ref: string; repo: { full_name: string } };
    base: { repo: { full_name: string } };
  };
  repository: { full_name: string };
};

/** The real `pull_request` opened example, pointed at our fixture commit with hostile text in it. */
function pullRequestEvent(dir: string, sha: string, number: number, canary: string): string {
  const examples = JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve('@octokit/webhooks-examples'), 'utf8'),
  ) as Array<{
    name: string;
    examples: Array<Record<string, unknown>>;
  }>;
  const group = examples.find((e) => e.name === 'pull_request')!;
  const payload = structuredClone(group.examples.find((e) => e.action === 'opened')!) as Payload;
  payload.number = number;
  payload.pull_request.number = number;
  payload.pull_request.title = `fix $(touch ${canary}) and \`touch ${canary}\``;
  payload.pull_request.head.sha = sha;
  payload.pull_request.head.ref = `feat/$(touch${'${IFS}'}${canary})\`touch ${canary}\``;
  payload.pull_request.head.repo.full_name = 'acme/hello';
  payload.pull_request.base.repo.full_name = 'acme/hello';
  payload.repository.full_name = 'acme/hello';
  const path = join(dir, 'event.json');
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

const checks = `  - name: page
    run: sh tests/smoke.sh
  - name: healthz
    run: wget -q -O - "\${IMMUTABLE_QA_ENDPOINT_WEB}healthz" | grep -qx ok
`;

/** Node 24's binary (npm's `node` package), fetched once through npx. */
function node24(): string {
  return execFileSync('npx', ['-y', '-p', 'node@24', '--', 'node', '-p', 'process.execPath'], {
    encoding: 'utf8',
  }).trim();
}

describe('the bundle as the runner runs it', () => {
  test.each([
    ['node 20 (this machine)', undefined],
    // The binary itself, started directly as the runner does: through npx a shell would drop the
    // INPUT_* variables whose names hold a dash (signing-key, github-token).
    ['node 24 (the runners)', [node24()]],
  ])('pull_request on %s: outputs, head sha, and hostile PR text never executes', async (_name, node) => {
    const repository = `${registry()}/hello-action`;
    const r = makeRepo(configFor(repository, checks));
    repos.push(r);
    const canary = join(tmpdir(), `iqa-canary-${Date.now()}`);
    const github = await startGitHubServer({ owner: 'acme', repo: 'hello', token: 'ghs_secret' });
    servers.push(github);
    const env = runnerEnv(r, {
      event: pullRequestEvent(r.dir, r.sha, 7, canary),
      apiUrl: github.url,
      inputs: { 'github-token': 'ghs_secret', 'keep-environment': 'false' },
    });
    const result = await runMain(r, env, node);
    expect({ code: result.code, out: result.code === 0 ? '' : result.stdout + result.stderr }).toEqual({
      code: 0,
      out: '',
    });
    const outputs = readOutputs(env.GITHUB_OUTPUT!);
    expect(outputs.verdict).toBe('passed');
    expect(outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(outputs['image-ref']).toBe(`${repository}@${outputs.digest}`);
    expect(outputs.image).toBe(repository);
    expect(outputs['environment-url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const record = JSON.parse(readFileSync(outputs.record!, 'utf8')) as QaRecord;
    projects.push(record.environment.project);
    expect(record.source).toMatchObject({
      sha: r.sha,
      pr: 7,
      repository: 'acme/hello',
      ref: 'refs/pull/7/head',
    });
    expect(record.run).toEqual({
      id: '1234',
      attempt: 1,
      url: 'https://github.com/acme/hello/actions/runs/1234',
    });
    expect(record.environment.project).toBe(helloProject(7));
    expect(existsSync(canary)).toBe(false);
    expect(existsSync(join(r.dir, canary))).toBe(false);
    // The only place the token may appear is the ::add-mask:: command that tells the runner to mask it.
    const logs = (result.stdout + result.stderr).replace('::add-mask::ghs_secret', '');
    expect(logs + readFileSync(outputs.record!, 'utf8')).not.toContain('ghs_secret');
    expect(await leftovers(helloProject(7))).toEqual({ containers: 0, networks: 0, volumes: 0 });
    // The post step after a clean run has nothing to do and succeeds.
    const post = await runPost(r, env);
    expect(post.code).toBe(0);
  });

  test.each(['SIGTERM', 'SIGKILL'] as const)(
    '%s during checks, then the post step: nothing of the project is left',
    async (signal) => {
      const r = makeRepo(
        configFor('hello-cancel', `  - name: slow\n    run: touch started; sleep 120\n    timeout: 5m\n`),
      );
      repos.push(r);
      const env = runnerEnv(r, { event: pullRequestEvent(r.dir, r.sha, 8, join(tmpdir(), 'unused-canary')) });
      const project = helloProject(8);
      projects.push(project);
      const main = runMain(r, env);
      for (let i = 0; i < 1200 && !existsSync(join(r.dir, 'started')); i++)
        await new Promise((res) => setTimeout(res, 100));
      expect(existsSync(join(r.dir, 'started'))).toBe(true);
      expect((await listContainers(project)).length).toBe(1);
      main.kill(signal);
      const ended = await main;
      expect(ended.code === 0).toBe(false);
      if (signal === 'SIGKILL') expect((await listContainers(project)).length).toBe(1); // main could not clean up
      const post = await runPost(r, env);
      expect(post.code).toBe(0);
      expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
      if (signal === 'SIGTERM') {
        const record = JSON.parse(
          readFileSync(join(r.dir, '.immutable-qa/qa-record.json'), 'utf8'),
        ) as QaRecord;
        expect(record.verdict).toBe('failed');
        expect(record.checks[0]).toMatchObject({ name: 'slow', conclusion: 'cancelled' });
      }
    },
  );
});
