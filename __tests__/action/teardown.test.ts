// The teardown sub-action's surface in-process: inputs parsed and validated (pr, all, older-than,
// images), the PR taken from the event, the `removed` output, the local convenience tags with
// images: true, and the PR's deployments marked inactive on the GitHub API test server. The engine
// side (pipeline/teardown.ts, pipeline/teardown-images.ts) is stubbed; its own tests are in
// __tests__/pipeline/.
import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '../support/core-stub.js';
import { settle, useVirtualClock } from '../support/virtual-clock.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import type { Environment, TeardownOptions, TeardownResult } from '../../src/pipeline/teardown.js';
import type { Logger } from '../../src/model/log.js';
import { InfrastructureError } from '../../src/model/errors.js';
import { memoryLogger } from '../../src/model/log.js';
import { createOctokit } from '../../src/github/octokit.js';
import { recordDeployment } from '../../src/github/deployment.js';
import { Permissions } from '../../src/github/target.js';

const teardown = jest.fn<(options: TeardownOptions) => Promise<TeardownResult>>();
const removeConvenienceTags =
  jest.fn<
    (
      repository: string,
      selection: { pr?: number; all?: boolean },
      logger: Pick<Logger, 'info' | 'warning'>,
    ) => Promise<string[]>
  >();
jest.unstable_mockModule('@actions/core', () => core);
jest.unstable_mockModule('../../src/pipeline/teardown.js', () => ({ teardown }));
jest.unstable_mockModule('../../src/pipeline/teardown-images.js', () => ({ removeConvenienceTags }));
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
  removeConvenienceTags.mockReset();
  removeConvenienceTags.mockImplementation(async (repository, selection) =>
    selection.pr !== undefined ? [`${repository}:pr-${selection.pr}`] : [],
  );
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

describe('runTeardown: the engine', () => {
  const config = (engine: string): void => {
    mkdirSync(join(workspace, '.github'), { recursive: true });
    writeFileSync(join(workspace, 'compose.yml'), 'services: {}\n');
    writeFileSync(
      join(workspace, '.github/immutable-qa.yml'),
      `version: 1\nimage: { repository: ghcr.io/acme/hello }\nenvironment:\n${engine}  compose: compose.yml\nchecks: [{ name: t, run: "true" }]\n`,
    );
  };

  test('environment.engine of the config: teardown runs there', async () => {
    config('  engine: { host: "tcp://192.168.77.12:2375" }\n');
    core.given({ inputs: { pr: '7' } });
    await runTeardown();
    expect(core.failures()).toEqual([]);
    expect(calledWith().engine).toEqual({ host: 'tcp://192.168.77.12:2375' });
  });

  test('no engine in the config, or no config: the runner’s engine', async () => {
    core.given({ inputs: { pr: '7' } });
    await runTeardown();
    expect('engine' in calledWith()).toBe(false);
    teardown.mockClear();
    config('');
    await runTeardown();
    expect('engine' in calledWith()).toBe(false);
  });

  test('a config that does not load: a warning saying why, and the runner’s engine', async () => {
    config('  engine: { host: "ftp://x" }\n');
    core.given({ inputs: { pr: '7' } });
    await runTeardown();
    expect('engine' in calledWith()).toBe(false);
    expect(core.messages(core.warning).join('\n')).toMatch(
      /teardown on the runner's engine: environment\.engine could not be read from the config .*expected a Docker engine address/,
    );
  });
});

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

