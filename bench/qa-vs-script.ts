// 1. The QA pipeline vs the script a competent engineer writes (bench/competent-script.sh) and vs
// the physical limit, on examples/hello and on an app with a database that takes ~2 s to be healthy.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  configFor,
  DIST,
  EXAMPLE,
  localBusyboxImage,
  makeRepo,
  ROOT,
  slowDbService,
  TEST_SIGNING_KEY,
} from '../__tests__/support/fixtures.js';
import type { QaRecord } from '../src/model/record.js';
import { fmtMs, fmtSpread, spread } from './stats.js';

const CHECK = 'sleep 2 && wget -q -O /dev/null "$IMMUTABLE_QA_ENDPOINT_WEB"';
const CHECKS = ['one', 'two', 'three'].map((n) => `  - name: ${n}\n    run: ${CHECK}\n`).join('');
const DB_IMAGE = 'local/iqa-bench-db:1';

/** The realistic fixture: a db not built from the repository, healthy ~2 s after it starts. */
const WITH_DB = `services:
${slowDbService(DB_IMAGE)}  web:
    image: \${IMMUTABLE_QA_IMAGE:?run through immutable-qa}
    ports: ["8080"]
    depends_on:
      db: { condition: service_healthy }
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
      interval: 1s
      timeout: 2s
      retries: 30
`;

interface Fixture {
  name: string;
  compose: string;
  /** Services in start order (dependencies first). */
  services: string[];
}

const FIXTURES: Fixture[] = [
  {
    name: 'examples/hello (one service)',
    compose: readFileSync(join(EXAMPLE, 'compose.yml'), 'utf8'),
    services: ['web'],
  },
  {
    name: 'app + db (healthy after ~2 s, `depends_on: service_healthy`)',
    compose: WITH_DB,
    services: ['db', 'web'],
  },
];

/** Phases of one run, in ms from its start. */
interface Timing {
  wall: number;
  verdict: number;
  build: number;
  ready: number;
  checks: number;
  teardown: number;
}

const PHASES = ['build', 'ready', 'checks', 'teardown'] as const;

/** Runs argv, timing its exit and the first stdout line that matches `verdict` (its time to verdict). */
function timedRun(
  argv: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; verdict: RegExp },
): Promise<{ wall: number; verdict: number; stdout: string; stderr: string; start: number }> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const t0 = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let verdict = Number.NaN;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (Number.isNaN(verdict) && options.verdict.test(stdout)) verdict = performance.now() - t0;
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => {
      const wall = performance.now() - t0;
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ wall, verdict, stdout, stderr, start });
    });
  });
}

async function ours(dir: string, config: string, pr: number): Promise<Timing> {
  const run = await timedRun(
    [process.execPath, join(DIST, 'cli/index.js'), 'qa', '--config', config, '--pr', String(pr), '--json'],
    {
      cwd: dir,
      env: { ...process.env, IMMUTABLE_QA_SIGNING_KEY: TEST_SIGNING_KEY },
      verdict: /"verdict"/,
    },
  );
  const record = JSON.parse(run.stdout) as QaRecord;
  if (record.verdict !== 'passed') throw new Error(`qa: ${record.verdict}: ${run.stderr.slice(-2000)}`);
  const at = (iso: string): number => Date.parse(iso) - run.start;
  const phase = (name: string): { started_at: string; completed_at: string } =>
    record.phases.find((p) => p.name === name)!;
  const checksEnd = Math.max(...record.checks.map((c) => at(c.completed_at)));
  return {
    wall: run.wall,
    verdict: run.verdict,
    build: at(phase('build').completed_at),
    ready: at(phase('environment').completed_at) - at(phase('build').completed_at),
    checks: checksEnd - at(phase('environment').completed_at),
    teardown: run.wall - run.verdict,
  };
}

/** Where ours spends its start, from one run whose every docker call a wrapper timestamps. */
interface Trace {
  /** Spawn → the first docker call: node and the bundle. */
  firstCall: number;
  /** Spawn → the config validated (`compose config` of the validate project ends). */
  configured: number;
  /** Spawn → `buildx build` starts (after engine, git and the claim). */
  buildStart: number;
  /** `buildx build` ends → `compose up` of the tested image's services starts. */
  buildToUp: number;
  /** Docker CLI processes the run started. */
  calls: number;
}

