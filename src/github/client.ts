// Builds the GitHub side of a run from a token: the reporting target (the action's token and the
// run context) and the commit lookups promotion needs.
import type { Logger } from '../model/log.js';
import { githubLookup, type CommitLookup } from './commits.js';
import type { PromoteTarget } from '../model/run-context.js';
import { apiUrlOf } from './event.js';
import type { RunContext } from '../model/run-context.js';
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
  };
}

/** The commits→pulls / commit-tree lookups, when a token and the repository are known. */
export function lookupFromEnv(
  env: NodeJS.ProcessEnv,
  target: PromoteTarget,
  token: string | undefined,
  logger: Logger,
): CommitLookup | undefined {
  if (!token || !target.repository) return undefined;
  return githubLookup({ token, apiUrl: apiUrlOf(env), repository: target.repository, logger });
}
