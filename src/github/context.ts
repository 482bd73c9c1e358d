// Who and what a run is about, from the event payload and GITHUB_* variables (or CLI flags).
// Untrusted text from the payload (titles, branch names) is only ever carried as data.
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

export interface RunContext {
  /** The commit results belong to on GitHub: PR head sha, merge-group head sha or pushed sha. */
  sha: string;
  pr?: number;
  ref?: string;
  /** owner/name on GitHub, when known. */
  repository?: string;
  serverUrl: string;
  apiUrl: string;
  run?: { id: string; attempt: number; url: string };
  actor?: string;
}

interface EventPayload {
  pull_request?: { number: number; head: { sha: string; ref: string } };
  merge_group?: { head_sha: string; head_ref: string };
  after?: string;
  inputs?: Record<string, unknown>;
  repository?: { full_name: string };
}

export async function readEvent(path: string | undefined): Promise<EventPayload> {
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, 'utf8')) as EventPayload;
  } catch (error) {
    throw new UsageError(`cannot read the event payload ${path}: ${(error as Error).message}`);
  }
}

export interface ContextOverrides {
  sha?: string;
  pr?: number;
  eventPath?: string;
  /** Fallback sha (git rev-parse HEAD) when neither flags nor event give one. */
  headSha?: string;
}

/** GITHUB_API_URL, else github.com's API. */
export function apiUrlOf(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_API_URL ?? 'https://api.github.com';
}

function serverUrlOf(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_SERVER_URL ?? 'https://github.com';
}

/** The workflow run (GITHUB_RUN_ID & co.) of `repository`, when both are known. */
export function runOf(
  env: NodeJS.ProcessEnv,
  repository: string | undefined,
): { id: string; attempt: number; url: string } | undefined {
  const id = env.GITHUB_RUN_ID;
  if (!id || !repository) return undefined;
  return {
    id,
    attempt: Number(env.GITHUB_RUN_ATTEMPT ?? '1'),
    url: `${serverUrlOf(env)}/${repository}/actions/runs/${id}`,
  };
}

export async function runContext(
  env: NodeJS.ProcessEnv,
  overrides: ContextOverrides = {},
): Promise<RunContext> {
  const event = await readEvent(overrides.eventPath ?? env.GITHUB_EVENT_PATH);
  const pr = overrides.pr ?? event.pull_request?.number;
  const sha =
    overrides.sha ??
    event.pull_request?.head.sha ??
    event.merge_group?.head_sha ??
    (typeof event.inputs?.sha === 'string' ? event.inputs.sha : undefined) ??
    env.GITHUB_SHA ??
    overrides.headSha;
  if (!sha || !/^[0-9a-f]{40}$/.test(sha))
    throw new UsageError(`no commit sha to test (got "${sha ?? ''}"): pass --sha <40-hex sha>`);
  const repository = env.GITHUB_REPOSITORY ?? event.repository?.full_name;
  return {
    sha,
    pr,
    ref: event.pull_request
      ? `refs/pull/${event.pull_request.number}/head`
      : (event.merge_group?.head_ref ?? env.GITHUB_REF),
    repository,
    serverUrl: serverUrlOf(env),
    apiUrl: apiUrlOf(env),
    run: runOf(env, repository),
    actor: env.GITHUB_ACTOR,
  };
}
