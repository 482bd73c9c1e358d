// The teardown sub-action's surface in-process: inputs parsed and validated (pr, all, older-than),
// the PR taken from the event, the `removed` output, and the PR's deployments marked inactive on the
// GitHub API test server. The engine side (pipeline/teardown.ts) is stubbed; its own tests are in
// __tests__/pipeline/.
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '../support/core-stub.js';
import { settle, useVirtualClock } from '../support/virtual-clock.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import type { Environment, TeardownOptions, TeardownResult } from '../../src/pipeline/teardown.js';
import { InfrastructureError } from '../../src/model/errors.js';
import { memoryLogger } from '../../src/model/log.js';
import { createOctokit } from '../../src/github/octokit.js';
import { recordDeployment } from '../../src/github/deployment.js';
import { Permissions } from '../../src/github/target.js';

const teardown = jest.fn<(options: TeardownOptions) => Promise<TeardownResult>>();
jest.unstable_mockModule('@actions/core', () => core);
jest.unstable_mockModule('../../src/pipeline/teardown.js', () => ({ teardown }));
const { runTeardown } = await import('../../src/action/teardown.js');

const environment = (project: string, pr: number | null): Environment => ({
  project,
  pr,
  sha: null,
  digest: null,
  created: null,
  containers: 1,
});

