// Event payloads that tests drive the action with (what GITHUB_EVENT_PATH points at).
// Each builder starts from one of GitHub's real webhook examples (@octokit/webhooks-examples),
// moves it onto `owner/repo` and our commits, and patches the few spots where the example no longer
// matches GitHub's webhook OpenAPI description; __tests__/github/events.test.ts validates every
// builder's output against that description (see webhook-schema.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { WebhookDefinition } from '@octokit/webhooks-examples';

type EventName = WebhookDefinition['name'];
type ExampleOf<N extends EventName> = WebhookDefinition<N>['examples'][number];

type PullRequestEventPayload = ExampleOf<'pull_request'>;
export type PullRequestOpenedEvent = Extract<PullRequestEventPayload, { action: 'opened' }>;
export type PullRequestSynchronizeEvent = Extract<PullRequestEventPayload, { action: 'synchronize' }>;
export type PullRequestClosedEvent = Extract<PullRequestEventPayload, { action: 'closed' }>;
export type MergeGroupChecksRequestedEvent = Extract<
  ExampleOf<'merge_group'>,
  { action: 'checks_requested' }
>;
export type PushEvent = ExampleOf<'push'>;
export type WorkflowRunCompletedEvent = Extract<ExampleOf<'workflow_run'>, { action: 'completed' }>;
export type PullRequestAction = 'opened' | 'synchronize';
export type PullRequestEventFor<A extends PullRequestAction> = Extract<
  PullRequestEventPayload,
  { action: A }
>;
/** Any payload a builder here returns. */
export type EventPayload =
  | PullRequestOpenedEvent
  | PullRequestSynchronizeEvent
  | PullRequestClosedEvent
  | MergeGroupChecksRequestedEvent
  | PushEvent
  | WorkflowRunCompletedEvent;

/** The repository the event happens in; every URL, `full_name` and owner login in the payload follows it. */
export interface RepoOptions {
  owner?: string;
  repo?: string;
}

export interface PullRequestOptions extends RepoOptions {
  number: number;
  headSha: string;
  /** Branch name (no `refs/heads/`); default `changes`, the example's. */
  headRef?: string;
  /** Branch the PR targets (no `refs/heads/`); default `main`. */
  baseRef?: string;
  title?: string;
}

export interface PullRequestEventOptions<A extends PullRequestAction> extends PullRequestOptions {
  action: A;
  /** `synchronize` only: the head before the push (the payload's `before`); default the example's. */
  before?: string;
}

export interface ForkPullRequestOptions extends PullRequestOptions {
  /** Login owning the fork; default `contributor`. */
  forkOwner?: string;
}

export interface MergedPullRequestOptions extends PullRequestOptions {
  mergeSha: string;
  /** Login that pressed merge; default the repository owner. */
  mergedBy?: string;
}

export interface MergeGroupOptions extends RepoOptions {
  headSha: string;
  baseSha: string;
  /** Full ref, e.g. `refs/heads/gh-readonly-queue/main/pr-12-<sha>`. */
  headRef: string;
  /** Branch the group merges into (no `refs/heads/`); default `main`. */
  baseRef?: string;
}

export interface PushCommit {
  id: string;
  message: string;
}

export interface PushOptions extends RepoOptions {
  before: string;
  after: string;
  /** Full ref; default `refs/heads/main`. */
  ref?: string;
  /** Oldest first, as GitHub lists them; the last one is `head_commit`. */
  commits: PushCommit[];
}

const DEFAULT_OWNER = 'acme';
const DEFAULT_REPO = 'hello';
const DEFAULT_FORK_OWNER = 'contributor';
const ZERO_SHA = '0000000000000000000000000000000000000000';

// ---------------------------------------------------------------------------------------------
// The real examples

let definitions: WebhookDefinition[] | undefined;

