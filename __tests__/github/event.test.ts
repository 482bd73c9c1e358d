// The event payload builders tests drive the action with: each payload is valid against GitHub's
// webhook OpenAPI description, and says what its builder promises.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dependabotPullRequestEvent,
  forkPullRequestEvent,
  mergeGroupEvent,
  mergedPullRequestEvent,
  pullRequestEvent,
  pushEvent,
  workflowRunEvent,
  writeEvent,
  type EventPayload,
} from '../support/events.js';
import { translateNullable, validateWebhook, webhookNames } from '../support/webhook-schema.js';

const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);
const MERGE = 'c'.repeat(40);
const BEFORE = 'd'.repeat(40);
const QUEUE_REF = `refs/heads/gh-readonly-queue/main/pr-12-${BASE}`;

/** Every repository object's identity in a payload, and every URL-ish string. */
function repositories(
  payload: unknown,
): Array<{ full_name: string; name: string; login: string; html_url: string }> {
  const found: Array<{ full_name: string; name: string; login: string; html_url: string }> = [];
  (function walk(v: unknown): void {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (typeof o.full_name === 'string') {
        const owner = o.owner as { login: string };
        found.push({
          full_name: o.full_name,
          name: String(o.name),
          login: owner.login,
          html_url: String(o.html_url),
        });
      }
      Object.values(o).forEach(walk);
    }
  })(payload);
  return found;
}

