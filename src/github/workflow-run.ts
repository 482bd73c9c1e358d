// The `workflow_run` event the `report` action runs on: which run of the QA workflow ended, on which
// commit, for which pull request. GitHub writes the payload, but the head branch and repository
// names come from the fork, so they are only ever API parameters, never shell or paths.
import { z } from 'zod';
import { UsageError } from '../model/errors.js';
import type { GitHubTarget } from './target.js';

const sha = z.string().regex(/^[0-9a-f]{40}$/);
const payload = z.object({
  workflow_run: z.object({
    id: z.number().int().positive(),
    run_attempt: z.number().int().positive().default(1),
    html_url: z.url(),
    event: z.string(),
    head_sha: sha,
    head_branch: z.string().nullable(),
    head_repository: z.object({ full_name: z.string(), owner: z.object({ login: z.string() }) }).nullable(),
    pull_requests: z.array(
      z.object({ number: z.number().int().positive(), head: z.object({ sha: z.string() }) }),
    ),
  }),
});

export interface FinishedRun {
  id: number;
  attempt: number;
  url: string;
  /** The event that started the QA run: only `pull_request` runs leave a report. */
  event: string;
  headSha: string;
  headBranch: string | null;
  /** owner/name of the head repository (the fork), when GitHub still knows it. */
  headRepository: string | null;
  headOwner: string | null;
  /** The PRs the payload names with this head (GitHub leaves the list empty for forks). */
  pulls: number[];
}

export function finishedRun(event: unknown, eventName: string | undefined): FinishedRun {
  if (eventName !== 'workflow_run')
    throw new UsageError(
      `the report action runs on workflow_run (types: [completed]) of the QA workflow; this run is ${eventName ?? 'not a workflow run'}: see README "Fork pull requests"`,
    );
  const parsed = payload.safeParse(event);
  if (!parsed.success)
    throw new UsageError(
      `the workflow_run payload lacks ${parsed.error.issues[0]?.path.join('.') ?? 'its workflow_run'}: GitHub's payload carries it`,
    );
  const run = parsed.data.workflow_run;
  return {
    id: run.id,
    attempt: run.run_attempt,
    url: run.html_url,
    event: run.event,
    headSha: run.head_sha,
    headBranch: run.head_branch,
    headRepository: run.head_repository?.full_name ?? null,
    headOwner: run.head_repository?.owner.login ?? null,
    pulls: run.pull_requests.filter((p) => p.head.sha === run.head_sha).map((p) => p.number),
  };
}

/**
 * The open pull requests whose head is the run's commit, from GitHub: the payload's list, else
 * (forks) the repository's PRs from that fork and branch whose head sha is the run's.
 */
export async function pullsOf(target: GitHubTarget, run: FinishedRun): Promise<number[]> {
  if (run.pulls.length) return run.pulls;
  if (!run.headOwner || !run.headBranch) return [];
  const pulls = await target.octokit.paginate(target.octokit.rest.pulls.list, {
    owner: target.owner,
    repo: target.repo,
    state: 'open',
    head: `${run.headOwner}:${run.headBranch}`,
    per_page: 100,
  });
  return pulls
    .filter((p) => p.head.sha === run.headSha && p.head.repo?.full_name === run.headRepository)
    .map((p) => p.number);
}
