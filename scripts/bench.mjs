// `npm run bench`: compiles the benchmarks with the test support they reuse, then runs them.
// Not part of the test command; writes BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';

const out = 'build/bench';
rmSync(out, { recursive: true, force: true });
execFileSync('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit', 'false', '--outDir', out], { stdio: 'inherit' });
copyFileSync('__tests__/support/github-openapi-subset.json', `${out}/__tests__/support/github-openapi-subset.json`);
execFileSync('npm', ['run', '-s', 'bundle'], { stdio: 'inherit' });
execFileSync(process.execPath, [`${out}/bench/run.js`, ...process.argv.slice(2)], { stdio: 'inherit' });
