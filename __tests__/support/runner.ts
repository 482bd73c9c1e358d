// Runs the bundle the way the Actions runner does: INPUT_* and GITHUB_* variables, files for
// outputs/state/summary, then the post step with the state the main step saved.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, readOutputs, runNode, TEST_SIGNING_KEY, type ProcResult, type Repo } from './fixtures.js';

export interface RunnerOptions {
  event: string;
  eventName?: string;
  inputs?: Record<string, string>;
  apiUrl?: string;
  repository?: string;
  sha?: string;
}

export function runnerEnv(r: Repo, options: RunnerOptions): NodeJS.ProcessEnv {
  for (const f of ['output', 'state', 'summary']) writeFileSync(join(r.dir, `${f}.txt`), '');
  const repository = options.repository ?? 'acme/hello';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: r.dir,
    GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: options.event,
    GITHUB_REPOSITORY: repository,
    GITHUB_SHA: options.sha ?? 'f'.repeat(40), // on pull_request: the synthetic merge commit, never the tested sha
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_RUN_ID: '1234',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.apiUrl ?? 'http://127.0.0.1:9/unreachable',
    GITHUB_OUTPUT: join(r.dir, 'output.txt'),
    GITHUB_STATE: join(r.dir, 'state.txt'),
    GITHUB_STEP_SUMMARY: join(r.dir, 'summary.txt'),
    RUNNER_TEMP: tmpdir(),
  };
  // Registry-mode fixtures sign with the test key (record.signing: key), as a secret would pass it.
  const inputs = { 'signing-key': TEST_SIGNING_KEY, ...options.inputs };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return env;
}

export function runMain(r: Repo, env: NodeJS.ProcessEnv, node?: string[]): ReturnType<typeof runNode> {
  return runNode([join(DIST, 'index.js')], { cwd: r.dir, env, node });
}

/** The post step gets the saved state as STATE_<name>, as the runner passes it. */
export function runPost(r: Repo, env: NodeJS.ProcessEnv): Promise<ProcResult> {
  const saved = readOutputs(join(r.dir, 'state.txt'));
  const stateEnv = Object.fromEntries(Object.entries(saved).map(([k, v]) => [`STATE_${k}`, v]));
  return runNode([join(DIST, 'post/index.js')], { cwd: r.dir, env: { ...env, ...stateEnv } });
}

export function outputs(r: Repo): Record<string, string> {
  return readOutputs(join(r.dir, 'output.txt'));
}

export function summary(r: Repo): string {
  return readFileSync(join(r.dir, 'summary.txt'), 'utf8');
}
