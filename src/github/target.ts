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

/** Tracks read-only mode per permission so each missing one is warned about once. */
export class Permissions {
  private denied = new Set<string>();
  constructor(private readonly logger: Logger) {}

  canWrite(permission: string): boolean {
    return !this.denied.has(permission);
  }

  /**
   * Runs a write; a read-only token turns the feature off with one warning; other failures are
   * warnings too: reporting never changes the verdict or fails the run.
   */
  async write<T>(permission: string, what: string, fn: () => Promise<T>): Promise<T | undefined> {
    if (this.denied.has(permission)) return undefined;
    try {
      return await fn();
    } catch (error) {
      if (isReadOnly(error)) {
        this.denied.add(permission);
        this.logger.warning(
          `immutable-qa cannot ${what}: the token is read-only (a pull request from a fork, or the workflow lacks \`permissions: ${permission}\`). ` +
            `Results are in the job summary and the annotations instead. To report on the PR, grant \`${permission}\` in the workflow's permissions block.`,
        );
      } else this.logger.warning(`immutable-qa could not ${what}: ${errorMessage(error)}`);
      return undefined;
    }
  }
}
