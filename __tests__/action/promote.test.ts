// The promote sub-action's surface in-process: inputs parsed and validated, outputs set, the job
// summary written, and every failure a setFailed with the message. The pipeline is stubbed (its
// own tests are in __tests__/pipeline/); the config loader and the event reader are real.
import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '../support/core-stub.js';
import type { PromoteOptions, PromotionResult } from '../../src/pipeline/promote.js';
import { InfrastructureError, RefusalError } from '../../src/model/errors.js';

const promote = jest.fn<(options: PromoteOptions) => Promise<PromotionResult>>();
jest.unstable_mockModule('@actions/core', () => core);
jest.unstable_mockModule('../../src/pipeline/promote.js', () => ({ promote }));
const { runPromote, promotionSummary } = await import('../../src/action/promote.js');

const SHA = '1'.repeat(40);
const SOURCE = '2'.repeat(40);
const DIGEST = `sha256:${'d'.repeat(64)}`;
const REPOSITORY = 'ghcr.io/acme/shop';

function result(overrides: Partial<PromotionResult> = {}): PromotionResult {
  return {
    repository: REPOSITORY,
    digest: DIGEST,
    imageRef: `${REPOSITORY}@${DIGEST}`,
    tags: ['latest', 'v1'],
    moved: ['latest'],
    sourceSha: SOURCE,
    pr: 12,
    promotedSha: SHA,
    record: {
      schema: 1,
      kind: 'promotion',
      image: { repository: REPOSITORY, digest: DIGEST },
      tags: ['latest', 'v1'],
      previous: { latest: null, v1: DIGEST },
      promoted: { sha: SHA, tree: 't'.repeat(40), ref: 'refs/heads/main', event: 'push' },
      source: {
        sha: SOURCE,
        pr: 12,
        tree: 't'.repeat(40),
        checkout_sha: null,
        qa_record: null,
        qa_signer: 'key 0123abcd',
        resolved_by: 'pull-request',
      },
      policy: 'same-tree',
      run: null,
      tool: { name: 'immutable-qa', version: '0.0.0' },
      promoted_at: '2026-11-26T10:00:00.000Z',
    },
    durationMs: 42,
    ...overrides,
  };
}

