// What a `run` check's process gets: its argv (bash like GitHub's `shell: bash`) and its environment.
import { checkVariables } from '../config/expand.js';
import type { Check } from './handler.js';

/** Environment of a check: the runner's, minus other steps' secrets, plus ours, plus its own env. */
export function checkEnv(check: Check, variables: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('INPUT_') || k === 'ACTIONS_RUNTIME_TOKEN' || k === 'ACTIONS_ID_TOKEN_REQUEST_TOKEN')
      continue;
    env[k] = v;
  }
  // The same expansion http and load use (expandCheck): env values against our variables only.
  return Object.assign(env, checkVariables(check, variables));
}

export function shellArgv(command: string): string[] {
  // Like GitHub's `shell: bash`: fail on the first error and inside pipelines.
  return ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', command];
}