describe('webhook validator', () => {
  it('knows the webhooks the builders target', () => {
    expect(webhookNames()).toEqual(
      expect.arrayContaining([
        'pull-request-opened',
        'pull-request-synchronize',
        'pull-request-closed',
        'merge-group-checks-requested',
        'push',
      ]),
    );
  });

  it('rejects broken payloads, naming where', () => {
    const missingHead = pullRequestEvent({ action: 'opened', number: 12, headSha: HEAD }) as unknown as {
      pull_request: { head: Record<string, unknown> };
    };
    delete missingHead.pull_request.head.sha;
    expect(validateWebhook('pull-request-opened', missingHead)).toEqual([
      "/pull_request/head: must have required property 'sha'",
    ]);

    const wrongAction = {
      ...pullRequestEvent({ action: 'opened', number: 12, headSha: HEAD }),
      action: 'closed',
    };
    expect(validateWebhook('pull-request-opened', wrongAction)).toEqual(['/action: must be one of "opened"']);

    const push = { ...pushEvent({ before: BEFORE, after: HEAD, commits: [] }), forced: 'no' };
    expect(validateWebhook('push', push)).toEqual(['/forced: must be boolean']);
    expect(validateWebhook('push', { ref: 'refs/heads/main' }).length).toBeGreaterThan(0);
  });

  it('throws for a webhook the description does not have', () => {
    expect(() => validateWebhook('pull-request-merged', {})).toThrow(/no webhook "pull-request-merged"/);
  });

  it('translates OpenAPI 3.0 nullable into a null alternative, recursively', () => {
    expect(
      translateNullable({
        type: 'object',
        properties: {
          nullable: { type: 'boolean' },
          homepage: { type: 'string', format: 'uri', nullable: true },
          tags: { type: 'array', items: { type: 'string', nullable: true } },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        nullable: { type: 'boolean' },
        homepage: { anyOf: [{ type: 'string', format: 'uri' }, { type: 'null' }] },
        tags: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
      },
    });
  });
});

describe('event payloads validate against GitHub webhook schemas', () => {
  const cases: Array<[string, string, () => EventPayload]> = [
    [
      'pull_request opened',
      'pull-request-opened',
      () =>
        pullRequestEvent({ action: 'opened', number: 12, headSha: HEAD, headRef: 'feat/x', title: 'Add x' }),
    ],
    [
      'pull_request synchronize',
      'pull-request-synchronize',
      () => pullRequestEvent({ action: 'synchronize', number: 12, headSha: HEAD, before: BEFORE }),
    ],
    [
      'fork pull_request opened',
      'pull-request-opened',
      () => forkPullRequestEvent({ number: 7, headSha: HEAD }),
    ],
    [
      'Dependabot pull_request opened',
      'pull-request-opened',
      () => dependabotPullRequestEvent({ number: 7, headSha: HEAD }),
    ],
    [
      'merged pull_request closed',
      'pull-request-closed',
      () => mergedPullRequestEvent({ number: 12, headSha: HEAD, mergeSha: MERGE }),
    ],
    [
      'merge_group checks_requested',
      'merge-group-checks-requested',
      () => mergeGroupEvent({ headSha: HEAD, baseSha: BASE, headRef: QUEUE_REF }),
    ],
    [
      'push',
      'push',
      () =>
        pushEvent({
          before: BEFORE,
          after: HEAD,
          commits: [
            { id: MERGE, message: 'first' },
            { id: HEAD, message: 'second' },
          ],
        }),
    ],
    ['push without commits', 'push', () => pushEvent({ before: BEFORE, after: HEAD, commits: [] })],
    [
      'workflow_run completed of a fork PR',
      'workflow-run-completed',
      () => workflowRunEvent({ runId: 77, headSha: HEAD, headBranch: 'fix', forkOwner: 'contributor' }),
    ],
    [
      'workflow_run completed of a same-repo PR',
      'workflow-run-completed',
      () => workflowRunEvent({ runId: 78, headSha: HEAD, headBranch: 'fix', pulls: [{ number: 3 }] }),
    ],
  ];

  it.each(cases)('%s → %s', (_label, webhook, build) => {
    const payload = build();
    expect(validateWebhook(webhook, payload)).toEqual([]);
    // One repository throughout: acme/hello (a fork's head repo is the only other).
    for (const repo of repositories(payload)) {
      if (repo.full_name === 'contributor/hello') continue;
      expect(repo).toEqual({
        full_name: 'acme/hello',
        name: 'hello',
        login: 'acme',
        html_url: 'https://github.com/acme/hello',
      });
    }
    const text = JSON.stringify(payload);
    expect(text).not.toMatch(/Hello-World|octo-repo|octo-org/);
  });

  it('builds the same payload twice without sharing state', () => {
    const a = pullRequestEvent({ action: 'opened', number: 1, headSha: HEAD });
    a.pull_request.title = 'changed';
    const b = pullRequestEvent({ action: 'opened', number: 1, headSha: HEAD });
    expect(b.pull_request.title).not.toBe('changed');
  });

  it('honours owner and repo', () => {
    const payload = pullRequestEvent({
      action: 'opened',
      number: 3,
      headSha: HEAD,
      owner: 'octo',
      repo: 'app',
    });
    expect(validateWebhook('pull-request-opened', payload)).toEqual([]);
    expect(repositories(payload).map((r) => r.full_name)).toEqual(Array(3).fill('octo/app'));
    expect(payload.pull_request.html_url).toBe('https://github.com/octo/app/pull/3');
  });
});

describe('pull request payloads', () => {
  it('opened: number, head and base as asked', () => {
    const payload = pullRequestEvent({
      action: 'opened',
      number: 12,
      headSha: HEAD,
      headRef: 'feat/x',
      title: 'Add x',
    });
    const pr = payload.pull_request;
    expect(payload.action).toBe('opened');
    expect(payload.number).toBe(12);
    expect(pr.number).toBe(12);
    expect(pr.title).toBe('Add x');
    expect(pr.head).toMatchObject({ sha: HEAD, ref: 'feat/x', label: 'acme:feat/x' });
    expect(pr.base).toMatchObject({ ref: 'main', label: 'acme:main' });
    expect(pr.head.repo?.full_name).toBe('acme/hello');
    expect(pr.statuses_url).toBe(`https://api.github.com/repos/acme/hello/statuses/${HEAD}`);
    expect(pr.html_url).toBe('https://github.com/acme/hello/pull/12');
    expect(pr.merged).toBe(false);
  });

  it('synchronize: after is the new head', () => {
    const payload = pullRequestEvent({ action: 'synchronize', number: 12, headSha: HEAD, before: BEFORE });
    expect(payload).toMatchObject({ action: 'synchronize', before: BEFORE, after: HEAD });
    expect(payload.pull_request.head.sha).toBe(HEAD);
  });

  it('fork: the head repository is a fork owned by someone else', () => {
    const payload = forkPullRequestEvent({ number: 7, headSha: HEAD, headRef: 'patch-1' });
    const pr = payload.pull_request;
    const head = pr.head.repo;
    expect(head).not.toBeNull();
    expect(head?.full_name).toBe('contributor/hello');
    expect(head?.fork).toBe(true);
    expect(head?.owner.login).toBe('contributor');
    expect(head?.owner.login).not.toBe(payload.repository.owner.login);
    expect(head?.html_url).toBe('https://github.com/contributor/hello');
    expect(head?.id).not.toBe(pr.base.repo.id);
    expect(pr.head).toMatchObject({ sha: HEAD, ref: 'patch-1', label: 'contributor:patch-1' });
    expect(pr.head.user.login).toBe('contributor');
    expect(pr.user.login).toBe('contributor');
    expect(payload.sender.login).toBe('contributor');
    expect(pr.base.repo).toMatchObject({ full_name: 'acme/hello', fork: false });
    expect(payload.repository).toMatchObject({ full_name: 'acme/hello', fork: false });
  });

  it('merged: closed with merged true and the merge sha', () => {
    const payload = mergedPullRequestEvent({
      number: 12,
      headSha: HEAD,
      mergeSha: MERGE,
      baseRef: 'release',
    });
    const pr = payload.pull_request;
    expect(payload.action).toBe('closed');
    expect(pr.state).toBe('closed');
    expect(pr.merged).toBe(true);
    expect(pr.merge_commit_sha).toBe(MERGE);
    expect(pr.merged_at).toEqual(expect.any(String));
    expect(pr.merged_by?.login).toBe('acme');
    expect(pr.head.sha).toBe(HEAD);
    expect(pr.base.ref).toBe('release');
    expect(validateWebhook('pull-request-closed', payload)).toEqual([]);
  });
});

describe('merge group and push payloads', () => {
  it('merge_group: head and base as asked', () => {
    const payload = mergeGroupEvent({ headSha: HEAD, baseSha: BASE, headRef: QUEUE_REF });
    expect(payload.merge_group).toMatchObject({
      head_sha: HEAD,
      base_sha: BASE,
      head_ref: QUEUE_REF,
      base_ref: 'refs/heads/main',
    });
    expect(payload.merge_group.head_commit.id).toBe(HEAD);
  });

  it('push: ref, commits and head commit', () => {
    const payload = pushEvent({
      before: BEFORE,
      after: HEAD,
      commits: [
        { id: MERGE, message: 'first' },
        { id: HEAD, message: 'second' },
      ],
    });
    expect(payload).toMatchObject({ ref: 'refs/heads/main', before: BEFORE, after: HEAD, created: false });
    expect(payload.commits.map((c) => [c.id, c.message])).toEqual([
      [MERGE, 'first'],
      [HEAD, 'second'],
    ]);
    expect(payload.commits[1]?.url).toBe(`https://github.com/acme/hello/commit/${HEAD}`);
    expect(payload.head_commit?.id).toBe(HEAD);
    expect(payload.compare).toBe(
      `https://github.com/acme/hello/compare/${BEFORE.slice(0, 12)}...${HEAD.slice(0, 12)}`,
    );
  });
});

describe('writeEvent', () => {
  it('writes <dir>/event.json and returns its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iqa-event-'));
    try {
      const payload = mergedPullRequestEvent({ number: 12, headSha: HEAD, mergeSha: MERGE });
      const path = writeEvent(join(dir, 'nested'), payload);
      expect(path).toBe(join(dir, 'nested', 'event.json'));
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(payload);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
