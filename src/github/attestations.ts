// The signed verdict as a GitHub artifact attestation: the Sigstore bundle stored on the repository
// (POST /repos/{owner}/{repo}/attestations, as @actions/attest does), so `gh attestation verify` finds it.
import { errorMessage } from '../model/errors.js';
import type { Octokit } from './octokit.js';
import type { GitHubTarget } from './target.js';

type CreateAttestation = Parameters<Octokit['rest']['repos']['createAttestation']>[0];

/**
 * Stores `bundle` (the Sigstore bundle as a JSON object, not its bytes) in the target repository;
 * the attestation's id. A 403 or 404 says which permission or plan is missing.
 */
export async function storeAttestation(
  target: Pick<GitHubTarget, 'octokit' | 'owner' | 'repo'>,
  bundle: unknown,
): Promise<number> {
  const { octokit, owner, repo } = target;
  let id: unknown;
  try {
    const response = await octokit.rest.repos.createAttestation({
      owner,
      repo,
      bundle: bundle as NonNullable<CreateAttestation>['bundle'],
    });
    id = response.data.id;
  } catch (error) {
    const e = error as { status?: number; response?: { data?: { message?: unknown } } };
    // GitHub's own message, without the documentation URL Octokit appends.
    const message =
      typeof e.response?.data?.message === 'string' ? e.response.data.message : errorMessage(error);
    const prefix = `cannot store the attestation in ${owner}/${repo}`;
    if ((e.status === 403 || e.status === 404) && !/rate limit/i.test(message)) {
      throw new Error(
        `${prefix} (${e.status} ${message}): grant the job \`permissions: attestations: write\`; ` +
          'artifact attestations in private repositories need GitHub Enterprise Cloud.',
        { cause: error },
      );
    }
    throw new Error(`${prefix}: ${message}`, { cause: error });
  }
  if (typeof id !== 'number' || !Number.isInteger(id)) {
    throw new Error(`cannot store the attestation in ${owner}/${repo}: GitHub answered without an id`);
  }
  return id;
}