async function traced(dir: string, config: string, pr: number): Promise<Trace> {
  const tmp = mkdtempSync(join(tmpdir(), 'bench-trace-'));
  const log = join(tmp, 'calls.log');
  const bin = join(tmp, 'docker');
  // Start and end in ms since the epoch, then the argv: the wrapper adds ~5 ms per call.
  writeFileSync(
    bin,
    `#!/bin/bash\ns=$(date +%s%3N)\ndocker "$@"\nrc=$?\necho "$s $(date +%s%3N) $*" >> '${log}'\nexit $rc\n`,
  );
  chmodSync(bin, 0o755);
  try {
    const start = Date.now();
    const run = await timedRun(
      [process.execPath, join(DIST, 'cli/index.js'), 'qa', '--config', config, '--pr', String(pr), '--json'],
      {
        cwd: dir,
        env: { ...process.env, IMMUTABLE_QA_SIGNING_KEY: TEST_SIGNING_KEY, IMMUTABLE_QA_DOCKER: bin },
        verdict: /"verdict"/,
      },
    );
    if ((JSON.parse(run.stdout) as QaRecord).verdict !== 'passed')
      throw new Error(`traced qa: ${run.stderr}`);
    const calls = readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [from, to, ...argv] = line.split(' ');
        return { from: Number(from) - start, to: Number(to) - start, argv: argv.join(' ') };
      })
      .sort((x, y) => x.from - y.from);
    const first = (test: (argv: string) => boolean): { from: number; to: number } => {
      const call = calls.find((c) => test(c.argv));
      if (!call) throw new Error(`traced qa: no such docker call in ${log}`);
      return call;
    };
    const build = first((a) => a.startsWith('buildx build'));
    const up = calls.filter((c) => / up /.test(c.argv) && c.argv.startsWith('compose')).at(-1)!;
    return {
      firstCall: calls[0]!.from,
      configured: first((a) => a.includes('-p iqa-validate') && a.endsWith(' config')).to,
      buildStart: build.from,
      buildToUp: up.from - build.to,
      calls: calls.length,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function script(dir: string, repository: string, project: string): Promise<Timing> {
  const run = await timedRun(['bash', 'competent-script.sh', repository, project], {
    cwd: dir,
    env: process.env,
    verdict: /^verdict /m,
  });
  const t = Object.fromEntries(
    [...run.stderr.matchAll(/^t (\w+) (\d+)$/gm)].map((m) => [m[1]!, Number(m[2]) - run.start]),
  ) as Record<string, number>;
  return {
    wall: run.wall,
    verdict: run.verdict,
    build: t.built!,
    ready: t.ready! - t.built!,
    checks: t.checked! - t.ready!,
    teardown: run.wall - run.verdict,
  };
}

/** Each part of the job alone, the fastest it goes on this machine: build, slowest service, slowest check, removal. */
async function physicalLimit(dir: string, repository: string, fixture: Fixture, n: number): Promise<Timing> {
  const sh = (cmd: string, env: NodeJS.ProcessEnv = {}): number => {
    const t0 = performance.now();
    execFileSync('bash', ['-c', cmd], { cwd: dir, stdio: 'ignore', env: { ...process.env, ...env } });
    return performance.now() - t0;
  };
  const project = 'bench-limit';
  const builds: number[] = [];
  const healthy: number[] = [];
  const checks: number[] = [];
  const removals: number[] = [];
  for (let i = 0; i < n; i++) {
    builds.push(
      sh(
        `docker buildx build --provenance=false --push -t ${repository}:limit --metadata-file m.json . >/dev/null 2>&1`,
      ),
    );
    const digest =
      /"containerimage.digest":\s*"([^"]+)"/.exec(readFileSync(join(dir, 'm.json'), 'utf8'))?.[1] ?? '';
    const env = { IMMUTABLE_QA_IMAGE: `${repository}@${digest}` };
    sh(`docker pull -q ${repository}@${digest} >/dev/null`);
    // Each service alone, its dependencies already up: the slowest one's time to healthy.
    let slowest = 0;
    for (const service of fixture.services)
      slowest = Math.max(
        slowest,
        sh(`docker compose -p ${project} up -d --wait --no-deps ${service} >/dev/null 2>&1`, env),
      );
    healthy.push(slowest);
    const port = execFileSync('docker', ['compose', '-p', project, 'port', 'web', '8080'], {
      cwd: dir,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }).trim();
    checks.push(sh(CHECK, { IMMUTABLE_QA_ENDPOINT_WEB: `http://127.0.0.1:${port.split(':').pop()}/` }));
    removals.push(
      sh(
        `docker rm -f $(docker ps -aq --filter label=com.docker.compose.project=${project}) >/dev/null && docker network rm ${project}_default >/dev/null`,
      ),
    );
  }
  const m = (xs: number[]): number => spread(xs).median;
  const [build, ready, check, teardown] = [m(builds), m(healthy), m(checks), m(removals)];
  return {
    wall: build + ready + check + teardown,
    verdict: build + ready + check,
    build,
    ready,
    checks: check,
    teardown,
  };
}

const row = (label: string, runs: Timing[]): string =>
  `| ${label} | ${fmtSpread(spread(runs.map((r) => r.wall)))} | ${fmtMs(spread(runs.map((r) => r.verdict)).median)} | ${PHASES.map((p) => fmtMs(spread(runs.map((r) => r[p])).median)).join(' | ')} |`;

