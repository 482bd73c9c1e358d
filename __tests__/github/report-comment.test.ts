// The sticky PR comment when two runs for one PR report at nearly the same time, in-process against
// the validating GitHub API test server: a comment the other run creates between our first look at
// the comments and our create is found again right before creating, and updated.
import { createOctokit } from '../../src/github/octokit.js';
import { upsertComment } from '../../src/github/pr-comment.js';
import { COMMENT_MARKER } from '../../src/github/render.js';
import { Permissions, type GitHubTarget } from '../../src/github/target.js';
import { memoryLogger } from '../../src/model/log.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { settle, useVirtualClock } from '../support/virtual-clock.js';

const PR = 12;
let gh: GitHubServer;
useVirtualClock();
beforeEach(async () => {
  gh = await startGitHubServer({ owner: 'acme', repo: 'hello', token: 'ghs_test' });
});
afterEach(async () => {
  await gh.close();
});

function target(): GitHubTarget {
  const logger = memoryLogger();
  return {
    octokit: createOctokit({ token: 'ghs_test', baseUrl: gh.url, logger }),
    owner: 'acme',
    repo: 'hello',
    headSha: 'a'.repeat(40),
    pr: PR,
  };
}

/** What the other run's reporter does: creates the sticky comment (as the same bot). */
function otherRunComments(body: string): void {
  const at = new Date().toISOString();
  gh.state.comments.push({
    id: 9001,
    issue_number: PR,
    body,
    user: 'github-actions[bot]',
    created_at: at,
    updated_at: at,
  });
}

const ours = (): Array<{ id: number; body: string }> =>
  gh.state.comments.filter((c) => c.issue_number === PR && c.body.includes(COMMENT_MARKER));

test('a sticky comment created by another run after the first lookup is updated, not duplicated', async () => {
  const t = target();
  let lookups = 0;
  // Right after our first look at the comments (none yet), the other run creates its comment.
  t.octokit.hook.after('request', (_response, options) => {
    if (options.method === 'GET' && String(options.url).includes('/comments') && ++lookups === 1)
      otherRunComments(`${COMMENT_MARKER}\nverdict of the other run`);
  });
  await settle(upsertComment(t, new Permissions(memoryLogger()), `${COMMENT_MARKER}\nverdict of this run`));

  expect(ours()).toEqual([
    expect.objectContaining({ id: 9001, body: `${COMMENT_MARKER}\nverdict of this run` }),
  ]);
  expect(gh.requests.filter((r) => r.operationId === 'issues/create-comment')).toHaveLength(0);
  expect(gh.requests.filter((r) => r.operationId === 'issues/update-comment')).toHaveLength(1);
  expect(gh.violations).toEqual([]);
});

test('no comment yet, none created meanwhile: one comment is created', async () => {
  await settle(upsertComment(target(), new Permissions(memoryLogger()), `${COMMENT_MARKER}\nfirst`));
  expect(ours().map((c) => c.body)).toEqual([`${COMMENT_MARKER}\nfirst`]);
  expect(gh.violations).toEqual([]);
});

test('an existing sticky comment is updated with a single lookup', async () => {
  otherRunComments(`${COMMENT_MARKER}\nearlier run`);
  await settle(upsertComment(target(), new Permissions(memoryLogger()), `${COMMENT_MARKER}\nthis run`));
  expect(ours().map((c) => [c.id, c.body])).toEqual([[9001, `${COMMENT_MARKER}\nthis run`]]);
  expect(gh.requests.filter((r) => r.operationId === 'issues/list-comments')).toHaveLength(1);
});
