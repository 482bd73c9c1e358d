// One sticky comment per PR, found by its hidden marker and updated in place across re-runs.
import { COMMENT_MARKER } from './render.js';
import type { GitHubTarget, Permissions } from './target.js';

export async function upsertComment(
  target: GitHubTarget,
  permissions: Permissions,
  body: string,
): Promise<void> {
  const pr = target.pr;
  if (pr === undefined) return;
  const { octokit, owner, repo } = target;
  const comments = await permissions.write('pull-requests: write', 'read the PR comments', () =>
    octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: pr, per_page: 100 }),
  );
  if (!comments) return;
  // Only a bot's comment is ours: a person quoting the marker must not redirect our updates.
  const ours = comments.find((c) => c.body?.includes(COMMENT_MARKER) && c.user?.type === 'Bot');
  await permissions.write('pull-requests: write', 'comment on the PR', async () => {
    if (ours) await octokit.rest.issues.updateComment({ owner, repo, comment_id: ours.id, body });
    else await octokit.rest.issues.createComment({ owner, repo, issue_number: pr, body });
  });
}