function examplesOf<N extends EventName>(name: N): WebhookDefinition<N>['examples'] {
  definitions ??= JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve('@octokit/webhooks-examples'), 'utf8'),
  ) as WebhookDefinition[];
  const definition = definitions.find((d) => d.name === name);
  if (!definition) throw new Error(`@octokit/webhooks-examples has no "${name}" examples`);
  return definition.examples as WebhookDefinition<N>['examples'];
}

/** A private copy of the first example of `name` that `pick` accepts. */
function example<N extends EventName, T extends ExampleOf<N>>(
  name: N,
  what: string,
  pick: (e: ExampleOf<N>) => e is T,
): T {
  const found = examplesOf(name).find(pick);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${name} example that is ${what}`);
  return structuredClone(found);
}

// ---------------------------------------------------------------------------------------------
// Rewriting

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `word` standing alone: not inside a longer login or repository name. */
const token = (word: string): RegExp => new RegExp(`(?<![\\w.-])${escapeRegExp(word)}(?![\\w-])`, 'g');
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rewrites every string in `value`, in place (object keys are left alone). */
function mapStrings(value: unknown, fn: (s: string) => string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item === 'string') value[i] = fn(item);
      else mapStrings(item, fn);
    });
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string') value[key] = fn(item);
      else mapStrings(item, fn);
    }
  }
}

/**
 * Moves everything in `value` that names `from` (`owner/repo`, the owner's login and URLs, the
 * repository's name) onto `to`. Other users (reviewers, senders who are not the owner) are kept.
 */
function retarget(
  value: unknown,
  from: { owner: string; repo: string },
  to: { owner: string; repo: string },
) {
  const fullName = token(`${from.owner}/${from.repo}`);
  const owner = token(from.owner);
  const repo = token(from.repo);
  mapStrings(value, (s) =>
    s
      .replace(fullName, () => `${to.owner}/${to.repo}`)
      .replace(owner, () => to.owner)
      .replace(repo, () => to.repo),
  );
}

function replaceAll(value: unknown, from: string, to: string): void {
  mapStrings(value, (s) => s.split(from).join(to));
}

/** Sets `key` only where the example lacks it (fields the examples predate). */
function fill(target: object, key: string, value: unknown): void {
  if (!(key in target)) (target as Record<string, unknown>)[key] = value;
}

interface RepoLike {
  full_name: string;
  owner: { login: string } | null;
  default_branch: string;
}

/** Fields GitHub's description now requires that the (older) examples' repositories lack. */
function conformRepository(repository: RepoLike | null, defaultBranch: string): void {
  if (!repository) return;
  fill(repository, 'has_discussions', false);
  fill(repository, 'topics', []);
  fill(repository, 'visibility', 'public');
  const r = repository as unknown as Record<string, unknown>;
  // The merge_group example has `homepage: ""`, which fails the description's `format: uri`.
  if (r.homepage === '') r.homepage = null;
  repository.default_branch = defaultBranch;
  if ('master_branch' in r) r.master_branch = defaultBranch;
}

function ownerAndRepo(repository: RepoLike): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.full_name.split('/');
  return { owner, repo };
}

// ---------------------------------------------------------------------------------------------
// Pull requests

type AnyPullRequestEvent = PullRequestOpenedEvent | PullRequestSynchronizeEvent | PullRequestClosedEvent;

/** Shared adjustments: repository, number, head, base and title. */
function adjustPullRequest<E extends AnyPullRequestEvent>(payload: E, options: PullRequestOptions): E {
  const to = { owner: options.owner ?? DEFAULT_OWNER, repo: options.repo ?? DEFAULT_REPO };
  const from = ownerAndRepo(payload.repository);
  const pr = payload.pull_request;
  const baseRef = options.baseRef ?? 'main';
  const headRef = options.headRef ?? pr.head.ref;
  const fromNumber = pr.number;

  // The example's head sha is used only as the head (head.sha, statuses_url, _links.statuses).
  replaceAll(payload, pr.head.sha, options.headSha);
  retarget(payload, from, to);
  mapStrings(payload, (s) =>
    s.replace(
      new RegExp(`/(pulls|pull|issues)/${fromNumber}(?=$|[/.#?])`, 'g'),
      (_m, kind: string) => `/${kind}/${options.number}`,
    ),
  );

  payload.number = options.number;
  pr.number = options.number;
  if (options.title !== undefined) pr.title = options.title;
  pr.head.ref = headRef;
  pr.head.label = `${pr.head.user.login}:${headRef}`;
  pr.base.ref = baseRef;
  pr.base.label = `${pr.base.user.login}:${baseRef}`;
  for (const repository of [payload.repository, pr.base.repo, pr.head.repo])
    conformRepository(repository, baseRef);
  fill(pr, 'auto_merge', null); // required by the description, absent from the first `opened` example
  return payload;
}

