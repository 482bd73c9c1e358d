// Bundles the three entry points with @vercel/ncc: action main, post step and CLI.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const entries = [
  ['src/index.ts', 'dist'],
  ['src/post-entry/index.ts', 'dist/post'],
  ['src/cli-entry/index.ts', 'dist/cli'],
];
rmSync('dist', { recursive: true, force: true });
for (const [entry, out] of entries) {
  execFileSync('npx', ['ncc', 'build', entry, '-o', out, '--license', 'licenses.txt', '-q', '--target', 'es2022'], { stdio: 'inherit' });
}