describe('runTeardown: images', () => {
  /** A checkout in the workspace: the config (image.repository) and the compose file it names. */
  function checkout(repository = 'ghcr.io/acme/hello'): void {
    mkdirSync(join(workspace, '.github'));
    writeFileSync(join(workspace, 'compose.yml'), 'services:\n  web:\n    image: ${IMMUTABLE_QA_IMAGE}\n');
    writeFileSync(
      join(workspace, '.github/immutable-qa.yml'),
      `version: 1\nimage:\n  repository: ${repository}\nenvironment:\n  compose: compose.yml\nchecks:\n  - name: page\n    run: exit 0\n`,
    );
  }

  test('images: true on pull_request closed: after the environment, the pr-<n> tag of image.repository', async () => {
    checkout();
    event({ action: 'closed', pull_request: { number: 42 } });
    core.given({ inputs: { images: 'true' } });
    await runTeardown();
    expect(core.failures()).toEqual([]);
    expect(calledWith()).toMatchObject({ pr: 42, all: false });
    expect(removeConvenienceTags).toHaveBeenCalledTimes(1);
    const [repository, selection] = removeConvenienceTags.mock.calls[0]!;
    expect({ repository, selection }).toEqual({
      repository: 'ghcr.io/acme/hello',
      selection: { pr: 42, all: false },
    });
    expect(teardown.mock.invocationCallOrder[0]).toBeLessThan(
      removeConvenienceTags.mock.invocationCallOrder[0]!,
    );
    expect(core.outputs()).toEqual({ removed: '1' });
    expect(core.messages(core.info)).toContain('local tags removed: 1');
  });

  test.each<[string, Record<string, string>, { pr?: number; all: boolean }]>([
    ['all: every pr-*/sha-*', { images: 'yes', all: 'true' }, { all: true }],
    ['a pr input', { images: 'TRUE', pr: '9' }, { pr: 9, all: false }],
  ])('images with %s', async (_name, inputs, selection) => {
    checkout();
    core.given({ inputs });
    await runTeardown();
    expect(core.failures()).toEqual([]);
    expect(removeConvenienceTags.mock.calls[0]?.slice(0, 2)).toEqual(['ghcr.io/acme/hello', selection]);
  });

  test('older-than alone: no tag is selected, and the log says how tags are removed', async () => {
    checkout();
    core.given({ inputs: { images: 'true', 'older-than': '24h' } });
    await runTeardown();
    expect(core.failures()).toEqual([]);
    expect(removeConvenienceTags.mock.calls[0]?.slice(0, 2)).toEqual(['ghcr.io/acme/hello', { all: false }]);
    expect(core.messages(core.info).join('\n')).toContain('older-than alone removes no local tag');
  });

  test.each<[string, Record<string, string>]>([
    ['absent', {}],
    ['false', { images: 'false' }],
    ['no', { images: 'no' }],
  ])('images %s: no tag is touched, and no config is needed', async (_name, inputs) => {
    core.given({ inputs: { pr: '7', ...inputs } });
    await runTeardown();
    expect(core.failures()).toEqual([]);
    expect(teardown).toHaveBeenCalledTimes(1);
    expect(removeConvenienceTags).not.toHaveBeenCalled();
  });

  test('images: maybe is a bad input: setFailed, nothing removed', async () => {
    core.given({ inputs: { pr: '7', images: 'maybe' } });
    await runTeardown();
    expect(core.failures()).toEqual(['input images must be true or false (got "maybe")']);
    expect(teardown).not.toHaveBeenCalled();
    expect(removeConvenienceTags).not.toHaveBeenCalled();
  });

  test('images: true without the config in the workspace: setFailed saying to check out; nothing removed', async () => {
    core.given({ inputs: { pr: '7', images: 'true' } });
    await runTeardown();
    expect(core.failures()).toEqual([
      expect.stringMatching(
        /^images: true reads image\.repository from \S+\/\.github\/immutable-qa\.yml, which does not exist: check out the repository/,
      ),
    ]);
    expect(teardown).not.toHaveBeenCalled();
    expect(removeConvenienceTags).not.toHaveBeenCalled();
  });

  test('images: true with a config that does not load: its error, nothing removed', async () => {
    checkout();
    writeFileSync(join(workspace, '.github/immutable-qa.yml'), 'version: 1\nimage: {}\n');
    core.given({ inputs: { pr: '7', images: 'true' } });
    await runTeardown();
    expect(core.failures()).toEqual([expect.stringContaining('image.repository')]);
    expect(teardown).not.toHaveBeenCalled();
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
