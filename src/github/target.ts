// Where results go on GitHub, and one place that decides whether the token can write.
import type { Logger } from '../model/log.js';
import { errorMessage } from '../model/errors.js';
import { isReadOnly, type Octokit } from './octokit.js';

export interface GitHubTarget {
  octokit: Octokit;
  owner: string;
  repo: string;
  headSha: string;
  pr?: number;
  detailsUrl?: string;
}

/**
 * Tracks read-only mode per permission so each missing one is warned about once; or, `deferred`,
 * in one warning for all of them from explainReadOnly(): a step shows at most 10 warnings, and the
 * one that says why the results are not on the PR must not be the one GitHub drops.
 */
export class Permissions {
  private denied = new Set<string>();
  /** Read-only denials not warned about yet (deferred): permission → what it would have done. */
  private unexplained = new Map<string, string[]>();
  constructor(
    private readonly logger: Logger,
    private readonly options: { deferred?: boolean } = {},
  ) {}

  canWrite(permission: string): boolean {
    return !this.denied.has(permission) && !this.denied.has('*');
  }

  /**
   * Runs a write; a read-only token turns the feature off with one warning; other failures are
   * warnings too: reporting never changes the verdict or fails the run.
   */
  async write<T>(permission: string, what: string, fn: () => Promise<T>): Promise<T | undefined> {
    if (!this.canWrite(permission)) return undefined;
    try {
      return await fn();
    } catch (error) {
      if ((error as { status?: number }).status === 401) {
        // Not a permission problem: GitHub does not accept the token at all (Bad credentials).
        // Nothing else it would write can succeed either: warn once, for every permission.
        this.denied.add('*');
        this.logger.warning(
          `immutable-qa cannot ${what}: GitHub rejected the token (401 ${errorMessage(error)}): it is invalid, expired or revoked, not read-only. ` +
            'Pass a valid token as github-token (the default ${{ github.token }}, or a new token in the secret you pass). Results are in the job summary and the annotations instead.',
        );
      } else if (isReadOnly(error)) {
        this.denied.add(permission);
        if (this.options.deferred) {
          this.unexplained.set(permission, [...(this.unexplained.get(permission) ?? []), what]);
          this.logger.info(`immutable-qa cannot ${what}: the token lacks \`${permission}\` (read-only)`);
          return undefined;
        }
        this.logger.warning(
          `immutable-qa cannot ${what}: the token is read-only (a pull request from a fork, or the workflow lacks \`permissions: ${permission}\`). ` +
            `Results are in the job summary and the annotations instead. To report on the PR, grant \`${permission}\` in the workflow's permissions block.`,
        );
      } else this.logger.warning(`immutable-qa could not ${what}: ${errorMessage(error)}`);
      return undefined;
    }
  }

  /** The one warning for every read-only denial so far (deferred); nothing when there was none. */
  explainReadOnly(): void {
    if (this.unexplained.size === 0) return;
    const missing = [...this.unexplained.keys()];
    const what = [...this.unexplained.values()].map((w) => w[0]).join(' or ');
    this.unexplained.clear();
    this.logger.warning(
      `immutable-qa cannot ${what}: the token is read-only (a pull request from a fork, or the workflow lacks ${missing.map((p) => `\`permissions: ${p}\``).join(' and ')}). ` +
        `Results are in the job summary and the annotations instead. To report on the PR, grant ${missing.map((p) => `\`${p}\``).join(' and ')} in the workflow's permissions block.`,
    );
  }
}
