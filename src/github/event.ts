// The one event reader: the QA run's context and a promotion's target, from the event payload and
// GITHUB_* variables (or CLI flags). Untrusted text from the payload (titles, branch names) is only
// ever carried as data.
//   QA:        PR head sha, merge-group head sha, inputs.sha, GITHUB_SHA, else git HEAD
//   promotion: push → the pushed sha (merge commit, fast-forward or rebase)
//              pull_request closed → merged: the merge commit, and the PR (its head is what QA tested)
//              merge_group → the merge group's head sha (QA ran on that very commit)
//              workflow_dispatch → inputs.sha, else the run's sha
import { readFile } from 'node:fs/promises';
import { RefusalError, UsageError } from '../model/errors.js';
import type { PromoteTarget, PullRequestRef, RunContext, WorkflowRun } from '../model/run-context.js';

/** The fields of a webhook payload we read; everything is optional, nothing is trusted. */
export interface EventPayload {
  action?: string;
  after?: string;
  ref?: string;
  pull_request?: {
    number?: number;
    merged?: boolean | null;
    merge_commit_sha?: string | null;
    head?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
    base?: { ref?: string };
    user?: { login?: string };
  };
  merge_group?: { head_sha?: string; head_ref?: string };
  inputs?: Record<string, unknown>;
  repository?: { full_name?: string; private?: boolean; visibility?: string };
}

export async function readEvent(path: string | undefined): Promise<EventPayload> {
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
    return typeof value === 'object' && value !== null ? (value as EventPayload) : {};
  } catch {
    throw new UsageError(`the event payload ${path} is not valid JSON`);
  }
}

export interface ContextOverrides {
  sha?: string;
  pr?: number;
  eventPath?: string;
  /** Fallback sha (git rev-parse HEAD) when neither flags nor event give one. */
  headSha?: string;
}

/** GITHUB_API_URL, else github.com's API. */
export function apiUrlOf(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_API_URL ?? 'https://api.github.com';
}

function serverUrlOf(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_SERVER_URL ?? 'https://github.com';
}

/** The workflow run (GITHUB_RUN_ID & co.) of `repository`, when both are known. */
export function runOf(env: NodeJS.ProcessEnv, repository: string | undefined): WorkflowRun | undefined {
  const id = env.GITHUB_RUN_ID;
  if (!id || !repository) return undefined;
  return {
    id,
    attempt: Number(env.GITHUB_RUN_ATTEMPT ?? '1'),
    url: `${serverUrlOf(env)}/${repository}/actions/runs/${id}`,
  };
}

const SHA_RE = /^[0-9a-f]{40}$/;
const ZERO_SHA = '0'.repeat(40);

export function assertSha(sha: string, what: string): string {
  const lower = sha.trim().toLowerCase();
  if (!SHA_RE.test(lower))
    throw new UsageError(`${what} must be a full 40-hex commit sha (got "${sha}"): pass --sha <sha>`);
  return lower;
}

/** What a QA run is about. */
export async function runContext(
  env: NodeJS.ProcessEnv,
  overrides: ContextOverrides = {},
): Promise<RunContext> {
  const event = await readEvent(overrides.eventPath ?? env.GITHUB_EVENT_PATH);
  const number = event.pull_request?.number;
  const pr = overrides.pr ?? (typeof number === 'number' ? number : undefined);
  const sha =
    overrides.sha ??
    event.pull_request?.head?.sha ??
    event.merge_group?.head_sha ??
    (typeof event.inputs?.sha === 'string' ? event.inputs.sha : undefined) ??
    env.GITHUB_SHA ??
    overrides.headSha;
  if (!sha || !SHA_RE.test(sha))
    throw new UsageError(`no commit sha to test (got "${sha ?? ''}"): pass --sha <40-hex sha>`);
  const repository = env.GITHUB_REPOSITORY ?? event.repository?.full_name;
  const unprivileged = unprivilegedOf(event, env, repository);
  return {
    sha,
    pr,
    ref: event.pull_request
      ? `refs/pull/${event.pull_request.number}/head`
      : (event.merge_group?.head_ref ?? env.GITHUB_REF),
    repository,
    apiUrl: apiUrlOf(env),
    run: runOf(env, repository),
    actor: env.GITHUB_ACTOR,
    ...(visibilityOf(event) ? { visibility: visibilityOf(event) } : {}),
    ...(unprivileged ? { unprivileged } : {}),
  };
}