/** A `pull_request` event, from the real `opened` or `synchronize` example; head and base repo are the same. */
export function pullRequestEvent<A extends PullRequestAction>(
  options: PullRequestEventOptions<A>,
): PullRequestEventFor<A> {
  const payload = example(
    'pull_request',
    `"${options.action}"`,
    (e): e is PullRequestEventFor<A> => e.action === options.action,
  );
  adjustPullRequest(payload, options);
  const event: PullRequestOpenedEvent | PullRequestSynchronizeEvent = payload;
  if (event.action === 'synchronize') {
    event.after = options.headSha;
    if (options.before !== undefined) event.before = options.before;
  }
  return payload;
}

/** A copy of `template` (a user object) for another login: its URLs, login and ids follow. */
function userNamed<U extends { login: string; id: number; node_id: string }>(
  template: U,
  login: string,
  id: number,
): U {
  const user = structuredClone(template);
  const old = token(template.login);
  mapStrings(user, (s) => s.replace(old, () => login).replace(`/u/${template.id}?`, `/u/${id}?`));
  user.id = id;
  user.node_id = Buffer.from(`04:User${id}`).toString('base64');
  return user;
}

/**
 * A `pull_request` `opened` event whose head is a fork (`<forkOwner>/<repo>`, `fork: true`) owned by
 * another user, who also opened the PR.
 */
export function forkPullRequestEvent(options: ForkPullRequestOptions): PullRequestOpenedEvent {
  const payload = pullRequestEvent({ ...options, action: 'opened' });
  const forkOwner = options.forkOwner ?? DEFAULT_FORK_OWNER;
  const base = ownerAndRepo(payload.repository);
  if (forkOwner === base.owner)
    throw new Error(`the fork owner must differ from the base owner (${base.owner})`);
  const pr = payload.pull_request;
  const contributor = userNamed(payload.sender, forkOwner, 90210);

  const fork = structuredClone(pr.base.repo);
  retarget(fork, base, { owner: forkOwner, repo: base.repo });
  fork.fork = true;
  fork.id += 1;
  fork.node_id = Buffer.from(`010:Repository${fork.id}`).toString('base64');
  fork.owner = structuredClone(contributor);
  pr.head.repo = fork;
  pr.head.user = structuredClone(contributor);
  pr.head.label = `${forkOwner}:${pr.head.ref}`;
  pr.user = structuredClone(contributor);
  pr.author_association = 'CONTRIBUTOR';
  pr.maintainer_can_modify = true;
  pr.assignees = [];
  payload.sender = structuredClone(contributor);
  return payload;
}

/**
 * A `pull_request` `opened` event from Dependabot: a branch of the base repository itself
 * (`dependabot/npm_and_yarn/…`), opened by the `dependabot[bot]` app user. GitHub gives such runs a
 * read-only token and no secrets, as it gives forks.
 */
