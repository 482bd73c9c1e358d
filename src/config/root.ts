// The repository root a config belongs to: every path in the config (context, dockerfile, compose,
// reports) is relative to it (DESIGN.md "Config"). The only part of loading that runs a process.
import path from 'node:path';
import { exec } from '../exec/exec.js';

/**
 * The repository root for a config file: the parent of `.github` when the file sits in a `.github`
 * directory, else the git top level of the file's directory, else that directory.
 */
export async function findRoot(configFile: string): Promise<string> {
  const dir = path.dirname(path.resolve(configFile));
  if (path.basename(dir) === '.github') return path.dirname(dir);
  try {
    const result = await exec(['git', 'rev-parse', '--show-toplevel'], { cwd: dir, timeoutMs: 10_000 });
    const top = result.stdout.trim();
    if (result.code === 0 && top) return top;
  } catch {
    // no git: fall through
  }
  return dir;
}
