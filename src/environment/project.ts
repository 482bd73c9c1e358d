// Compose project naming (DESIGN.md step 3): iqa-<repo>-<hash6>-pr<n>, else iqa-<repo>-<hash6>-<sha7>;
// at most 63 chars of [a-z0-9-] so it is a valid compose project and DNS label. <hash6> is a short
// hash of the repository identity: two repositories named `api` never share an environment.
import { createHash } from 'node:crypto';

/** `repo` is the repository identity (repositoryIdentity: owner/name, else the checkout's path). */
export function projectName(repo: string, pr: number | undefined, sha: string): string {
  const suffix = pr !== undefined ? `pr${pr}` : sha.slice(0, 7).toLowerCase();
  const hash = createHash('sha256').update(repo).digest('hex').slice(0, 6);
  const budget = 63 - 'iqa-'.length - 1 - hash.length - 1 - suffix.length;
  const name = repo
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/^.*\//, '')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, Math.max(1, budget))
    .replace(/-+$/, '');
  return `iqa-${name || 'repo'}-${hash}-${suffix}`;
}

/** Labels put on every container of the environment; teardown and drift find them by these. */
export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  managed: 'io.immutable-qa.managed',
  pr: 'io.immutable-qa.pr',
  sha: 'io.immutable-qa.sha',
  digest: 'io.immutable-qa.digest',
  created: 'io.immutable-qa.created',
  /** GitHub owner/name, else the repository root path: teardown's scope. */
  repository: 'io.immutable-qa.repository',
  /** The run (runId()) that created the container, network or volume: its teardown removes only these. */
  run: 'io.immutable-qa.run',
  /**
   * The run's private directory on the machine that ran it (its labels override): whoever removes
   * a run's environment that the run did not tear down itself removes it too (run-dir.ts).
   */
  runDir: 'io.immutable-qa.run-dir',
  /** On a swarm service that runs once to completion (a migration): stack-file.ts, tasks.ts. */
  oneShot: 'io.immutable-qa.one-shot',
  /** On a run's claim volume: the compose project the run holds (environment/claim.ts). */
  claim: 'io.immutable-qa.claim',
} as const;

/**
 * A run's id: `<UTC time to the millisecond, 17 digits>-<8 random hex>`, e.g.
 * `20261202010203456-9f3a1c2b`. Fixed width, so the later of two runs has the greater id; the random
 * part keeps two runs started in the same millisecond (or on two machines) apart.
 */
export function runId(now: Date, random: string): string {
  const time = now.toISOString().replace(/[^0-9]/g, '');
  return `${time}-${random}`;
}

/** A run id as runId() makes it (what claims and labels carry; anything else is not ours). */
export const RUN_ID = /^\d{17}-[0-9a-f]{8}$/;

/** The repository identity environments are labelled with (and teardown looks for). */
export function repositoryIdentity(repository: string | undefined, root: string): string {
  return repository ?? root;
}