export function dependabotPullRequestEvent(options: PullRequestOptions): PullRequestOpenedEvent {
  const payload = pullRequestEvent({ ...options, action: 'opened' });
  const pr = payload.pull_request;
  // In its URLs the login is percent-encoded, as GitHub sends it (…/users/dependabot%5Bbot%5D).
  const bot = userNamed(payload.sender, 'dependabot%5Bbot%5D', 49699333);
  bot.login = 'dependabot[bot]';
  bot.type = 'Bot';
  pr.head.ref = 'dependabot/npm_and_yarn/lodash-4.17.21';
  pr.head.label = `${ownerAndRepo(payload.repository).owner}:${pr.head.ref}`;
  pr.user = structuredClone(bot);
  pr.author_association = 'NONE';
  pr.title = 'Bump lodash from 4.17.20 to 4.17.21';
  payload.sender = structuredClone(bot);
  return payload;
}

/** A `pull_request` `closed` event of a merged PR, from the real (unmerged) `closed` example. */
export function mergedPullRequestEvent(options: MergedPullRequestOptions): PullRequestClosedEvent {
  const payload = example(
    'pull_request',
    '"closed"',
    (e): e is PullRequestClosedEvent => e.action === 'closed',
  );
  adjustPullRequest(payload, options);
  const pr = payload.pull_request;
  // The example's sender is the repository owner (retargeted with it).
  const merger =
    options.mergedBy === undefined || options.mergedBy === payload.sender.login
      ? structuredClone(payload.sender)
      : userNamed(payload.sender, options.mergedBy, 31337);
  pr.state = 'closed';
  pr.merged = true;
  pr.merged_at = pr.closed_at;
  pr.merge_commit_sha = options.mergeSha;
  pr.merged_by = merger;
  // After a merge GitHub no longer computes mergeability.
  pr.mergeable = null;
  pr.rebaseable = null;
  pr.mergeable_state = 'unknown';
  payload.sender = structuredClone(merger);
  return payload;
}

// ---------------------------------------------------------------------------------------------
// Merge queue

/** A `merge_group` `checks_requested` event, from the real example. */
export function mergeGroupEvent(options: MergeGroupOptions): MergeGroupChecksRequestedEvent {
  const payload = example(
    'merge_group',
    '"checks_requested"',
    (e): e is MergeGroupChecksRequestedEvent => e.action === 'checks_requested',
  );
  const to = { owner: options.owner ?? DEFAULT_OWNER, repo: options.repo ?? DEFAULT_REPO };
  const baseRef = options.baseRef ?? 'main';
  retarget(payload, ownerAndRepo(payload.repository), to);
  const group = payload.merge_group;
  group.head_sha = options.headSha;
  group.head_ref = options.headRef;
  group.base_sha = options.baseSha;
  group.base_ref = `refs/heads/${baseRef}`;
  // The example's head_commit.id is not its head_sha; the head commit *is* the merge group's head.
  group.head_commit.id = options.headSha;
  conformRepository(payload.repository, baseRef);
  return payload;
}

// ---------------------------------------------------------------------------------------------
// Push

/** A `push` event of `commits` to `ref`, from the real example that pushes a commit to a branch. */
export function pushEvent(options: PushOptions): PushEvent {
  const payload = example(
    'push',
    'a push of commits to a branch',
    (e): e is PushEvent => e.ref.startsWith('refs/heads/') && e.commits.length > 0,
  );
  const to = { owner: options.owner ?? DEFAULT_OWNER, repo: options.repo ?? DEFAULT_REPO };
  const ref = options.ref ?? 'refs/heads/main';
  retarget(payload, ownerAndRepo(payload.repository), to);
  const template = payload.commits[0];
  if (!template) throw new Error('the push example has no commit');
  const fullName = `${to.owner}/${to.repo}`;

  payload.ref = ref;
  payload.before = options.before;
  payload.after = options.after;
  payload.created = options.before === ZERO_SHA;
  payload.deleted = options.after === ZERO_SHA;
  payload.forced = false;
  payload.base_ref = null;
  payload.compare = payload.created
    ? `https://github.com/${fullName}/commit/${options.after.slice(0, 12)}`
    : `https://github.com/${fullName}/compare/${options.before.slice(0, 12)}...${options.after.slice(0, 12)}`;
  payload.commits = options.commits.map(({ id, message }) => ({
    ...structuredClone(template),
    id,
    message,
    url: `https://github.com/${fullName}/commit/${id}`,
  }));
  payload.head_commit = payload.commits.find((c) => c.id === options.after) ?? payload.commits.at(-1) ?? null;
  conformRepository(payload.repository, 'main');
  return payload;
}