let workspace: string;
const saved = { ...process.env };
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'iqa-promote-action-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(
    join(workspace, '.github/immutable-qa.yml'),
    `version: 1\nimage:\n  repository: ${REPOSITORY}\nenvironment:\n  compose: compose.yml\nchecks:\n  - name: page\n    run: "true"\n`,
  );
  writeFileSync(join(workspace, 'compose.yml'), 'services:\n  web:\n    image: ${IMMUTABLE_QA_IMAGE}\n');
  for (const k of Object.keys(process.env)) if (k.startsWith('GITHUB_')) delete process.env[k];
  Object.assign(process.env, {
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: join(workspace, 'summary.md'),
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_ACTOR: 'octocat',
    GITHUB_RUN_ID: '1234',
    GITHUB_API_URL: 'http://127.0.0.1:9/unreachable',
  });
  promote.mockReset();
  promote.mockResolvedValue(result());
});
afterEach(() => {
  rmSync(workspace, { recursive: true, force: true });
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

function event(payload: Record<string, unknown>): string {
  const path = join(workspace, 'event.json');
  writeFileSync(path, JSON.stringify(payload));
  process.env.GITHUB_EVENT_PATH = path;
  return path;
}

const calledWith = (): PromoteOptions => {
  expect(promote).toHaveBeenCalledTimes(1);
  return promote.mock.calls[0]![0];
};

describe('runPromote: inputs', () => {
  test('sha and tags inputs reach the pipeline; the registry credentials and the token are masked', async () => {
    core.given({
      inputs: {
        sha: ` ${SHA} `,
        tags: 'latest, v1\nstable',
        'github-token': 'ghs_token',
        'registry-username': 'bot',
        'registry-password': 'hunter2',
      },
    });
    await runPromote();
    expect(core.failures()).toEqual([]);
    const options = calledWith();
    expect(options.target).toMatchObject({ sha: SHA, eventName: 'push', repository: 'acme/shop' });
    expect(options.tags).toEqual(['latest', 'v1', 'stable']);
    expect(options.config.image.repository).toBe(REPOSITORY);
    expect(options.registry).toEqual({
      credentials: {
        username: 'bot',
        password: 'hunter2',
        githubFallback: { username: 'octocat', password: 'ghs_token' },
      },
    });
    expect(options.github).toBeDefined();
    expect(options.run).toEqual({
      id: '1234',
      attempt: 1,
      url: 'https://github.com/acme/shop/actions/runs/1234',
    });
    const masked = core.setSecret.mock.calls.map(([s]) => s);
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    expect(masked).toEqual(
      expect.arrayContaining(['ghs_token', 'hunter2', b64('bot:hunter2'), b64('x-access-token:ghs_token')]),
    );
    expect(new Set(masked).size).toBe(masked.length);
  });

  test('no tags input: promote.tags of the config (no `tags` key); no token: no GitHub lookups', async () => {
    core.given({ inputs: { sha: SHA } });
    await runPromote();
    expect(core.failures()).toEqual([]);
    const options = calledWith();
    expect('tags' in options).toBe(false);
    expect('github' in options).toBe(false);
    expect(options.registry).toEqual({ credentials: {} });
    expect(core.setSecret).not.toHaveBeenCalled();
  });

  test('without a sha input the pushed commit of the event is promoted', async () => {
    event({ after: SHA, ref: 'refs/heads/main' });
    core.given();
    await runPromote();
    expect(core.failures()).toEqual([]);
    expect(calledWith().target).toMatchObject({ sha: SHA, ref: 'refs/heads/main' });
  });

  test.each<[string, Record<string, string>, RegExp]>([
    [
      'a short sha input',
      { sha: 'abc123' },
      /^the commit to promote must be a full 40-hex commit sha \(got "abc123"\)/,
    ],
    ['a missing config file', { sha: SHA, config: 'nope.yml' }, /nope\.yml: config file not found/],
  ])(
    '%s: setFailed with the message, nothing promoted, the summary says failed',
    async (_name, inputs, message) => {
      core.given({ inputs });
      await runPromote();
      expect(promote).not.toHaveBeenCalled();
      expect(core.failures()).toHaveLength(1);
      expect(core.failures()[0]).toMatch(message);
      expect(core.failures()[0]).not.toMatch(/^promotion refused/);
      const [summary] = core.jobSummaries();
      expect(summary).toMatch(/^## immutable-qa: promotion failed\n\n/);
      expect(summary).not.toContain('No tag was changed.');
      expect(core.outputs()).toEqual({});
    },
  );
});

describe('runPromote: outcomes', () => {
  test('promoted: every output, the summary table, one info line, no failure', async () => {
    core.given({ inputs: { sha: SHA } });
    await runPromote();
    expect(core.failures()).toEqual([]);
    expect(core.outputs()).toEqual({
      digest: DIGEST,
      'image-ref': `${REPOSITORY}@${DIGEST}`,
      'promoted-tags': 'latest,v1',
      'source-sha': SOURCE,
      pr: '12',
    });
    expect(core.jobSummaries()).toEqual([promotionSummary(result())]);
    expect(core.jobSummaries()[0]).toContain('## immutable-qa: promoted');
    expect(core.jobSummaries()[0]).toContain('| moved | latest |');
    expect(core.messages(core.info)).toContain(`promoted ${REPOSITORY}@${DIGEST} to latest, v1 in 42 ms`);
  });

  test('a promotion of a push (no PR): the pr output is empty; nothing moved says so', async () => {
    promote.mockResolvedValue(result({ pr: null, moved: [] }));
    core.given({ inputs: { sha: SHA } });
    await runPromote();
    expect(core.outputs().pr).toBe('');
    expect(core.jobSummaries()[0]).toContain('| moved | none (already promoted) |');
  });

  test('tags moved but the promotion record failed: outputs set, then setFailed with the record error', async () => {
    promote.mockResolvedValue(
      result({ recordError: new InfrastructureError('registry said 500 on the record') }),
    );
    core.given({ inputs: { sha: SHA } });
    await runPromote();
    expect(core.outputs().digest).toBe(DIGEST);
    expect(core.failures()).toEqual(['registry said 500 on the record']);
    expect(core.jobSummaries()[0]).toContain('## immutable-qa: promoted');
  });

  test('a refusal: setFailed "promotion refused: …", the summary says no tag was changed', async () => {
    promote.mockRejectedValue(
      new RefusalError('no QA record for 1111111: run immutable-qa first', 'no-record'),
    );
    core.given({ inputs: { sha: SHA } });
    await runPromote();
    expect(core.failures()).toEqual(['promotion refused: no QA record for 1111111: run immutable-qa first']);
    expect(core.jobSummaries()).toEqual([
      '## immutable-qa: promotion refused\n\nno QA record for 1111111: run immutable-qa first\n\nNo tag was changed.\n',
    ]);
    expect(core.outputs()).toEqual({});
  });

  test('an infrastructure failure: setFailed with the bare message, the summary says failed', async () => {
    promote.mockRejectedValue(new InfrastructureError('registry unreachable after 3 attempts'));
    core.given({ inputs: { sha: SHA } });
    await runPromote();
    expect(core.failures()).toEqual(['registry unreachable after 3 attempts']);
    expect(core.jobSummaries()).toEqual([
      '## immutable-qa: promotion failed\n\nregistry unreachable after 3 attempts\n',
    ]);
  });

  test('a pull_request closed without merge is refused before the pipeline runs', async () => {
    process.env.GITHUB_EVENT_NAME = 'pull_request';
    event({ action: 'closed', pull_request: { number: 12, merged: false, head: { sha: SOURCE } } });
    core.given();
    await runPromote();
    expect(promote).not.toHaveBeenCalled();
    expect(core.failures()).toHaveLength(1);
    expect(core.failures()[0]).toMatch(
      /^promotion refused: pull request #12 was closed without being merged: there is nothing to promote\./,
    );
    expect(core.jobSummaries()[0]).toMatch(
      /^## immutable-qa: promotion refused\n\npull request #12 was closed/,
    );
    expect(core.jobSummaries()[0]).toMatch(/\nNo tag was changed\.\n$/);
  });

  test('without GITHUB_STEP_SUMMARY no summary is written, the failure still is', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    promote.mockRejectedValue(new RefusalError('refused', 'no-record'));
    core.given({ inputs: { sha: SHA } });
    await runPromote();
    expect(core.jobSummaries()).toEqual([]);
    expect(core.failures()).toEqual(['promotion refused: refused']);
  });
});
