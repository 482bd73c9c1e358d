// Builds the GitHub target of a run from the action's token and the run context.
import type { Logger } from '../log.js';
import type { RunContext } from './context.js';
import { createOctokit } from './octokit.js';
import type { GitHubTarget } from './target.js';

export function githubTarget(token: string, context: RunContext, logger: Logger): GitHubTarget | undefined {
  if (!token || !context.repository) return undefined;
  const [owner, repo] = context.repository.split('/');
  if (!owner || !repo) return undefined;
  return {
    octokit: createOctokit({ token, baseUrl: context.apiUrl, logger }),
    owner,
    repo,
    headSha: context.sha,
    pr: context.pr,
    detailsUrl: context.run?.url,
    logger,
  };
}
