// Bundles the entry points with @vercel/ncc: action main, post step, CLI, and the promote,
// teardown and report sub-actions. Builds into a temporary folder and swaps it in, so a failed build never
// leaves dist/ half-written or missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const entries = [
  ['src/entries/main.ts', ''],
  ['src/entries/post.ts', 'post'],
  ['src/entries/cli.ts', 'cli'],
  ['src/entries/promote.ts', 'promote'],
  ['src/entries/teardown.ts', 'teardown'],
  ['src/entries/report.ts', 'report'],
];
const tmp = mkdtempSync('.dist-');
try {
  for (const [entry, out] of entries) {
    execFileSync('npx', ['ncc', 'build', entry, '-o', join(tmp, out), '--license', 'licenses.txt', '-q', '--target', 'es2022'], {
      stdio: 'inherit',
    });
  }
  rmSync('dist', { recursive: true, force: true });
  renameSync(tmp, 'dist');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
