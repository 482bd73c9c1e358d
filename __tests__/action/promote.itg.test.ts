// The promote sub-action as the runner runs it (dist/promote/index.js with INPUT_*/GITHUB_*),
// against the real registry and the GitHub API test server: a `push` of a merge commit that is not
// itself tested is traced to its PR through GET /repos/{owner}/{repo}/commits/{sha}/pulls, and the
// merge commit's tree comes from GET /repos/{owner}/{repo}/git/commits/{sha} when the checkout
// lacks it. Every request is validated against GitHub's OpenAPI description.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeByLabel } from '../../src/environment/compose.js';
import { pullRequestEvent, writeEvent } from '../support/events.js';
import {
  DIST,
  helloProject,
  makeRepo,
  readOutputs,
  registry,
  runNode,
  type Repo,
} from '../support/fixtures.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import {
  commitOnBranch,
  mergeIntoMain,
  promoteConfig,
  pushEvent,
  removeImages,
  runQa,
  tagDigest,
  testMerge,
  tree,
} from '../support/promotion.js';
import { skopeoDigest } from '../support/registry-fixture.js';
import { outputs, runnerEnv, summary } from '../support/runner.js';

let server: GitHubServer | undefined;
afterAll(() => removeImages([registry()], /^iqa-promote\//));
const repos: Repo[] = [];
const dirs: string[] = [];
const projects: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const p of projects.splice(0)) await removeByLabel(p);
  for (const r of repos.splice(0)) r.cleanup();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'iqa-promote-action-'));
  dirs.push(d);
  return d;
}

describe('the QA action records the verdict', () => {
  test.each([
    ['passed', '  - name: page\n    run: sh tests/smoke.sh\n'],
    ['failed', '  - name: red\n    run: exit 1\n'],
  ])('%s: tested-tag is set only when qa-<sha> was set', async (verdict, checks) => {
    const repository = `${registry()}/iqa-promote/qa-action${Date.now().toString(36)}`;
    const r = makeRepo(promoteConfig(repository, undefined, checks));
    repos.push(r);
    // The runner's files live outside the workspace (as on GitHub): the checkout stays clean.
    const files = tempDir();
    const event = writeEvent(files, pullRequestEvent({ action: 'opened', number: 44, headSha: r.sha }));
    const env = {
      ...runnerEnv({ ...r, dir: files }, { event, eventName: 'pull_request' }),
      GITHUB_WORKSPACE: r.dir,
    };
    const result = await runNode([join(DIST, 'index.js')], { cwd: r.dir, env });
    projects.push(helloProject(44));
    const out = readOutputs(join(files, 'output.txt'));
    expect(out.verdict).toBe(verdict);
    if (verdict === 'passed') {
      expect({ code: result.code, out: result.code === 0 ? '' : result.stdout }).toEqual({
        code: 0,
        out: '',
      });
      expect(out['tested-tag']).toBe(`qa-${r.sha}`);
      expect(await tagDigest(repository, `qa-${r.sha}`)).toBe(out.digest);
    } else {
      expect(result.code).toBe(1);
      expect(out['tested-tag']).toBeUndefined();
      expect(await tagDigest(repository, `qa-${r.sha}`)).toBeNull();
    }
  });
});

test('a partial run (the checks input) passes but never earns the tested tag', async () => {
  const repository = `${registry()}/iqa-promote/qa-partial${Date.now().toString(36)}`;
  const checks = '  - name: page\n    run: sh tests/smoke.sh\n  - name: other\n    run: exit 0\n';
  const r = makeRepo(promoteConfig(repository, undefined, checks));
  repos.push(r);
  const files = tempDir();
  const event = writeEvent(files, pullRequestEvent({ action: 'opened', number: 45, headSha: r.sha }));
  const env = {
    ...runnerEnv({ ...r, dir: files }, { event, eventName: 'pull_request', inputs: { checks: 'page' } }),
    GITHUB_WORKSPACE: r.dir,
  };
  const result = await runNode([join(DIST, 'index.js')], { cwd: r.dir, env });
  projects.push(helloProject(45));
  const out = readOutputs(join(files, 'output.txt'));
  expect({ code: result.code, verdict: out.verdict }).toEqual({ code: 0, verdict: 'passed' });
  expect(out['tested-tag']).toBeUndefined();
  expect(result.stdout).toContain('no tested tag: a partial run (checks input) left out other');
  expect(await tagDigest(repository, `qa-${r.sha}`)).toBeNull();
});

