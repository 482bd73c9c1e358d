// One sticky comment per PR, found by its hidden marker and updated in place across re-runs.
// Two runs for one PR can report at nearly the same time: the comments are looked at again right
// before one is created, so a comment the other run created meanwhile is updated, not duplicated.
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
  const findOurs = async (what: string): Promise<{ found: boolean; id?: number }> => {
    const comments = await permissions.write('pull-requests: write', what, () =>
      octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: pr, per_page: 100 }),
    );
    if (!comments) return { found: false };
    // Only a bot's comment is ours: a person quoting the marker must not redirect our updates.
    // The oldest one is the sticky comment, should there ever be more.
    const ours = comments.find((c) => c.body?.includes(COMMENT_MARKER) && c.user?.type === 'Bot');
    return ours ? { found: true, id: ours.id } : { found: true };
  };
  const first = await findOurs('read the PR comments');
  if (!first.found) return;
  let id = first.id;
  // Right before creating: another run for this PR may have created the comment since.
  if (id === undefined) {
    const again = await findOurs('read the PR comments again');
    if (!again.found) return;
    id = again.id;
  }
  await permissions.write('pull-requests: write', 'comment on the PR', async () => {
    if (id !== undefined) await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body });
    else await octokit.rest.issues.createComment({ owner, repo, issue_number: pr, body });
  });
}