// ---------------------------------------------------------------------------------------------
// Workflow runs

export interface WorkflowRunOptions extends RepoOptions {
  runId: number;
  headSha: string;
  /** The PR's branch (no `refs/heads/`). */
  headBranch: string;
  /** Login owning the fork the head is in; default: the head is a branch of the repository itself. */
  forkOwner?: string;
  /** PRs the payload lists; GitHub lists none for a fork's run (default: none). */
  pulls?: Array<{ number: number; headSha?: string }>;
  conclusion?: 'success' | 'failure' | 'cancelled';
  /** The event of the run that completed; default `pull_request`. */
  event?: string;
}

/**
 * A `workflow_run` `completed` event of the QA workflow, from the real example (a run with actor
 * and triggering_actor): the run happened on `event` for `headSha`, in a fork when `forkOwner`.
 */
export function workflowRunEvent(options: WorkflowRunOptions): WorkflowRunCompletedEvent {
  const payload = example(
    'workflow_run',
    '"completed" with an actor',
    (e): e is WorkflowRunCompletedEvent => e.action === 'completed' && 'actor' in e.workflow_run,
  );
  const to = { owner: options.owner ?? DEFAULT_OWNER, repo: options.repo ?? DEFAULT_REPO };
  retarget(payload, ownerAndRepo(payload.repository), to);
  const run = payload.workflow_run;
  const fullName = `${to.owner}/${to.repo}`;
  const api = `https://api.github.com/repos/${fullName}`;
  run.id = options.runId;
  run.event = options.event ?? 'pull_request';
  run.conclusion = options.conclusion ?? 'success';
  run.head_sha = options.headSha;
  run.head_branch = options.headBranch;
  run.head_commit.id = options.headSha;
  run.html_url = `https://github.com/${fullName}/actions/runs/${options.runId}`;
  run.url = `${api}/actions/runs/${options.runId}`;
  for (const key of ['artifacts_url', 'cancel_url', 'jobs_url', 'logs_url', 'rerun_url'] as const)
    run[key] = `${api}/actions/runs/${options.runId}/${key.replace(/_url$/, '')}`;
  if (options.forkOwner) {
    if (options.forkOwner === to.owner) throw new Error('the fork owner must differ from the base owner');
    const fork = structuredClone(run.head_repository);
    retarget(fork, to, { owner: options.forkOwner, repo: to.repo });
    fork.id += 1;
    fork.node_id = Buffer.from(`010:Repository${fork.id}`).toString('base64');
    fork.fork = true;
    run.head_repository = fork;
  }
  const repoRef = { id: run.repository.id, url: api, name: to.repo };
  run.pull_requests = (options.pulls ?? []).map((p) => ({
    id: 279_000_000 + p.number,
    number: p.number,
    url: `${api}/pulls/${p.number}`,
    head: { ref: options.headBranch, sha: p.headSha ?? options.headSha, repo: repoRef },
    base: { ref: 'main', sha: ZERO_SHA.replace(/0/g, 'b'), repo: repoRef },
  }));
  return payload;
}

// ---------------------------------------------------------------------------------------------

/** Writes `payload` to `<dir>/event.json` (creating `dir`) and returns that path, for GITHUB_EVENT_PATH. */
export function writeEvent(dir: string, payload: EventPayload): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'event.json');
  writeFileSync(path, `${JSON.stringify(payload, null, 2)}\n`);
  return path;
}
