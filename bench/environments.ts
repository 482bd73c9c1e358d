// 4. Ten PR environments at once on one host vs one alone: time to ready and port conflicts.
import { cli, configFor, makeRepo } from '../__tests__/support/fixtures.js';
import { removeByLabel } from '../src/environment/compose.js';
import type { QaRecord } from '../src/record/record.js';
import { fmtSpread, spread } from './stats.js';

const CHECKS = `  - name: page\n    run: wget -q -O /dev/null "$IMMUTABLE_QA_ENDPOINT_WEB"\n`;

async function run(config: string, dir: string, pr: number): Promise<QaRecord> {
  const result = await cli(
    ['qa', '--config', config, '--pr', String(pr), '--keep', '--json', '--report-dir', `${dir}/.iqa-${pr}`],
    { cwd: dir },
  );
  if (result.code !== 0) throw new Error(`qa --pr ${pr} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as QaRecord;
}

const readyMs = (r: QaRecord): number => {
  const env = r.phases.find((p) => p.name === 'environment')!;
  return Date.parse(env.completed_at) - Date.parse(env.started_at);
};

export async function environments(n = 10, alone = 3): Promise<string> {
  const repo = makeRepo(configFor('bench-envs', CHECKS));
  const projects: string[] = [];
  try {
    const single: number[] = [];
    for (let i = 0; i < alone; i++) {
      const r = await run(repo.config, repo.dir, 500 + i);
      projects.push(r.environment.project);
      single.push(readyMs(r));
      await removeByLabel(r.environment.project);
    }
    const records = await Promise.all(
      Array.from({ length: n }, (_, i) => run(repo.config, repo.dir, 600 + i)),
    );
    projects.push(...records.map((r) => r.environment.project));
    const many = records.map(readyMs);
    const urls = records.map((r) => r.environment.endpoints.web);
    const conflicts = urls.length - new Set(urls).size;
    const ratio = spread(many).median / spread(single).median;
    return [
      `## 4. ${n} PR environments at once`,
      `\`qa --keep\` for ${n} PRs started together (bundled CLI, local mode, examples/hello), environment phase`,
      '(compose up → every healthcheck healthy → ports resolved) timed from each QA record; "alone" is the same',
      `run with nothing else going on, ${alone} times.`,
      '',
      '| | time to ready |',
      '|---|---|',
      `| one alone | ${fmtSpread(spread(single))} |`,
      `| each of ${n} at once | ${fmtSpread(spread(many))} |`,
      `| **ratio (medians)** | **${ratio.toFixed(2)}** — goal ≤ 2: ${ratio <= 2 ? 'met' : 'missed'} |`,
      `| port conflicts | **${conflicts}** of ${n} endpoints (goal 0) |`,
      '',
      ratio > 2
        ? `What bounds it: ${n} concurrent builds, compose runs and healthcheck polls share 2 cores; the engine serializes container creation.`
        : '',
    ].join('\n');
  } finally {
    for (const p of projects) await removeByLabel(p);
    repo.cleanup();
  }
}
