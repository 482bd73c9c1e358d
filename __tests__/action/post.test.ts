// The post step in-process: with the state the main step saved it cancels the check runs left open
// (against the GitHub API test server), removes the private Docker config and removes what the
// engine still holds of the environment. Saved state is a hint, never trusted: a check that forged
// `done` or `keep` (workflow commands from its output) cannot make it skip the teardown, and a
// forged path cannot make it delete anything but our own config. Best effort: it never fails the job.
// The engine side (leftovers, removeByLabel) is stubbed; it has its own integration tests.
import { jest } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '../support/core-stub.js';
import { settle, useVirtualClock } from '../support/virtual-clock.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';

type Left = { containers: number; networks: number; volumes: number };
const removeByLabel = jest.fn<(project: string, scope?: { run?: string }) => Promise<void>>();
const releaseClaims = jest.fn<(runs: readonly string[]) => Promise<void>>();
const leftovers = jest.fn<(project: string) => Promise<Left>>();
jest.unstable_mockModule('@actions/core', () => core);
jest.unstable_mockModule('../../src/environment/compose.js', () => ({ removeByLabel, leftovers }));
jest.unstable_mockModule('../../src/environment/claim.js', () => ({ releaseClaims }));
const removeStack = jest.fn<(project: string, scope?: { run?: string }) => Promise<boolean>>();
jest.unstable_mockModule('../../src/environment/swarm.js', () => ({ removeStack }));
const { runPost } = await import('../../src/action/post.js');
const { currentEngine } = await import('../../src/exec/engine.js');

const SHA = 'a'.repeat(40);
const PROJECT = 'iqa-hello-pr7';
const LEFT: Left = { containers: 2, networks: 1, volumes: 0 };
const NONE: Left = { containers: 0, networks: 0, volumes: 0 };

