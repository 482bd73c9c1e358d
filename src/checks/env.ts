// What a `run` check's process gets: its argv (bash like GitHub's `shell: bash`) and its environment.
// The check is the code under test: it gets no credentials it did not ask for by name.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { checkVariables } from '../config/expand.js';
import { engineEnv } from '../exec/engine.js';
import { isWithheld, PASSABLE, type Passable } from '../model/secrets.js';
import type { Check } from './handler.js';

export interface CheckEnvOptions {
  /** The Docker config the check's docker CLI uses (checkDockerConfig): no registry credentials. */
  dockerConfig?: string;
  /** The runner's environment (default process.env). */
  base?: NodeJS.ProcessEnv;
  /** More names to withhold: the variables that hold build secrets (image.secrets) are the build's, not the checks'. */
  withhold?: readonly string[];
}

/**
 * Environment of a check: the runner's, minus credentials (model/secrets.ts), plus ours, plus its
 * own env. A withheld variable reaches the check only through its env: `GITHUB_TOKEN: ${GITHUB_TOKEN}`.
 */
export function checkEnv(
  check: Check,
  variables: Record<string, string>,
  options: CheckEnvOptions = {},
): NodeJS.ProcessEnv {
  const base = options.base ?? process.env;
  const env: NodeJS.ProcessEnv = {};
  const withheld = new Set(options.withhold ?? []);
  for (const [k, v] of Object.entries(engineEnv(base))) if (!isWithheld(k) && !withheld.has(k)) env[k] = v;
  // (engineEnv: a check's docker, e.g. `docker run --network "$IMMUTABLE_QA_NETWORK"`, reaches the
  // environment's engine, where its network is.)
  if (options.dockerConfig) env.DOCKER_CONFIG = options.dockerConfig;
  // The same expansion http and load use (expandCheck), plus the withheld names a check may ask for.
  const own = checkVariables(check, { ...passable(base), ...variables });
  Object.assign(env, variables);
  for (const key of Object.keys(check.env)) env[key] = own[key];
  return env;
}

/** The values of the withheld variables a check may ask for by name (model/secrets.ts PASSABLE). */
function passable(base: NodeJS.ProcessEnv): Record<string, string> {
  const values: Record<Passable, string | undefined> = {
    GITHUB_TOKEN: base.GITHUB_TOKEN || base['INPUT_GITHUB-TOKEN'],
    GH_TOKEN: base.GH_TOKEN,
    DOCKER_CONFIG: dockerConfigDir(base),
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: base.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    ACTIONS_ID_TOKEN_REQUEST_URL: base.ACTIONS_ID_TOKEN_REQUEST_URL,
  };
  return Object.fromEntries(
    PASSABLE.flatMap((name) => {
      const value = values[name];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

export function shellArgv(command: string): string[] {
  // Like GitHub's `shell: bash`: fail on the first error and inside pipelines.
  return ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', command];
}

/** The Docker config directory the Docker CLI reads for this process. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
}

/**
 * A Docker config for checks under dir: the same CLI plugins, contexts and current context as
 * ours, and no `auths`, credential helpers or credential store, so a check's docker CLI holds no
 * registry credentials. Idempotent (runs and checks may share it: it holds nothing secret).
 */
export async function checkDockerConfig(dir: string, source = dockerConfigDir()): Promise<string> {
  const target = join(dir, 'docker-config');
  await mkdir(target, { recursive: true, mode: 0o700 });
  for (const sub of ['cli-plugins', 'contexts']) {
    const from = join(source, sub);
    if (existsSync(from) && !existsSync(join(target, sub)))
      await symlink(from, join(target, sub)).catch(() => undefined);
  }
  const config: { currentContext?: string } = {};
  const context = currentContext(join(source, 'config.json'));
  if (context) config.currentContext = context;
  await writeFile(join(target, 'config.json'), `${JSON.stringify(config)}\n`, { mode: 0o600 });
  return target;
}

function currentContext(file: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { currentContext?: unknown };
    return typeof parsed.currentContext === 'string' ? parsed.currentContext : undefined;
  } catch {
    return undefined;
  }
}
