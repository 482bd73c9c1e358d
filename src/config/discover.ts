// Where the CLI finds the config without --config, as git and compose find theirs: the nearest
// `.github/immutable-qa.yml` from the working directory up, not past the git top level.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../model/errors.js';
import { exec } from '../exec/exec.js';
import { DEFAULT_CONFIG_FILE } from './input.js';

/** Whether `file` exists and is a regular file. */
export async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The config file for `cwd`; a UsageError (exit 2) that says where it looked when there is none. */
export async function discoverConfig(cwd: string): Promise<string> {
  const top = await exec(['git', 'rev-parse', '--show-toplevel'], { cwd, timeoutMs: 10_000 }).then(
    (r) => (r.code === 0 && r.stdout.trim() ? path.resolve(r.stdout.trim()) : undefined),
    () => undefined,
  );
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, DEFAULT_CONFIG_FILE);
    if (await isFile(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (dir === top || parent === dir) break;
    dir = parent;
  }
  throw new UsageError(
    `no ${DEFAULT_CONFIG_FILE} in ${path.resolve(cwd)}${dir !== path.resolve(cwd) ? ` or any directory above it up to ${dir}` : ''}: ` +
      'create one (README "Config") or name it with --config FILE',
  );
}
