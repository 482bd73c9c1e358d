// Which pull_request runs are unprivileged (a read-only token, no secrets, no OIDC token): a fork's
// and Dependabot's. They run locally and hand their results to the base repository (issue 16).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runContext } from '../../src/github/event.js';
import {
  dependabotPullRequestEvent,
  forkPullRequestEvent,
  mergeGroupEvent,
  pullRequestEvent,
  writeEvent,
  type EventPayload,
} from '../support/events.js';

const HEAD = 'a'.repeat(40);
const scratch = mkdtempSync(join(tmpdir(), 'iqa-context-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function contextOf(payload: EventPayload, env: NodeJS.ProcessEnv = {}) {
  const eventPath = writeEvent(mkdtempSync(join(scratch, 'e-')), payload);
  return runContext(
    { GITHUB_REPOSITORY: 'acme/hello', GITHUB_EVENT_NAME: 'pull_request', ...env },
    { eventPath },
  );
}

test.each<[string, () => EventPayload, NodeJS.ProcessEnv, 'fork' | 'dependabot' | undefined]>([
  ['a fork’s pull_request', () => forkPullRequestEvent({ number: 7, headSha: HEAD }), {}, 'fork'],
  [
    'Dependabot’s pull_request',
    () => dependabotPullRequestEvent({ number: 7, headSha: HEAD }),
    {},
    'dependabot',
  ],
  [
    'a pull_request re-run by Dependabot’s actor',
    () => pullRequestEvent({ action: 'opened', number: 7, headSha: HEAD }),
    { GITHUB_ACTOR: 'dependabot[bot]' },
    'dependabot',
  ],
  [
    'a same-repository pull_request',
    () => pullRequestEvent({ action: 'opened', number: 7, headSha: HEAD }),
    {},
    undefined,
  ],
  // pull_request_target runs in the base repository with its token: privileged (and never ours to downgrade).
  [
    'a fork’s pull_request_target',
    () => forkPullRequestEvent({ number: 7, headSha: HEAD }),
    { GITHUB_EVENT_NAME: 'pull_request_target' },
    undefined,
  ],
  [
    'a merge_group (the queue commit is in the base repository)',
    () =>
      mergeGroupEvent({
        headSha: HEAD,
        baseSha: 'b'.repeat(40),
        headRef: 'refs/heads/gh-readonly-queue/main/pr-7',
      }),
    { GITHUB_EVENT_NAME: 'merge_group' },
    undefined,
  ],
])('%s → %s', async (_name, payload, env, expected) => {
  expect((await contextOf(payload(), env)).unprivileged).toBe(expected);
});

test('a pull_request whose fork was deleted (head.repo null) is a fork’s', async () => {
  const payload = forkPullRequestEvent({ number: 7, headSha: HEAD });
  (payload.pull_request.head as { repo: unknown }).repo = null;
  expect((await contextOf(payload)).unprivileged).toBe('fork');
});
