// Local mode (no registry host): the image lives in the local engine and its identity is the image
// ID. Labels cannot be added to an image without changing its ID, so the record sits in a file
// next to it: <root>/.immutable-qa/records/qa-<sha>.json, and the tag qa-<sha> points at the ID.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { docker } from '../exec/docker.js';
import { InfrastructureError, WriteError } from '../model/errors.js';
import { tail } from '../exec/exec.js';
import { testedTag } from '../model/record.js';

/** Where local records live: the default report dir of the repository. */
export function localStateDir(root: string): string {
  return join(root, '.immutable-qa');
}

export function localRecordPath(root: string, sha: string): string {
  return join(localStateDir(root), 'records', `${testedTag(sha)}.json`);
}

/**
 * Where a record that earns no tag (a failed verdict) is kept in local mode, one file per run:
 * <root>/.immutable-qa/records/qa-<sha>.runs/<created_at>.json. Promote reads them beside
 * localRecordPath so the latest verdict for the commit decides.
 */
export function localRunRecordsDir(root: string, sha: string): string {
  return join(localStateDir(root), 'records', `${testedTag(sha)}.runs`);
}

export function localRunRecordPath(root: string, sha: string, createdAt: string): string {
  return join(localRunRecordsDir(root, sha), `${createdAt.replace(/[^0-9A-Za-z.-]/g, '-')}.json`);
}

/** The files in a directory, or [] when it does not exist. */
export async function listIfExists(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).map((name) => join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export function localPromotionPath(root: string, sha: string): string {
  return join(localStateDir(root), 'promotions', `${sha}.json`);
}

/** Writes a record file; a failed write (full disk, permissions) is a WriteError naming the path (exit 3). */
export async function writeJson(path: string, value: unknown): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
  } catch (error) {
    throw new WriteError(path, error);
  }
}

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The image ID a local tag points to, or undefined when there is no such image. */
export async function localImageId(ref: string): Promise<string | undefined> {
  const result = await docker(['image', 'inspect', '--format', '{{.Id}}', ref]);
  if (result.code === 0) return result.stdout.trim() || undefined;
  if (/no such image|not found/i.test(result.stderr)) return undefined;
  throw new InfrastructureError(`docker image inspect ${ref} failed: ${tail(result.stderr, 3)}`);
}

/** `docker tag <id> <ref>`, unverified: for callers that check every tag afterwards (promote). */
export async function dockerTag(id: string, ref: string): Promise<void> {
  const result = await docker(['tag', id, ref]);
  if (result.code !== 0)
    throw new InfrastructureError(`docker tag ${id} ${ref} failed: ${tail(result.stderr, 3)}`);
}

/** `docker tag <id> <ref>`, then checks the tag resolves to the ID. */
export async function localTag(id: string, ref: string): Promise<void> {
  await dockerTag(id, ref);
  const resolved = await localImageId(ref);
  if (resolved !== id)
    throw new InfrastructureError(`${ref} resolves to ${resolved ?? 'nothing'} after tagging ${id}`);
}
