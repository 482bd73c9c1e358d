// What a promotion is about, from the event that triggered it (or CLI flags): the commit being
// promoted and, when the event says so, the pull request it came from.
//   push               → the pushed sha (merge commit, fast-forward or rebase)
//   pull_request closed → merged: the merge commit, and the PR (its head is what QA tested)
//   merge_group        → the merge group's head sha (QA ran on that very commit)
//   workflow_dispatch  → inputs.sha, else the run's sha
import { readFile } from 'node:fs/promises';
import { RefusalError, UsageError } from '../errors.js';

export interface PullRequestRef {
  number: number;
  headSha: string;
  merged: boolean;
  mergeCommitSha: string | null;
  /** Where we learned about it. */
  source: 'event' | 'api';
}

export interface PromoteTarget {
  eventName: string;
  /** The commit being promoted; `{sha}` in promote.tags expands to it. */
  sha: string;
  ref?: string;
  /** owner/name on GitHub, when known. */
  repository?: string;
  /** The pull request the commit came from, when the event names it. */
  pr?: PullRequestRef;
}

export interface TargetOverrides {
  /** --sha / the `sha` input: promote this commit. */
  sha?: string;
  eventPath?: string;
  eventName?: string;
  /** Last resort: git rev-parse HEAD of the checkout. */
  headSha?: string;
}

const SHA_RE = /^[0-9a-f]{40}$/;
const ZERO_SHA = '0'.repeat(40);

interface PromoteEvent {
  action?: string;
  after?: string;
  ref?: string;
  pull_request?: {
    number?: number;
    merged?: boolean | null;
    merge_commit_sha?: string | null;
    head?: { sha?: string };
    base?: { ref?: string };
  };
  merge_group?: { head_sha?: string; head_ref?: string };
  inputs?: Record<string, unknown>;
  repository?: { full_name?: string };
}

async function readPayload(path: string | undefined): Promise<PromoteEvent> {
  if (!path) return {};
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the event payload ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as PromoteEvent) : {};
  } catch {
    throw new UsageError(`the event payload ${path} is not valid JSON`);
  }
}

function kindOf(event: PromoteEvent): string {
  if (event.pull_request) return 'pull_request';
  if (event.merge_group) return 'merge_group';
  if (event.inputs) return 'workflow_dispatch';
  return 'push';
}

export function assertSha(sha: string, what: string): string {
  const lower = sha.trim().toLowerCase();
  if (!SHA_RE.test(lower))
    throw new UsageError(`${what} must be a full 40-hex commit sha (got "${sha}"): pass --sha <sha>`);
  return lower;
}

export async function promoteTarget(
  env: NodeJS.ProcessEnv,
  overrides: TargetOverrides = {},
): Promise<PromoteTarget> {
  const eventPath = overrides.eventPath ?? env.GITHUB_EVENT_PATH;
  const event = await readPayload(eventPath);
  const eventName =
    overrides.eventName ?? env.GITHUB_EVENT_NAME ?? (overrides.eventPath ? kindOf(event) : 'local');
  const repository = env.GITHUB_REPOSITORY ?? event.repository?.full_name;

  let pr: PullRequestRef | undefined;
  const payloadPr = event.pull_request;
  if (payloadPr && typeof payloadPr.number === 'number' && typeof payloadPr.head?.sha === 'string') {
    pr = {
      number: payloadPr.number,
      headSha: assertSha(payloadPr.head.sha, 'pull_request.head.sha'),
      merged: payloadPr.merged === true,
      mergeCommitSha: payloadPr.merge_commit_sha ?? null,
      source: 'event',
    };
  }

  let sha: string | undefined = overrides.sha;
  let ref: string | undefined = env.GITHUB_REF;
  if (sha === undefined) {
    if (pr && eventName === 'pull_request') {
      if (!pr.merged || !pr.mergeCommitSha)
        throw new RefusalError(
          `pull request #${pr.number} was ${event.action === 'closed' ? 'closed without being merged' : `not merged (action "${event.action ?? '?'}")`}: there is nothing to promote. ` +
            'Promote on `push` to the default branch, or guard the job with `if: github.event.pull_request.merged == true`.',
          'not-merged',
        );
      sha = pr.mergeCommitSha;
      ref = payloadPr?.base?.ref ? `refs/heads/${payloadPr.base.ref}` : ref;
    } else if (event.merge_group?.head_sha) {
      sha = event.merge_group.head_sha;
      ref = event.merge_group.head_ref ?? ref;
    } else if (typeof event.inputs?.sha === 'string' && event.inputs.sha !== '') {
      sha = event.inputs.sha;
    } else if (event.after !== undefined) {
      if (event.after === ZERO_SHA)
        throw new UsageError('the push deleted the branch (after = 000…): there is nothing to promote');
      sha = event.after;
      ref = event.ref ?? ref;
    }
  }
  sha ??= env.GITHUB_SHA ?? overrides.headSha;
  if (!sha) throw new UsageError('no commit to promote: pass --sha <40-hex sha> or run in a git checkout');
  const target: PromoteTarget = { eventName, sha: assertSha(sha, 'the commit to promote') };
  if (ref) target.ref = ref;
  if (repository) target.repository = repository;
  if (pr) target.pr = pr;
  return target;
}