let workspace: string;
const saved = { ...process.env };
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'iqa-teardown-action-'));
  for (const k of Object.keys(process.env)) if (k.startsWith('GITHUB_')) delete process.env[k];
  Object.assign(process.env, {
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/hello',
    GITHUB_API_URL: 'http://127.0.0.1:9/unreachable',
  });
  teardown.mockReset();
  teardown.mockImplementation(async (options) => ({
    removed: options.pr !== undefined ? [environment(`iqa-hello-pr${options.pr}`, options.pr)] : [],
    kept: [],
  }));
});
afterEach(() => {
  rmSync(workspace, { recursive: true, force: true });
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

function event(payload: Record<string, unknown>): void {
  const path = join(workspace, 'event.json');
  writeFileSync(path, JSON.stringify(payload));
  process.env.GITHUB_EVENT_PATH = path;
}

const calledWith = (): TeardownOptions => {
  expect(teardown).toHaveBeenCalledTimes(1);
  return teardown.mock.calls[0]![0];
};

describe('runTeardown: inputs', () => {
  test.each<[string, Record<string, string>, Partial<TeardownOptions>]>([
    ['pr', { pr: '7' }, { pr: 7, all: false }],
    ['pr with spaces', { pr: ' 12 ' }, { pr: 12, all: false }],
    ['all: true', { all: 'true' }, { all: true }],
    ['all: yes', { all: 'yes' }, { all: true }],
    ['all: 1', { all: '1' }, { all: true }],
    ['all: TRUE (case-insensitive)', { all: 'TRUE' }, { all: true }],
    ['older-than 24h', { 'older-than': '24h' }, { all: false, olderThanMs: 86_400_000 }],
    ['older-than 90s with all', { 'older-than': '90s', all: 'true' }, { all: true, olderThanMs: 90_000 }],
    ['pr and all: false', { pr: '3', all: 'false' }, { pr: 3, all: false }],
  ])('%s', async (_name, inputs, expected) => {
    core.given({ inputs });
    await runTeardown();
    expect(core.failures()).toEqual([]);
    const options = calledWith();
    expect(options).toMatchObject({ repository: 'acme/hello', ...expected });
    if (expected.pr === undefined) expect('pr' in options).toBe(false);
    if (expected.olderThanMs === undefined) expect('olderThanMs' in options).toBe(false);
  });

  test.each<[string, Record<string, string>, string]>([
    ['pr: abc', { pr: 'abc' }, 'input pr must be a pull request number (got "abc")'],
    ['pr: 0', { pr: '0' }, 'input pr must be a pull request number (got "0")'],
    ['pr: -3', { pr: '-3' }, 'input pr must be a pull request number (got "-3")'],
    ['pr: 1.5', { pr: '1.5' }, 'input pr must be a pull request number (got "1.5")'],
    ['all: maybe', { all: 'maybe' }, 'input all must be true or false (got "maybe")'],
    [
      'older-than: soon',
      { 'older-than': 'soon' },
      '--older-than expects a duration like 90s, 2m, 24h (got "soon")',
    ],
  ])('a bad input (%s) is setFailed with the message; nothing is removed', async (_name, inputs, message) => {
    core.given({ inputs });
    await runTeardown();
    expect(teardown).not.toHaveBeenCalled();
    expect(core.failures()).toEqual([message]);
    expect(core.outputs()).toEqual({});
  });

  test('no pr, all or older-than: the pull request of the event', async () => {
    event({ action: 'closed', pull_request: { number: 42 } });
    core.given();
    await runTeardown();
    expect(calledWith()).toMatchObject({ pr: 42, all: false });
    expect(core.outputs()).toEqual({ removed: '1' });
  });

  test('an event without a pull request: no pr; the pipeline reports the usage error', async () => {
    event({ after: 'a'.repeat(40) });
    teardown.mockRejectedValue(new Error('pass pr, all or older-than'));
    core.given();
    await runTeardown();
    expect('pr' in calledWith()).toBe(false);
    expect(core.failures()).toEqual(['pass pr, all or older-than']);
  });

  test('a pr input wins over the event', async () => {
    event({ action: 'closed', pull_request: { number: 42 } });
    core.given({ inputs: { pr: '5' } });
    await runTeardown();
    expect(calledWith().pr).toBe(5);
  });

  test('outside GitHub the repository identity is the repository root', async () => {
    delete process.env.GITHUB_REPOSITORY;
    core.given({ inputs: { pr: '7' } });
    await runTeardown();
    expect(calledWith().repository).toBe(workspace);
  });
});

describe('runTeardown: outcomes', () => {
  useVirtualClock();
  let gh: GitHubServer;
  beforeEach(async () => {
    gh = await startGitHubServer({ owner: 'acme', repo: 'hello', token: 'ghs_test' });
    process.env.GITHUB_API_URL = gh.url;
  });
  afterEach(async () => {
    await gh.close();
  });

  async function deploy(pr: number): Promise<void> {
    const octokit = createOctokit({ token: 'ghs_test', baseUrl: gh.url, logger: memoryLogger() });
    await recordDeployment(
      { octokit, owner: 'acme', repo: 'hello', headSha: 'a'.repeat(40), pr },
      new Permissions(memoryLogger()),
      `http://127.0.0.1:3200${pr}/`,
      `sha256:${'d'.repeat(64)}`,
    );
  }

  test('the removed PR environments: output `removed`, their deployments marked inactive', async () => {
    await settle(deploy(7));
    await settle(deploy(8));
    teardown.mockResolvedValue({
      removed: [environment('iqa-hello-pr7', 7), environment('iqa-hello-abc1234', null)],
      kept: [environment('iqa-hello-pr8', 8)],
    });
    core.given({ inputs: { all: 'true', 'github-token': 'ghs_test' } });
    await settle(runTeardown());
    expect(core.failures()).toEqual([]);
    expect(core.outputs()).toEqual({ removed: '2' });
    expect(gh.violations).toEqual([]);
    const byEnv = Object.fromEntries(gh.state.deployments.map((d) => [d.environment, d]));
    expect(byEnv['pr-7']!.statuses.map((s) => s.state)).toEqual(['success', 'inactive']);
    expect(byEnv['pr-8']!.statuses.map((s) => s.state)).toEqual(['success']);
    expect(core.messages(core.info)).toContain('marked 1 deployment(s) of pr-7 inactive');
  });

  test('without a token no GitHub request is made', async () => {
    await settle(deploy(7));
    const before = gh.requests.length;
    core.given({ inputs: { pr: '7' } });
    await settle(runTeardown());
    expect(core.failures()).toEqual([]);
    expect(core.outputs()).toEqual({ removed: '1' });
    expect(gh.requests.length).toBe(before);
  });

  test('nothing removed: removed=0 and no GitHub request', async () => {
    teardown.mockResolvedValue({ removed: [], kept: [] });
    core.given({ inputs: { all: 'true', 'github-token': 'ghs_test' } });
    await settle(runTeardown());
    expect(core.outputs()).toEqual({ removed: '0' });
    expect(gh.requests).toEqual([]);
  });

  test('a read-only token: the environment is still removed, one warning, no failure', async () => {
    await settle(deploy(7));
    gh.setMode('read-only');
    core.given({ inputs: { pr: '7', 'github-token': 'ghs_test' } });
    await settle(runTeardown());
    expect(core.failures()).toEqual([]);
    expect(core.outputs()).toEqual({ removed: '1' });
    expect(gh.state.deployments[0]!.statuses.map((s) => s.state)).toEqual(['success']);
    const warnings = core.messages(core.warning);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^immutable-qa cannot .*deployments: write/);
  });

  test('the github-token is masked', async () => {
    core.given({ inputs: { pr: '7', 'github-token': 'ghs_test' } });
    await settle(runTeardown());
    expect(core.setSecret).toHaveBeenCalledWith('ghs_test');
  });

  test('the engine fails: setFailed with the message, no output', async () => {
    teardown.mockRejectedValue(
      new InfrastructureError('docker ps failed: Cannot connect to the Docker daemon'),
    );
    core.given({ inputs: { pr: '7', 'github-token': 'ghs_test' } });
    await settle(runTeardown());
    expect(core.failures()).toEqual(['docker ps failed: Cannot connect to the Docker daemon']);
    expect(core.outputs()).toEqual({});
    expect(gh.requests).toEqual([]);
  });
});
