// 4. Ten PR environments at once on one host vs one alone: time to ready and port conflicts, with
// the engine's own events splitting each environment's time to ready into phases.
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { cli, configFor, makeRepo } from '../__tests__/support/fixtures.js';
import { removeByLabel } from '../src/environment/compose.js';
import type { QaRecord } from '../src/model/record.js';
import { fmtMs, fmtSpread, spread } from './stats.js';

const CHECKS = `  - name: page\n    run: wget -q -O /dev/null "$IMMUTABLE_QA_ENDPOINT_WEB"\n`;

async function run(config: string, dir: string, pr: number): Promise<QaRecord> {
  const result = await cli(
    ['qa', '--config', config, '--pr', String(pr), '--keep', '--json', '--report-dir', `${dir}/.iqa-${pr}`],
    { cwd: dir },
  );
  if (result.code !== 0) throw new Error(`qa --pr ${pr} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as QaRecord;
}

const envPhase = (r: QaRecord): { start: number; end: number } => {
  const env = r.phases.find((p) => p.name === 'environment')!;
  return { start: Date.parse(env.started_at), end: Date.parse(env.completed_at) };
};
const readyMs = (r: QaRecord): number => envPhase(r).end - envPhase(r).start;

interface EngineEvent {
  Action: string;
  Actor: { Attributes: Record<string, string> };
  timeNano: number;
}

/** Streams the engine's container events until stopped (its buffer is too small to ask afterwards). */
async function watchEvents(): Promise<() => Promise<EngineEvent[]>> {
  const child = spawn('docker', ['events', '--format', '{{json .}}', '--filter', 'type=container'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 500)); // subscribed before anything starts
  return async () => {
    child.kill('SIGTERM');
    await closed;
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as EngineEvent);
  };
}

const PHASES = [
  'start of phase → container created (compose: project, network, create)',
  'created → started',
  'started → healthy (first healthcheck passes; interval 1 s)',
  'healthy → ready (the engine event wakes readiness: one inspect for state, ports and network)',
] as const;

/** Each environment's time to ready split at the engine's create, start and healthy events. */
function phasesOf(r: QaRecord, events: EngineEvent[]): number[] {
  const mine = events.filter(
    (e) => e.Actor.Attributes['com.docker.compose.project'] === r.environment.project,
  );
  const at = (action: string): number => {
    const e = mine.find((x) => x.Action === action);
    if (!e) throw new Error(`no '${action}' event for ${r.environment.project}`);
    return e.timeNano / 1e6;
  };
  const { start, end } = envPhase(r);
  const created = at('create');
  const started = at('start');
  const healthy = at('health_status: healthy');
  return [created - start, started - created, healthy - started, end - healthy];
}

export async function environments(n = 10, alone = 3): Promise<string> {
  const repo = makeRepo(configFor('bench-envs', CHECKS));
  const projects: string[] = [];
  try {
    const single: number[] = [];
    const singlePhases: number[][] = [];
    for (let i = 0; i < alone; i++) {
      const stop = await watchEvents();
      const r = await run(repo.config, repo.dir, 500 + i);
      projects.push(r.environment.project);
      single.push(readyMs(r));
      singlePhases.push(phasesOf(r, await stop()));
      await removeByLabel(r.environment.project);
    }
    const stop = await watchEvents();
    const records = await Promise.all(
      Array.from({ length: n }, (_, i) => run(repo.config, repo.dir, 600 + i)),
    );
    const events = await stop();
    const manyPhases = records.map((r) => phasesOf(r, events));
    projects.push(...records.map((r) => r.environment.project));
    const many = records.map(readyMs);
    const urls = records.map((r) => r.environment.endpoints.web);
    const conflicts = urls.length - new Set(urls).size;
    const ratio = spread(many).median / spread(single).median;
    const column = (rows: number[][], i: number): number => spread(rows.map((row) => row[i]!)).median;
    const grown = PHASES.map((name, i) => ({
      name,
      alone: column(singlePhases, i),
      many: column(manyPhases, i),
    }));
    const worst = [...grown].sort((a, b) => b.many - b.alone - (a.many - a.alone))[0]!;
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
      `Where the time goes (medians per environment, split at the engine's container events from \`docker events\`):`,
      '',
      `| phase | one alone | each of ${n} at once |`,
      '|---|---|---|',
      ...grown.map((g) => `| ${g.name} | ${fmtMs(g.alone)} | ${fmtMs(g.many)} |`),
      '',
      ratio > 2
        ? `What bounds it: most of the growth is in "${worst.name}" (${fmtMs(worst.alone)} → ${fmtMs(worst.many)}): ` +
          `${n} QA runs (cached build, Compose, healthchecks, readiness polls) share ${cpus().length} cores and one engine.`
        : '',
    ].join('\n');
  } finally {
    for (const p of projects) await removeByLabel(p);
    repo.cleanup();
  }
}
