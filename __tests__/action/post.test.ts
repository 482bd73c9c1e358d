// The post step in-process: with the state the main step saved it cancels the check runs left open
// (against the GitHub API test server) and removes the environment, or does nothing when main
// finished its own teardown or the environment is kept. Best effort: it never fails the job.
// The engine side (removeByLabel) is stubbed; it has its own integration tests.
import { jest } from '@jest/globals';
import * as core from '../support/core-stub.js';
import { settle, useVirtualClock } from '../support/virtual-clock.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';

const removeByLabel = jest.fn<(project: string) => Promise<void>>();
jest.unstable_mockModule('@actions/core', () => core);
jest.unstable_mockModule('../../src/environment/compose.js', () => ({ removeByLabel }));
const { runPost } = await import('../../src/action/post.js');

const SHA = 'a'.repeat(40);
const PROJECT = 'iqa-hello-pr7';

let gh: GitHubServer;
const saved = { ...process.env };
beforeEach(async () => {
  gh = await startGitHubServer({ owner: 'acme', repo: 'hello', token: 'ghs_test' });
  for (const k of Object.keys(process.env)) if (k.startsWith('GITHUB_')) delete process.env[k];
  Object.assign(process.env, {
    GITHUB_REPOSITORY: 'acme/hello',
    GITHUB_SHA: SHA,
    GITHUB_API_URL: gh.url,
    GITHUB_RUN_ID: '1234',
  });
  removeByLabel.mockReset();
  removeByLabel.mockResolvedValue(undefined);
});
afterEach(async () => {
  await gh.close();
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
  test.each<[string, Record<string, string>, string]>([
    ['no project was started', {}, 'post: nothing to do (project=-, keep=false, done=false)'],
    [
      'main finished its own teardown',
      { project: PROJECT, keep: 'false', done: 'true' },
      `post: nothing to do (project=${PROJECT}, keep=false, done=true)`,
    ],
    [
      'keep-environment',
      { project: PROJECT, keep: 'true' },
      `post: nothing to do (project=${PROJECT}, keep=true, done=false)`,
    ],
    [
      'keep-environment and done',
      { project: PROJECT, keep: 'true', done: 'true' },
      `post: nothing to do (project=${PROJECT}, keep=true, done=true)`,
    ],
  ])('nothing to do when %s', async (_name, state, debug) => {
    core.given({ state });
    await runPost();
    expect(removeByLabel).not.toHaveBeenCalled();
    expect(core.messages(core.debug)).toEqual([debug]);
    expect(core.failures()).toEqual([]);
    expect(core.warning).not.toHaveBeenCalled();
    expect(gh.requests).toEqual([]);
  });

  test('main failed or was cancelled before its teardown: the project is removed, in a group', async () => {
    core.given({ state: { project: PROJECT, keep: 'false' } });
    await runPost();
    expect(removeByLabel.mock.calls).toEqual([[PROJECT]]);
    expect(core.group.mock.calls.map(([name]) => name)).toEqual([`Teardown ${PROJECT}`]);
    expect(core.messages(core.info)).toEqual([`removed the environment ${PROJECT}`]);
    expect(core.failures()).toEqual([]);
    expect(gh.requests).toEqual([]);
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
      `removed the environment ${PROJECT}`,
    ]);
    expect(removeByLabel.mock.calls).toEqual([[PROJECT]]);
    expect(core.failures()).toEqual([]);
  });

  test('pending check runs are cancelled even when there is no environment to remove', async () => {
    const id = await openCheckRun('immutable-qa / build', 'queued');
    core.given({
      inputs: { 'github-token': 'ghs_test' },
      state: { done: 'true', project: PROJECT, 'check-runs': JSON.stringify({ build: id }) },
    });
    await settle(runPost());
    expect(gh.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(removeByLabel).not.toHaveBeenCalled();
  });

  test('no pending check runs (or unreadable state): no GitHub request', async () => {
    core.given({ inputs: { 'github-token': 'ghs_test' }, state: { done: 'true', 'check-runs': 'not json' } });
    await settle(runPost());
    expect(gh.requests).toEqual([]);
    expect(core.failures()).toEqual([]);
    expect(core.warning).not.toHaveBeenCalled();
  });

  test('no token: nothing is cancelled and nothing fails', async () => {
    const id = await openCheckRun('immutable-qa / build', 'in_progress');
    const before = gh.requests.length;
    core.given({ state: { done: 'true', 'check-runs': JSON.stringify({ build: id }) } });
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
    expect(removeByLabel.mock.calls).toEqual([[PROJECT]]);
    expect(core.failures()).toEqual([]);
  });

  test('a read-only token: one warning naming the permission, no failure', async () => {
    const id = await openCheckRun('immutable-qa / build', 'in_progress');
    gh.setMode('read-only');
    core.given({
      inputs: { 'github-token': 'ghs_test' },
      state: { done: 'true', 'check-runs': JSON.stringify({ build: id }) },
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
