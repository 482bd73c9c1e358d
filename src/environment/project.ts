// Compose project naming (DESIGN.md step 3): iqa-<repo>-pr<n>, else iqa-<repo>-<sha7>;
// at most 63 chars of [a-z0-9-] so it is a valid compose project and DNS label.

export function projectName(repo: string, pr: number | undefined, sha: string): string {
  const suffix = pr !== undefined ? `pr${pr}` : sha.slice(0, 7).toLowerCase();
  const budget = 63 - 'iqa-'.length - 1 - suffix.length;
  const name = repo
    .toLowerCase()
    .replace(/^.*\//, '')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, Math.max(1, budget))
    .replace(/-+$/, '');
  return `iqa-${name || 'repo'}-${suffix}`;
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
} as const;

/** The repository identity environments are labelled with (and teardown looks for). */
export function repositoryIdentity(repository: string | undefined, root: string): string {
  return repository ?? root;
}
