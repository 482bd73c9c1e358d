// The action's own Docker config: a private directory per run, so `docker login` never writes the
// registry password into the config the checks (the code under test) or the next job read. The
// runner's config (docker/login-action's logins, a buildx builder) is carried over; the directory
// is removed when the main step ends and again by the post step after a crash or cancel.
import { copyFile, mkdtemp, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { dockerConfigDir } from '../checks/env.js';

const PREFIX = 'immutable-qa-docker-';

/** Where private configs live: the runner's per-job temp dir. */
function parent(env: NodeJS.ProcessEnv): string {
  return resolve(env.RUNNER_TEMP || tmpdir());
}

/**
 * Creates the private config from the current one and points DOCKER_CONFIG (and, when unset,
 * BUILDX_CONFIG at the runner's builders) of this process and its children at it.
 */
export async function usePrivateDockerConfig(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const source = dockerConfigDir(env);
  const dir = await mkdtemp(join(parent(env), PREFIX)); // mode 0700
  if (existsSync(join(source, 'config.json')))
    await copyFile(join(source, 'config.json'), join(dir, 'config.json'));
  for (const sub of ['cli-plugins', 'contexts']) {
    if (existsSync(join(source, sub))) await symlink(join(source, sub), join(dir, sub));
  }
  if (!env.BUILDX_CONFIG && existsSync(join(source, 'buildx'))) env.BUILDX_CONFIG = join(source, 'buildx');
  env.DOCKER_CONFIG = dir;
  return dir;
}

/**
 * Removes a private config. The path comes from saved state, so it is removed only when it is one
 * of ours (our prefix, directly in the runner's temp dir): forged state cannot delete anything else.
 */
export async function removePrivateDockerConfig(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  const path = resolve(dir);
  if (dirname(path) !== parent(env) || !basename(path).startsWith(PREFIX)) return false;
  await rm(path, { recursive: true, force: true });
  return true;
}
