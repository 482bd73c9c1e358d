// With keep-environment: a GitHub Deployment `pr-<n>` pointing at the environment; inactive on teardown.
import type { GitHubTarget, Permissions } from './target.js';

export function environmentName(pr: number): string {
  return `pr-${pr}`;
}

export async function recordDeployment(
  target: GitHubTarget,
  permissions: Permissions,
  url: string,
  digest: string,
): Promise<void> {
  if (target.pr === undefined) return;
  const { octokit, owner, repo } = target;
  const environment = environmentName(target.pr);
  const created = await permissions.write('deployments: write', 'create a deployment', () =>
    octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: target.headSha,
      environment,
      description: `immutable-qa environment for ${digest}`.slice(0, 140),
      auto_merge: false,
      required_contexts: [],
      transient_environment: true,
      production_environment: false,
      payload: { digest },
    }),
  );
  if (!created || !('id' in created.data)) return;
  const id = created.data.id;
  await permissions.write('deployments: write', 'set the deployment status', () =>
    octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: id,
      state: 'success',
      environment_url: url,
      ...(target.detailsUrl ? { log_url: target.detailsUrl } : {}),
      auto_inactive: true,
    }),
  );
}

/** Marks every deployment of the PR's environment inactive (teardown). Returns how many. */
export async function deactivateDeployments(
  target: Omit<GitHubTarget, 'headSha'>,
  permissions: Permissions,
  pr: number,
): Promise<number> {
  const { octokit, owner, repo } = target;
  const list = await permissions.write('deployments: write', 'list deployments', () =>
    octokit.rest.repos.listDeployments({ owner, repo, environment: environmentName(pr), per_page: 100 }),
  );
  let count = 0;
  for (const d of list?.data ?? []) {
    const ok = await permissions.write('deployments: write', 'mark a deployment inactive', () =>
      octokit.rest.repos.createDeploymentStatus({ owner, repo, deployment_id: d.id, state: 'inactive' }),
    );
    if (ok) count++;
  }
  return count;
}
