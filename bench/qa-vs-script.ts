// 1. The QA pipeline vs the script a workflow author would write by hand, on the same fixture.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, configFor, makeRepo } from '../__tests__/support/fixtures.js';
import { fmtMs, fmtSpread, spread, timed } from './stats.js';

const CHECKS = ['one', 'two', 'three']
  .map((n) => `  - name: ${n}\n    run: sleep 2 && wget -q -O /dev/null "$IMMUTABLE_QA_ENDPOINT_WEB"\n`)
  .join('');

// What an author writes: build + push, compose up --wait, the checks one after another, down -v.
const SCRIPT = `#!/usr/bin/env bash
set -euo pipefail
repo="$1"; meta=$(mktemp)
docker buildx build --provenance=false --push -t "$repo:pr-1" --metadata-file "$meta" . >/dev/null 2>&1
digest=$(grep -o '"containerimage.digest": *"[^"]*"' "$meta" | grep -o 'sha256:[0-9a-f]*')
export IMMUTABLE_QA_IMAGE="$repo@$digest"
docker compose -p bench-script up -d --wait >/dev/null 2>&1
export IMMUTABLE_QA_ENDPOINT_WEB="http://127.0.0.1:$(docker compose -p bench-script port web 8080 | sed 's/.*://')/"
for check in one two three; do sleep 2 && wget -q -O /dev/null "$IMMUTABLE_QA_ENDPOINT_WEB"; done
docker compose -p bench-script down -v >/dev/null 2>&1
`;

export async function qaVsScript(registry: string, pairs = 5): Promise<string> {
  const repo = makeRepo(configFor(`${registry}/bench-qa`, CHECKS), { 'by-hand.sh': SCRIPT });
  try {
    const ours: number[] = [];
    const script: number[] = [];
    const ratios: number[] = [];
    // Warm the build cache once for both, then interleave so drift in machine load hits both alike.
    execFileSync('bash', ['by-hand.sh', `${registry}/bench-script`], { cwd: repo.dir, stdio: 'ignore' });
    for (let i = 0; i < pairs; i++) {
      const a = await timed(() => cli(['qa', '--config', repo.config, '--pr', '1'], { cwd: repo.dir }));
      if (a.value.code !== 0) throw new Error(`qa failed: ${a.value.stderr}`);
      const b = await timed(async () =>
        execFileSync('bash', ['by-hand.sh', `${registry}/bench-script`], { cwd: repo.dir, stdio: 'ignore' }),
      );
      ours.push(a.ms);
      script.push(b.ms);
      ratios.push(a.ms / b.ms);
    }
    // Where the script's time goes, once, step by step.
    const steps = stepBreakdown(repo.dir, registry);
    writeFileSync(join(repo.dir, 'done'), '');
    const r = spread(ratios);
    return [
      '## 1. QA pipeline vs a hand-written script',
      'Fixture: examples/hello, three `run` checks of ~2 s each (`sleep 2 && wget` the endpoint), buildx + push to a local',
      `registry, Compose v2. ${pairs} interleaved pairs after one warm-up; build cache warm for both.`,
      '',
      '| | wall time |',
      '|---|---|',
      `| immutable-qa \`qa\` (bundled CLI) | ${fmtSpread(spread(ours))} |`,
      `| hand-written script | ${fmtSpread(spread(script))} |`,
      `| **ratio us ÷ script** | **${r.median.toFixed(2)}** (min ${r.min.toFixed(2)}, max ${r.max.toFixed(2)}) — goal ≤ 0.8: ${r.median <= 0.8 ? 'met' : 'missed'} |`,
      '',
      `Script breakdown (one run): ${steps}.`,
      'Where the difference comes from: the checks run in parallel (3 × 2 s → ~2 s), and teardown removes the',
      'containers at once instead of `compose down` waiting for each container to stop (busybox httpd as PID 1',
      'ignores SIGTERM, so `down` waits its 10 s stop timeout).',
    ].join('\n');
  } finally {
    repo.cleanup();
  }
}

function stepBreakdown(dir: string, registry: string): string {
  const t = (cmd: string): number => {
    const start = Date.now();
    execFileSync('bash', ['-c', cmd], {
      cwd: dir,
      stdio: 'ignore',
      env: { ...process.env, REPO: `${registry}/bench-script` },
    });
    return Date.now() - start;
  };
  const build = t('docker buildx build --provenance=false --push -t "$REPO:pr-1" --metadata-file m.json .');
  const digest =
    /"containerimage.digest":\s*"([^"]+)"/.exec(
      execFileSync('cat', ['m.json'], { cwd: dir, encoding: 'utf8' }),
    )?.[1] ?? '';
  process.env.IMMUTABLE_QA_IMAGE = `${registry}/bench-script@${digest}`;
  const up = t('docker compose -p bench-script up -d --wait');
  const checks = t('sleep 2; sleep 2; sleep 2');
  const down = t('docker compose -p bench-script down -v');
  delete process.env.IMMUTABLE_QA_IMAGE;
  return `build+push ${fmtMs(build)}, up --wait ${fmtMs(up)}, checks ${fmtMs(checks)}, down -v ${fmtMs(down)}`;
}
