// Who and what a run is about: the QA run's context and a promotion's target, as plain data read
// from the event payload and GITHUB_* variables (github/event.ts) or CLI flags.

/** The workflow run: GITHUB_RUN_ID, attempt and its URL. */
export interface WorkflowRun {
  id: string;
  attempt: number;
  url: string;
}

export interface RunContext {
  /** The commit results belong to on GitHub: PR head sha, merge-group head sha or pushed sha. */
  sha: string;
  pr?: number;
  ref?: string;
  /** owner/name on GitHub, when known. */
  repository?: string;
  apiUrl: string;
  run?: WorkflowRun;
  actor?: string;
  /** The repository's visibility (event payload): picks the Sigstore instance of keyless signing. */
  visibility?: 'public' | 'private' | 'internal';
  /**
   * A pull_request run GitHub gives a read-only token, no secrets and no OIDC token: from a fork, or
   * opened by Dependabot. It runs locally and hands its results to the base repository's `report` run.
   */
  unprivileged?: 'fork' | 'dependabot';
}

export interface PullRequestRef {
  number: number;
  headSha: string;
  merged: boolean;
  mergeCommitSha: string | null;
  /** Where we learned about it: the event payload, the GitHub API, or --pr with the merge commit's second parent. */
  source: 'event' | 'api' | 'git';
  /** Its head is in a fork (or a deleted one): its QA ran unprivileged and recorded nothing. */
  fromFork?: boolean;
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
  /** Fields the event's pull_request lacks (a hand-written payload); refusals name them. */
  eventGaps?: string[];
}