const DEPENDABOT = 'dependabot[bot]';

/** A head repository other than the base (or none: the fork was deleted). */
export function isFork(head: string | null | undefined, repository: string): boolean {
  return !head || head.toLowerCase() !== repository.toLowerCase();
}

/**
 * A `pull_request` run GitHub gives a read-only token and no secrets: the head is a fork (or a
 * deleted one), or Dependabot opened it. pull_request_target and the rest run in the base context.
 */
function unprivilegedOf(
  event: EventPayload,
  env: NodeJS.ProcessEnv,
  repository: string | undefined,
): RunContext['unprivileged'] {
  const pull = event.pull_request;
  if (!pull || (env.GITHUB_EVENT_NAME ?? 'pull_request') !== 'pull_request') return undefined;
  const head = pull.head?.repo;
  if (head !== undefined && repository && isFork(head?.full_name, repository)) return 'fork';
  if (pull.user?.login === DEPENDABOT || env.GITHUB_ACTOR === DEPENDABOT) return 'dependabot';
  return undefined;
}

/** The repository's visibility as the payload gives it (older payloads only have `private`). */
function visibilityOf(event: EventPayload): RunContext['visibility'] {
  const { visibility, private: isPrivate } = event.repository ?? {};
  if (visibility === 'public' || visibility === 'private' || visibility === 'internal') return visibility;
  return isPrivate === undefined ? undefined : isPrivate ? 'private' : 'public';
}

export interface TargetOverrides {
  /** --sha / the `sha` input: promote this commit. */
  sha?: string;
  eventPath?: string;
  eventName?: string;
  /** Last resort: git rev-parse HEAD of the checkout. */
  headSha?: string;
}

function kindOf(event: EventPayload): string {
  if (event.pull_request) return 'pull_request';
  if (event.merge_group) return 'merge_group';
  if (event.inputs) return 'workflow_dispatch';
  return 'push';
}

/** What a promotion is about. */
export async function promoteTarget(
  env: NodeJS.ProcessEnv,
  overrides: TargetOverrides = {},
): Promise<PromoteTarget> {
  const event = await readEvent(overrides.eventPath ?? env.GITHUB_EVENT_PATH);
  const eventName =
    overrides.eventName ?? env.GITHUB_EVENT_NAME ?? (overrides.eventPath ? kindOf(event) : 'local');
  const repository = env.GITHUB_REPOSITORY ?? event.repository?.full_name;

  let pr: PullRequestRef | undefined;
  const payloadPr = event.pull_request;
  const gaps = payloadPr ? missingPullFields(payloadPr) : [];
  if (payloadPr && gaps.length && eventName === 'pull_request' && overrides.sha === undefined)
    throw new UsageError(
      `the pull_request event payload lacks ${gaps.join(', ')}: GitHub's payload carries them; a hand-written one must too. ` +
        'Or name the commit: promote --pr <number> (from a checkout of the merge commit) or --sha <40-hex sha>.',
    );
  if (payloadPr && typeof payloadPr.number === 'number' && typeof payloadPr.head?.sha === 'string') {
    pr = {
      number: payloadPr.number,
      headSha: assertSha(payloadPr.head.sha, 'pull_request.head.sha'),
      merged: payloadPr.merged === true,
      mergeCommitSha: payloadPr.merge_commit_sha ?? null,
      source: 'event',
      ...(repository &&
      payloadPr.head.repo !== undefined &&
      isFork(payloadPr.head.repo?.full_name, repository)
        ? { fromFork: true }
        : {}),
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
  if (gaps.length) target.eventGaps = gaps;
  return target;
}

/** The fields a promotion reads from a pull_request payload that it does not have. */
function missingPullFields(pull: NonNullable<EventPayload['pull_request']>): string[] {
  const gaps: string[] = [];
  if (typeof pull.number !== 'number') gaps.push('pull_request.number');
  if (typeof pull.head?.sha !== 'string') gaps.push('pull_request.head.sha');
  if (pull.merged === undefined) gaps.push('pull_request.merged');
  else if (pull.merged && typeof pull.merge_commit_sha !== 'string')
    gaps.push('pull_request.merge_commit_sha');
  return gaps;
}
