// Octokit with bounded retries (5xx) and throttling (primary and secondary rate limits).
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Logger } from '../model/log.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface OctokitOptions {
  token: string;
  baseUrl: string;
  logger: Logger;
  /** Retries for 5xx; rate limits are retried up to twice. */
  retries?: number;
}

export function createOctokit(options: OctokitOptions): Octokit {
  const { logger } = options;
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      // Only the plugin's own state: a request-level `retries` would make every error retryable.
      retry: { retries: options.retries ?? 3, doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
      throttle: {
        onRateLimit: (
          retryAfter: number,
          request: { method: string; url: string },
          _octokit: unknown,
          retryCount: number,
        ) => {
          logger.warning(`GitHub rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
          return retryCount < 2 && retryAfter <= 60;
        },
        onSecondaryRateLimit: (
          retryAfter: number,
          request: { method: string; url: string },
          _octokit: unknown,
          retryCount: number,
        ) => {
          logger.warning(
            `GitHub secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`,
          );
          return retryCount < 2 && retryAfter <= 60;
        },
      },
    },
    retry,
    throttling,
  );
}

/** 403 "Resource not accessible by integration": a read-only token (fork PR, missing permission). */
export function isReadOnly(error: unknown): boolean {
  const e = error as { status?: number; message?: string };
  return (e.status === 403 && /not accessible by integration/i.test(e.message ?? '')) || e.status === 401;
}
