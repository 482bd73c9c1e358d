// A run's private directory (pipeline/run-claim.ts): `<tmp>/iqa-run-<run id>-XXXXXX`, mode 0700,
// holding the files the run generates (the labels override compose reads, the checks' Docker config). The run removes it when it
// ends; a run that never ended (killed, a runner that died) leaves it, and its containers name it in
// the label io.immutable-qa.run-dir, so whoever removes the environment (teardown, the replace step
// of a newer run, the post step) removes the directory too. A label is only a hint: what is removed
// must be a directory of that form, for that run, owned by this user, holding only our files.
import { lstat, readdir, rmdir, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LABEL, RUN_ID } from './project.js';

const PREFIX = 'iqa-run-';
/** What a run writes in its directory: the labels override (compose-args.ts labelsFilePath)… */
const OWN_FILE = /^[a-z0-9-]+\.immutable-qa\.labels\.yml$/;
/**
 * …and the checks' Docker config (checks/env.ts checkDockerConfig): config.json, and links to the
 * runner's cli-plugins and contexts, which are unlinked, never followed.
 */
const DOCKER_CONFIG = 'docker-config';
const DOCKER_CONFIG_FILES = new Set(['config.json']);
const DOCKER_CONFIG_LINKS = new Set(['cli-plugins', 'contexts']);

/** The mkdtemp prefix of a run's directory (mkdtemp appends 6 characters). */
export function runDirPrefix(run: string): string {
  return `${PREFIX}${run}-`;
}

/** A run's directory as labelled on its containers (pure): the run id and the path, when both are well formed. */
export function labelledRunDir(labels: Readonly<Record<string, string>> | null): RunDir | undefined {
  const run = labels?.[LABEL.run];
  const dir = labels?.[LABEL.runDir];
  if (run === undefined || dir === undefined || !RUN_ID.test(run) || !isRunDir(run, dir)) return undefined;
  return { run, dir };
}

/** Whether `dir` is named as the directory of `run` (pure): absolute, `iqa-run-<run>-XXXXXX`. */
export function isRunDir(run: string, dir: string): boolean {
  const base = path.basename(dir);
  return (
    path.isAbsolute(dir) &&
    path.normalize(dir) === dir &&
    base.startsWith(runDirPrefix(run)) &&
    /^[A-Za-z0-9]{6}$/.test(base.slice(runDirPrefix(run).length))
  );
}

/** The directories of `run` in `parent` (default: this machine's temp directory), by name. */
export async function findRunDirs(run: string, parent = tmpdir()): Promise<string[]> {
  if (!RUN_ID.test(run)) return [];
  const names = await readdir(parent).catch(() => [] as string[]);
  return names.map((n) => path.join(parent, n)).filter((dir) => isRunDir(run, dir));
}

export type RunDirRemoval = 'removed' | 'absent' | { kept: string };

/**
 * Removes the directory of `run`: only when it is one (isRunDir), a real directory (not a link)
 * owned by this user, and holds nothing but the files a run writes; anything else stays, with why.
 */
export async function removeRunDir(run: string, dir: string): Promise<RunDirRemoval> {
  if (!RUN_ID.test(run) || !isRunDir(run, dir)) return { kept: 'not the directory of a run' };
  const stats = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!stats) return 'absent';
  if (!stats.isDirectory()) return { kept: 'not a directory' };
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) return { kept: `owned by uid ${stats.uid}, not ${uid}` };
  const entries = await readdir(dir, { withFileTypes: true });
  const docker = entries.find((e) => e.name === DOCKER_CONFIG && e.isDirectory());
  const inDocker = docker ? await readdir(path.join(dir, DOCKER_CONFIG), { withFileTypes: true }) : [];
  const foreign =
    entries.find((e) => e !== docker && !(e.isFile() && OWN_FILE.test(e.name))) ??
    inDocker.find(
      (e) =>
        !(e.isFile() && DOCKER_CONFIG_FILES.has(e.name)) &&
        !(e.isSymbolicLink() && DOCKER_CONFIG_LINKS.has(e.name)),
    );
  if (foreign)
    return {
      kept: `it holds ${inDocker.includes(foreign) ? `${DOCKER_CONFIG}/` : ''}${foreign.name}, which immutable-qa did not write`,
    };
  for (const entry of inDocker) await unlink(path.join(dir, DOCKER_CONFIG, entry.name)).catch(ignoreGone);
  if (docker) await rmdir(path.join(dir, DOCKER_CONFIG)).catch(ignoreGone);
  for (const entry of entries)
    if (entry !== docker) await unlink(path.join(dir, entry.name)).catch(ignoreGone);
  await rmdir(dir).catch(ignoreGone);
  return 'removed';
}

function ignoreGone(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

export interface RunDir {
  run: string;
  dir: string;
}

/**
 * Removes the directories (each once) as removeRunDir() decides; returns those removed, and those
 * that stayed with why. Never throws: a directory that cannot be removed is reported, not fatal.
 */
export async function removeRunDirs(
  dirs: readonly RunDir[],
): Promise<{ removed: string[]; kept: Array<{ dir: string; reason: string }> }> {
  const unique = new Map(dirs.map((d) => [d.dir, d.run]));
  const removed: string[] = [];
  const kept: Array<{ dir: string; reason: string }> = [];
  for (const [dir, run] of unique) {
    const outcome = await removeRunDir(run, dir).catch((error: unknown) => ({
      kept: error instanceof Error ? error.message : String(error),
    }));
    if (outcome === 'removed') removed.push(dir);
    else if (outcome !== 'absent') kept.push({ dir, reason: outcome.kept });
  }
  return { removed, kept };
}
