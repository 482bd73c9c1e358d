// Docker CLI access: one binary, one env, every call goes through exec().
import { exec, execChecked, type ExecOptions, type ExecResult } from './exec.js';

export function dockerBin(): string {
  return process.env.IMMUTABLE_QA_DOCKER ?? 'docker';
}

export function docker(args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  return exec([dockerBin(), ...args], options);
}

export function dockerChecked(args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  return execChecked([dockerBin(), ...args], options);
}

/** Whether a CLI plugin (buildx, compose) answers. Overridable for forcing a path. */
export async function hasPlugin(name: 'buildx' | 'compose'): Promise<boolean> {
  const forced = process.env[name === 'buildx' ? 'IMMUTABLE_QA_BUILDER' : 'IMMUTABLE_QA_COMPOSE'];
  if (forced) return forced === (name === 'buildx' ? 'buildx' : 'v2');
  const result = await docker([name, 'version']).catch(() => undefined);
  return result?.code === 0;
}