let gh: GitHubServer;
let runnerTemp: string;
const saved = { ...process.env };
beforeEach(async () => {
  gh = await startGitHubServer({ owner: 'acme', repo: 'hello', token: 'ghs_test' });
  for (const k of Object.keys(process.env)) if (k.startsWith('GITHUB_')) delete process.env[k];
  runnerTemp = mkdtempSync(join(tmpdir(), 'iqa-runner-temp-'));
  Object.assign(process.env, {
    GITHUB_REPOSITORY: 'acme/hello',
    GITHUB_SHA: SHA,
    GITHUB_API_URL: gh.url,
    GITHUB_RUN_ID: '1234',
    RUNNER_TEMP: runnerTemp,
  });
  removeByLabel.mockReset();
  removeByLabel.mockResolvedValue(undefined);
  releaseClaims.mockReset();
  releaseClaims.mockResolvedValue(undefined);
  leftovers.mockReset();
  leftovers.mockResolvedValue(LEFT);
  removeStack.mockReset();
  removeStack.mockResolvedValue(false);
});
afterEach(async () => {
  await gh.close();
  rmSync(runnerTemp, { recursive: true, force: true });
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

/** A check run the main step created and did not complete (as the server stores it). */
async function openCheckRun(name: string, status: 'queued' | 'in_progress'): Promise<number> {
  const res = await fetch(`${gh.url}/repos/acme/hello/check-runs`, {
    method: 'POST',
    headers: {
      authorization: 'token ghs_test',
      accept: 'application/vnd.github+json',
      'content-type': 'application/json; charset=utf-8',
    },
    body: JSON.stringify({ name, head_sha: SHA, status }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

describe('runPost: the environment', () => {
  test.each<[string, Record<string, string>, Record<string, string>, string]>([
    ['no project was started', {}, {}, 'post: no environment to tear down (project=-, keep=false)'],
    [
      'keep-environment',
      { 'keep-environment': 'true' },
      { project: PROJECT },
      `post: no environment to tear down (project=${PROJECT}, keep=true)`,
    ],
    [
      'the saved project is not one of our names',
      {},
      { project: 'my-database' },
      'post: no environment to tear down (project=my-database, keep=false)',
    ],
  ])('nothing to do when %s', async (_name, inputs, state, debug) => {
    core.given({ inputs, state });
    await runPost();
    expect(removeByLabel).not.toHaveBeenCalled();
    expect(core.messages(core.debug)).toEqual([debug]);
    expect(core.failures()).toEqual([]);
    expect(core.warning).not.toHaveBeenCalled();
    expect(gh.requests).toEqual([]);
  });

  test('main finished its own teardown: the engine shows nothing left, nothing is removed', async () => {
    leftovers.mockResolvedValue(NONE);
    core.given({ state: { project: PROJECT } });
    await runPost();
    expect(leftovers.mock.calls).toEqual([[PROJECT]]);
    expect(removeByLabel).not.toHaveBeenCalled();
    expect(core.messages(core.info)).toEqual([`nothing of ${PROJECT} is left`]);
  });

  test('main failed or was cancelled before its teardown: what is left is removed, in a group', async () => {
    core.given({ state: { project: PROJECT } });
    await runPost();
    expect(removeByLabel.mock.calls).toEqual([[PROJECT, {}]]);
    expect(core.group.mock.calls.map(([name]) => name)).toEqual([`Teardown ${PROJECT}`]);
    expect(core.messages(core.info)).toEqual([
      `removed what was left of ${PROJECT} (2 container(s), 1 network(s), 0 volume(s) under its label)`,
    ]);
    expect(core.failures()).toEqual([]);
    expect(gh.requests).toEqual([]);
  });

  test('with the run id: only that run is removed and its claim released (a newer run may own the project)', async () => {
    const run = '20261202010203456-9f3a1c2b';
    core.given({ state: { project: PROJECT, run } });
    await runPost();
    expect(releaseClaims.mock.calls).toEqual([[[run]]]);
    expect(removeByLabel.mock.calls).toEqual([[PROJECT, { run }]]);
  });

  test('the environment ran on environment.engine: the post step removes it there', async () => {
    const seen: Array<string | undefined> = [];
    removeByLabel.mockImplementation(async () => void seen.push(currentEngine()?.host));
    leftovers.mockImplementation(async () => (seen.push(currentEngine()?.host), LEFT));
    core.given({ state: { project: PROJECT, engine: 'tcp://192.168.77.12:2375' } });
    await runPost();
    expect(seen).toEqual(['tcp://192.168.77.12:2375', 'tcp://192.168.77.12:2375']);
  });

  test.each(['-H tcp://evil:1', 'tcp://a b', 'http://x:1'])(
    'a saved engine that is not a docker address (%s) is ignored: the runner’s engine',
    async (engine) => {
      const seen: Array<string | undefined> = [];
      removeByLabel.mockImplementation(async () => void seen.push(currentEngine()?.host));
      core.given({ state: { project: PROJECT, engine } });
      await runPost();
      expect(seen).toEqual([undefined]);
    },
  );

  test('a swarm stack of the project is removed too, only the run’s, and said so', async () => {
    const run = '20261202010203456-9f3a1c2b';
    removeStack.mockResolvedValue(true);
    leftovers.mockResolvedValue(NONE);
    core.given({ state: { project: PROJECT, run } });
    await runPost();
    expect(removeStack.mock.calls).toEqual([[PROJECT, { run }]]);
    expect(core.messages(core.info)).toEqual([
      `removed the stack ${PROJECT}`,
      `nothing of ${PROJECT} is left`,
    ]);
  });

  test('a run id that is not one of ours is ignored', async () => {
    core.given({ state: { project: PROJECT, run: 'x" --filter all' } });
    await runPost();
    expect(releaseClaims).not.toHaveBeenCalled();
    expect(removeByLabel.mock.calls).toEqual([[PROJECT, {}]]);
  });

  test.each([
    ['done', { done: 'true' }],
    ['keep', { keep: 'true' }],
  ])('forged `%s` state (a check printed ::save-state) does not stop the teardown', async (_n, forged) => {
    core.given({ inputs: { 'keep-environment': 'false' }, state: { project: PROJECT, ...forged } });
    await runPost();
    expect(removeByLabel.mock.calls).toEqual([[PROJECT, {}]]);
  });

  test('a failed teardown is a warning, never a failure', async () => {
    removeByLabel.mockRejectedValue(new Error('Cannot connect to the Docker daemon'));
    core.given({ state: { project: PROJECT } });
    await runPost();
    expect(core.messages(core.warning)).toEqual([
      `teardown of ${PROJECT} failed: Cannot connect to the Docker daemon`,
    ]);
    expect(core.failures()).toEqual([]);
  });
});

describe('runPost: the private Docker config', () => {
  test('ours (in RUNNER_TEMP, our prefix) is removed, even when main crashed', async () => {
    const dir = mkdtempSync(join(runnerTemp, 'immutable-qa-docker-'));
    core.given({ state: { 'docker-config': dir } });
    await runPost();
    expect(existsSync(dir)).toBe(false);
  });

  test.each([
    ['outside RUNNER_TEMP', () => mkdtempSync(join(tmpdir(), 'immutable-qa-docker-'))],
    ['without our prefix', () => mkdtempSync(join(runnerTemp, 'home-'))],
    [
      'below ours',
      () => (
        mkdirSync(join(runnerTemp, 'x/immutable-qa-docker-1'), { recursive: true }),
        join(runnerTemp, 'x/immutable-qa-docker-1')
      ),
    ],
    [
      'a path that climbs out',
      () => (
        mkdirSync(join(runnerTemp, 'keep'), { recursive: true }),
        join(runnerTemp, 'immutable-qa-docker-1/../keep')
      ),
    ],
  ])('a forged path %s is left alone', async (_name, make) => {
    const dir = make();
    core.given({ state: { 'docker-config': dir } });
    await runPost();
    expect(existsSync(dir)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("runPost: the run's private directory", () => {
  // os.tmpdir(), where run-claim.ts makes it (the real one: it does not follow this sandbox's env).
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const runOf = (n: number): string =>
    `20261202010203456-${(process.pid * 10 + n).toString(16).padStart(8, '0').slice(-8)}`;
  /** A run directory as run-claim.ts makes it, with the labels override compose.ts writes. */
  function runDir(run: string, extra?: string): string {
    const dir = mkdtempSync(join(tmpdir(), `iqa-run-${run}-`));
    made.push(dir);
    writeFileSync(join(dir, `${PROJECT}.immutable-qa.labels.yml`), '{}');
    if (extra) writeFileSync(join(dir, extra), 'x');
    return dir;
  }

  test.each([
    ['the environment is torn down', {}],
    ['keep-environment', { 'keep-environment': 'true' }],
  ])('a killed main left it: removed (%s)', async (_name, inputs) => {
    const run = runOf(1);
    const dir = runDir(run);
    core.given({ inputs, state: { project: PROJECT, run } });
    await runPost();
    expect(existsSync(dir)).toBe(false);
    expect(core.messages(core.info)).toContain(`removed the private directory ${dir} of run ${run}`);
    expect(core.failures()).toEqual([]);
  });

  test("another run's directory, and one holding a file immutable-qa did not write, stay", async () => {
    const run = runOf(2);
    const other = runDir(runOf(3));
    const foreign = runDir(run, 'notes.txt');
    core.given({ state: { project: PROJECT, run } });
    await runPost();
    expect(existsSync(other)).toBe(true);
    expect(existsSync(join(foreign, 'notes.txt'))).toBe(true);
    expect(core.messages(core.warning)).toEqual([
      `kept ${foreign}: it holds notes.txt, which immutable-qa did not write`,
    ]);
    expect(core.failures()).toEqual([]);
  });
});

describe('runPost: check runs left open', () => {
  useVirtualClock();
  test('every pending check run is completed as cancelled; a run not listed as pending is untouched', async () => {
    const slow = await openCheckRun('immutable-qa / slow', 'in_progress');
    const overall = await openCheckRun('immutable-qa', 'in_progress');
    const quick = await openCheckRun('immutable-qa / quick', 'in_progress');
    core.given({
      inputs: { 'github-token': 'ghs_test' },
      state: {
        project: PROJECT,
        'check-runs': JSON.stringify({ slow, 'immutable-qa': overall }),
      },
    });
    await settle(runPost());
    expect(gh.violations).toEqual([]);
    const byId = Object.fromEntries(gh.state.checkRuns.map((c) => [c.id, c]));
    expect(byId[slow]).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(byId[overall]).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(byId[slow]!.output.summary).toBe(
      'immutable-qa / slow did not finish: the run was cancelled or failed before this step completed.',
    );
    expect(byId[quick]).toMatchObject({ status: 'in_progress', conclusion: null });
    expect(core.messages(core.info)).toEqual([
      'cancelled 2 open check run(s)',
      `removed what was left of ${PROJECT} (2 container(s), 1 network(s), 0 volume(s) under its label)`,
    ]);
    expect(removeByLabel.mock.calls).toEqual([[PROJECT, {}]]);
    expect(core.failures()).toEqual([]);
  });

  test('pending check runs are cancelled even when there is no environment to remove', async () => {
    const id = await openCheckRun('immutable-qa / build', 'queued');
    core.given({
      inputs: { 'github-token': 'ghs_test' },
      state: { project: PROJECT, 'check-runs': JSON.stringify({ build: id }) },
    });
    leftovers.mockResolvedValue(NONE);
    await settle(runPost());
    expect(gh.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(removeByLabel).not.toHaveBeenCalled();
  });

  test('no pending check runs (or unreadable state): no GitHub request', async () => {
    core.given({ inputs: { 'github-token': 'ghs_test' }, state: { 'check-runs': 'not json' } });
    await settle(runPost());
    expect(gh.requests).toEqual([]);
    expect(core.failures()).toEqual([]);
    expect(core.warning).not.toHaveBeenCalled();
  });

  test('no token: nothing is cancelled and nothing fails', async () => {
    const id = await openCheckRun('immutable-qa / build', 'in_progress');
    const before = gh.requests.length;
    core.given({ state: { 'check-runs': JSON.stringify({ build: id }) } });
    await settle(runPost());
    expect(gh.requests.length).toBe(before);
    expect(gh.state.checkRuns[0]!.status).toBe('in_progress');
    expect(core.failures()).toEqual([]);
  });

  test('no commit to report on: a warning, and the environment is still removed', async () => {
    delete process.env.GITHUB_SHA;
    core.given({
      inputs: { 'github-token': 'ghs_test' },
      state: { project: PROJECT, 'check-runs': JSON.stringify({ build: 1 }) },
    });
    await settle(runPost());
    const warnings = core.messages(core.warning);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^could not cancel open check runs: no commit sha to test/);
    expect(removeByLabel.mock.calls).toEqual([[PROJECT, {}]]);
    expect(core.failures()).toEqual([]);
  });

  test('a read-only token: one warning naming the permission, no failure', async () => {
    const id = await openCheckRun('immutable-qa / build', 'in_progress');
    gh.setMode('read-only');
    core.given({
      inputs: { 'github-token': 'ghs_test' },
      state: { 'check-runs': JSON.stringify({ build: id }) },
    });
    await settle(runPost());
    expect(gh.state.checkRuns[0]!.status).toBe('in_progress');
    const warnings = core.messages(core.warning);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^immutable-qa cannot cancel a check run: .*checks: write/);
    expect(core.messages(core.info)).toEqual(['cancelled 0 open check run(s)']);
    expect(core.failures()).toEqual([]);
  });
});
