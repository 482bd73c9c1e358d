// The two GitHub REST calls promotion may need: which pull request a commit came from
// (GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls) and a commit's tree
// (GET /repos/{owner}/{repo}/git/commits/{commit_sha}) when the checkout does not have it.
import { errorMessage, InfrastructureError, UsageError } from '../model/errors.js';
import { isFork } from './event.js';
import { createOctokit } from './octokit.js';
import type { Logger } from '../model/log.js';
import type { PullRequestRef } from '../model/run-context.js';

export interface CommitLookup {
  /** Pull requests associated with a commit (merged or not). */
  pullsForCommit(sha: string): Promise<PullRequestRef[]>;
  /** The tree sha of a commit, or undefined when GitHub does not know the commit. */
  treeOf(sha: string): Promise<string | undefined>;
}

export interface GitHubLookupOptions {
  token: string;
  /** GITHUB_API_URL, e.g. https://api.github.com */
  apiUrl: string;
  /** owner/name */
  repository: string;
  logger: Logger;
}

function status(error: unknown): number | undefined {
  const value = (error as { status?: unknown }).status;
  return typeof value === 'number' ? value : undefined;
}

function failure(what: string, error: unknown, permission: string): Error {
  const code = status(error);
  if (code === 401 || code === 403)
    return new InfrastructureError(
      `GitHub refused ${what} (${code}: ${errorMessage(error)}): the token needs \`${permission}\` (workflow \`permissions:\`)`,
    );
  return new InfrastructureError(`GitHub API failed ${what}: ${errorMessage(error)}`);
}

export function githubLookup(options: GitHubLookupOptions): CommitLookup {
  const [owner, repo] = options.repository.split('/');
  if (!owner || !repo)
    throw new UsageError(`GITHUB_REPOSITORY must be owner/name (got "${options.repository}")`);
  const octokit = createOctokit({ token: options.token, baseUrl: options.apiUrl, logger: options.logger });
  return {
    async pullsForCommit(sha) {
      try {
        const response = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
          owner,
          repo,
          commit_sha: sha,
          per_page: 100,
        });
        return response.data.map((pull) => ({
          number: pull.number,
          headSha: pull.head.sha,
          merged: pull.merged_at !== null && pull.merged_at !== undefined,
          mergeCommitSha: pull.merge_commit_sha ?? null,
          source: 'api' as const,
          ...(isFork(pull.head.repo?.full_name, options.repository) ? { fromFork: true } : {}),
        }));
      } catch (error) {
        const code = status(error);
        if (code === 404 || code === 422) return [];
        throw failure(`listing the pull requests of commit ${sha}`, error, 'pull-requests: read');
      }
    },
    async treeOf(sha) {
      try {
        const response = await octokit.rest.git.getCommit({ owner, repo, commit_sha: sha });
        return response.data.tree.sha;
      } catch (error) {
        const code = status(error);
        if (code === 404 || code === 422) return undefined;
        throw failure(`reading commit ${sha}`, error, 'contents: read');
      }
    },
  };
}

/**
 * The pull request a commit on the default branch came from: the merged one whose merge commit it
 * is, else the only merged one, else the most recently listed merged one (GitHub lists newest first).
 */
export function choosePull(pulls: readonly PullRequestRef[], sha: string): PullRequestRef | undefined {
  const merged = pulls.filter((p) => p.merged);
  return merged.find((p) => p.mergeCommitSha === sha) ?? merged[0];
}
