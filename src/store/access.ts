// How the record and promotion code reach the image's registry: one client per run, with the
// credentials the action or CLI resolved (inputs, Docker config, ghcr.io fallback).
import type { Config } from '../config/schema.js';
import { UsageError } from '../model/errors.js';
import type { Logger } from '../model/log.js';
import type { CredentialOptions } from '../registry/auth.js';
import { RegistryClient, type RequestHook, type RetryOptions } from '../registry/client.js';
import { parseReference } from '../registry/reference.js';

export interface RegistryAccess {
  credentials?: CredentialOptions;
  onRequest?: RequestHook;
  retry?: RetryOptions;
  timeoutMs?: number;
  /** The run's cancellation: requests in flight stop and no retry starts once it fires. */
  signal?: AbortSignal;
}

export interface ImageRepository {
  client: RegistryClient;
  /** Path inside the registry, e.g. `acme/shop`. */
  repo: string;
}

/** The registry client for the config's image repository (registry mode only: store.ts decides). */
export function imageRepository(
  config: Pick<Config, 'image'>,
  access: RegistryAccess = {},
  logger?: Pick<Logger, 'debug'>,
): ImageRepository {
  const ref = parseReference(config.image.repository);
  if (!ref.registry)
    throw new UsageError(
      `image.repository "${config.image.repository}" has no registry host (local mode): there is no registry to record in`,
    );
  const client = new RegistryClient({
    registry: ref.registry,
    ...(access.credentials ? { credentials: access.credentials } : {}),
    ...(access.onRequest ? { onRequest: access.onRequest } : {}),
    ...(access.retry ? { retry: access.retry } : {}),
    ...(access.timeoutMs !== undefined ? { timeoutMs: access.timeoutMs } : {}),
    ...(access.signal ? { signal: access.signal } : {}),
    ...(logger ? { logger } : {}),
  });
  return { client, repo: ref.repository };
}

/**
 * Credentials from the action inputs / environment, in DESIGN.md's order: registry-username and
 * registry-password, else the Docker config, else (ghcr.io only) github.actor + the token.
 */
export function credentialOptions(input: {
  username?: string;
  password?: string;
  actor?: string;
  token?: string;
}): CredentialOptions {
  const options: CredentialOptions = {};
  if (input.username || input.password) {
    if (input.username) options.username = input.username;
    if (input.password) options.password = input.password;
  }
  if (input.actor && input.token) options.githubFallback = { username: input.actor, password: input.token };
  return options;
}
