// Source facts from the checkout: the commit built, its tree, and whether the tree is dirty; or
// that there is no checkout (then no tested tag can be earned).
import { exec } from './exec.js';

/**
 * What was checked out where the run happened: a commit (its tree, and whether the working tree
 * differs from it), or no checkout at all (no `.git`, or a repository without commits). Never a
 * placeholder sha or an assumed-clean tree.
 */
export type SourceState =
  { kind: 'commit'; sha: string; tree: string; dirty: boolean } | { kind: 'not-a-checkout' };

async function git(root: string, args: string[]): Promise<string | null> {
  const result = await exec(['git', '-C', root, ...args]).catch(() => undefined);
  return result?.code === 0 ? result.stdout.trim() : null;
}

/** `ignore` paths (relative to root, e.g. the report dir) do not make the tree dirty. */
export async function sourceState(root: string, ignore: string[] = []): Promise<SourceState> {
  const sha = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  const tree = sha ? await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{tree}']) : null;
  if (!sha || !tree) return { kind: 'not-a-checkout' };
  const status = await git(root, [
    'status',
    '--porcelain',
    '--',
    '.',
    ...ignore.map((p) => `:(exclude)${p}`),
  ]);
  return { kind: 'commit', sha, tree, dirty: status === null || status.length > 0 };
}

export async function headSha(root: string): Promise<string | null> {
  return git(root, ['rev-parse', 'HEAD']);
}

/**
 * The second parent of a commit (a merge commit's merged-in side), or null. Read from the commit
 * object itself: in a shallow clone (actions/checkout's default depth 1) `HEAD^2` does not resolve,
 * but the merge commit still names its parents.
 */
export async function secondParent(root: string, rev = 'HEAD'): Promise<string | null> {
  const commit = await git(root, ['cat-file', 'commit', rev]);
  const parents = [...(commit ?? '').split('\n\n')[0]!.matchAll(/^parent ([0-9a-f]{40,64})$/gm)].map(
    (m) => m[1]!,
  );
  return parents[1] ?? null;
}

/** The tree of a commit in the checkout at `root`, or null when the checkout does not have it. */
export async function treeOf(root: string, sha: string): Promise<string | null> {
  return git(root, ['rev-parse', '--verify', '--quiet', `${sha}^{tree}`]);
}