describe('the promote action', () => {
  test('push of a merge commit: PR found through commits→pulls, tree through the git commits API; outputs and job summary', async () => {
    const repository = `${registry()}/iqa-promote/action${Date.now().toString(36)}`;
    const r = makeRepo(promoteConfig(repository));
    repos.push(r);
    const head = commitOnBranch(r, 'feature', 'from the action test');
    testMerge(r, 'main', 'feature');
    const qa = await runQa(r, ['--sha', head, '--pr', '12']);
    if (qa.record) projects.push(qa.record.environment.project);
    expect(qa.code).toBe(0);
    const digest = qa.record!.image.digest!;
    const merge = mergeIntoMain(r, 'feature', 'Merge pull request #12 from acme/feature');
    const mergeTree = tree(r, merge);

    // The deploy job's checkout has the PR branch only: the merge commit's tree must come from the API.
    const checkout = join(tempDir(), 'checkout');
    execFileSync('git', [
      'clone',
      '-q',
      '--no-local',
      '--single-branch',
      '--branch',
      'feature',
      r.dir,
      checkout,
    ]);
    const workspace: Repo = {
      dir: checkout,
      sha: head,
      config: join(checkout, '.github/immutable-qa.yml'),
      cleanup: () => undefined,
    };

    server = await startGitHubServer({
      owner: 'acme',
      repo: 'hello',
      token: 'ghs_promote_token',
      commitPulls: {
        [merge]: [
          {
            number: 12,
            head: { sha: head, ref: 'feature' },
            base: { ref: 'main' },
            state: 'closed',
            merged_at: '2026-01-02T00:00:00Z',
            merge_commit_sha: merge,
          },
        ],
      },
      commits: { [merge]: { tree: mergeTree, parents: [r.sha, head] } },
    });
    const env = runnerEnv(workspace, {
      event: pushEvent(tempDir(), merge),
      eventName: 'push',
      sha: merge,
      apiUrl: server.url,
      inputs: { 'github-token': 'ghs_promote_token' },
    });
    const result = await runNode([join(DIST, 'promote/index.js')], { cwd: checkout, env });
    expect({ code: result.code, out: result.code === 0 ? '' : result.stdout + result.stderr }).toEqual({
      code: 0,
      out: '',
    });
    expect(server.violations).toEqual([]);
    expect(server.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      `GET /repos/acme/hello/commits/${merge}/pulls`,
      `GET /repos/acme/hello/git/commits/${merge}`,
    ]);

    expect(outputs(workspace)).toEqual({
      digest,
      'image-ref': `${repository}@${digest}`,
      'promoted-tags': `main,sha-${merge.slice(0, 7)}`,
      'source-sha': head,
      pr: '12',
    });
    expect(await skopeoDigest(`${repository}:main`)).toBe(digest);
    const text = summary(workspace);
    expect(text).toContain('## immutable-qa: promoted');
    expect(text).toContain(`${repository}@${digest}`);
    expect(text).toContain("the merged PR's head");
    // The token is masked, never printed.
    expect((result.stdout + result.stderr).replace('::add-mask::ghs_promote_token', '')).not.toContain(
      'ghs_promote_token',
    );
  });

  test('a push of a commit GitHub knows no PR for is refused: failed step, summary says why, nothing tagged', async () => {
    const repository = `${registry()}/iqa-promote/action-refused${Date.now().toString(36)}`;
    const r = makeRepo(promoteConfig(repository));
    repos.push(r);
    server = await startGitHubServer({ owner: 'acme', repo: 'hello' });
    const env = runnerEnv(r, {
      event: pushEvent(tempDir(), r.sha),
      eventName: 'push',
      sha: r.sha,
      apiUrl: server.url,
      inputs: { 'github-token': 'ghs_x' },
    });
    const result = await runNode([join(DIST, 'promote/index.js')], { cwd: r.dir, env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::promotion refused: ');
    expect(result.stdout).toContain('GitHub lists no pull request for it');
    expect(server.violations).toEqual([]);
    expect(summary(r)).toContain('## immutable-qa: promotion refused');
    expect(outputs(r)).toEqual({});
    expect(await tagDigest(repository, 'main')).toBeNull();
  });
});
