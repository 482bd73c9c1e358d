// 6. Bundle start on Node 24: `node dist/index.js` to its first log line vs `node -e 0`.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { ROOT } from '../__tests__/support/fixtures.js';
import { fmtSpread, spread } from './stats.js';

function firstLine(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      resolve(performance.now() - start);
    };
    child.stdout.once('data', finish);
    child.on('error', reject);
    child.on('close', finish);
  });
}

export async function bundleStart(reps = 10): Promise<string> {
  // The runners' Node: a node@24 binary from the npm registry, resolved once, then called directly.
  const { execFileSync } = await import('node:child_process');
  const node24 = execFileSync('npx', ['-y', '-p', 'node@24', '--', 'node', '-p', 'process.execPath'], {
    encoding: 'utf8',
  }).trim();
  const version = execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim();
  // No config in the workspace: run() reads its inputs, loads the bundle's modules and logs its first line.
  const env = { PATH: process.env.PATH, GITHUB_WORKSPACE: '/nonexistent', INPUT_CONFIG: 'missing.yml' };
  const bare: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < reps; i++) {
    bare.push(await firstLine([node24, '-e', '0'], env));
    ours.push(await firstLine([node24, join(ROOT, 'dist/index.js')], env));
  }
  const b = spread(bare);
  const o = spread(ours);
  return [
    `## 6. Bundle start on Node ${version}`,
    `Time from spawn to the first byte on stdout (or exit for \`node -e 0\`), ${reps} interleaved runs each.`,
    '',
    '| | time |',
    '|---|---|',
    `| \`node -e 0\` | ${fmtSpread(b)} |`,
    `| \`node dist/index.js\` to its first log line | ${fmtSpread(o)} |`,
    `| bundle's own cost (medians) | ${(o.median - b.median).toFixed(0)} ms |`,
  ].join('\n');
}