async function benchFixture(
  registry: string,
  fixture: Fixture,
  index: number,
  pairs: number,
): Promise<string> {
  const repository = `${registry}/bench-qa-${index}`;
  const r = makeRepo(configFor(repository, CHECKS), { 'compose.yml': fixture.compose });
  copyFileSync(join(ROOT, 'bench/competent-script.sh'), join(r.dir, 'competent-script.sh'));
  const scriptProject = `bench-script-${index}`;
  try {
    // One warm-up of each (build cache, images), then interleaved pairs: machine drift hits both alike.
    await ours(r.dir, r.config, 900 + index);
    await script(r.dir, `${registry}/bench-script-${index}`, scriptProject);
    const a: Timing[] = [];
    const b: Timing[] = [];
    for (let i = 0; i < pairs; i++) {
      a.push(await ours(r.dir, r.config, 900 + index));
      b.push(await script(r.dir, `${registry}/bench-script-${index}`, scriptProject));
    }
    const limit = await physicalLimit(r.dir, `${registry}/bench-limit-${index}`, fixture, 3);
    const trace = await traced(r.dir, r.config, 900 + index);
    const median = (xs: Timing[], k: keyof Timing): number => spread(xs.map((x) => x[k])).median;
    const vsScript = median(a, 'wall') / median(b, 'wall');
    const vsLimit = median(a, 'wall') / limit.wall;
    const goal = index === 0 ? 1.0 : 0.8;
    const excess = PHASES.map((p) => ({ p, d: median(a, p) - limit[p] })).sort((x, y) => y.d - x.d)[0]!;
    return [
      `### ${fixture.name}`,
      '',
      '| | wall | time to verdict | build | environment ready | checks | teardown |',
      '|---|---|---|---|---|---|---|',
      row('immutable-qa `qa` (bundled CLI)', a),
      row('competent script', b),
      `| physical limit (each part alone) | ${fmtMs(limit.wall)} | ${fmtMs(limit.verdict)} | ${PHASES.map((p) => fmtMs(limit[p])).join(' | ')} |`,
      '',
      `- **ours ÷ script (wall): ${vsScript.toFixed(2)}** — goal ≤ ${goal.toFixed(1)}: ${vsScript <= goal ? 'met' : 'missed'}; time to verdict ${(median(a, 'verdict') / median(b, 'verdict')).toFixed(2)}.`,
      `- **ours ÷ physical limit (wall): ${vsLimit.toFixed(2)}** — goal ≤ 1.15: ${vsLimit <= 1.15 ? 'met' : 'missed'}; the most time over the limit is in ${excess.p} (+${fmtMs(excess.d)}).`,
      `- Ours starts (node, config, git, claim) in ${fmtMs(median(a, 'build') - limit.build)} more than the build alone takes; "build" counts from the process start.`,
      `- Where that start goes (one more run, every docker call timestamped by a wrapper that adds ~5 ms each): the first docker call ${fmtMs(trace.firstCall)} after spawn (node and the bundle), the config validated (\`compose version\`, \`compose config\`) at ${fmtMs(trace.configured)}, the build started at ${fmtMs(trace.buildStart)} (after the engine, git and the claim); from the build's end to \`compose up\` ${fmtMs(trace.buildToUp)}; ${trace.calls} docker processes in all.`,
    ].join('\n');
  } finally {
    execFileSync('docker', ['compose', '-p', scriptProject, 'down', '-v', '-t', '0'], {
      cwd: r.dir,
      stdio: 'ignore',
      env: { ...process.env, IMMUTABLE_QA_IMAGE: 'x' },
    });
    r.cleanup();
  }
}

export async function qaVsScript(registry: string, pairs = 5): Promise<string> {
  localBusyboxImage(DB_IMAGE);
  const sections: string[] = [];
  for (const [i, fixture] of FIXTURES.entries())
    sections.push(await benchFixture(registry, fixture, i, pairs));
  return [
    '## 1. QA pipeline vs the script a competent engineer writes',
    'The baseline is `bench/competent-script.sh`: `docker buildx build --push` (digest from the metadata file),',
    '`docker compose up -d --wait`, the three checks in parallel (`&` and `wait`), the verdict, `compose down -v -t 0`.',
    'Ours is the bundled CLI (`qa --json`, registry mode: push, signed record on the digest), three `run` checks',
    `\`${CHECK}\`. ${pairs} interleaved pairs after one warm-up of each; build cache warm for all. Time to verdict:`,
    'ours, the first byte of `--json` (printed once the record is on the registry, before teardown); the script,',
    'its `verdict` line. Phases are medians in ms from the process start: build (ours: with node start, config and',
    'claim), environment ready (ours: the build end to the environment phase end), checks, teardown (verdict to exit).',
    'The physical limit is each part measured alone, median of 3: the cached build and push, the slowest service',
    '`compose up -d --wait --no-deps` with its dependencies already up, one check, and `docker rm -f` of the',
    'containers plus the network; summed, since one after the other is the fastest a run could go without overlap.',
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
}
