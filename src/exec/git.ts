// Source facts from the checkout: commit built, its tree, and whether the tree is dirty.
import { exec } from './exec.js';

export interface SourceState {
  checkoutSha: string | null;
  tree: string | null;
  dirty: boolean;
}

async function git(root: string, args: string[]): Promise<string | null> {
  const result = await exec(['git', '-C', root, ...args]).catch(() => undefined);
  return result?.code === 0 ? result.stdout.trim() : null;
}

/** `ignore` paths (relative to root, e.g. the report dir) do not make the tree dirty. */
export async function sourceState(root: string, ignore: string[] = []): Promise<SourceState> {
  const checkoutSha = await git(root, ['rev-parse', 'HEAD']);
  if (!checkoutSha) return { checkoutSha: null, tree: null, dirty: false };
  const tree = await git(root, ['rev-parse', 'HEAD^{tree}']);
  const status = await git(root, [
    'status',
    '--porcelain',
    '--',
    '.',
    ...ignore.map((p) => `:(exclude)${p}`),
  ]);
  return { checkoutSha, tree, dirty: status === null || status.length > 0 };
}

export async function headSha(root: string): Promise<string | null> {
  return git(root, ['rev-parse', 'HEAD']);
}

/** The tree of a commit in the checkout at `root`, or null when the checkout does not have it. */
export async function treeOf(root: string, sha: string): Promise<string | null> {
  return git(root, ['rev-parse', '--verify', '--quiet', `${sha}^{tree}`]);
}
