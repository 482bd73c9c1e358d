// Issue 14 on the real engine and Compose: services that do not need the tested image start while
// it builds (engine events order), readiness wakes on the engine's events instead of polling, the
// verdict is out before the containers are removed, and SIGTERM at any of these points leaves nothing.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { EnvironmentSpec } from '../../src/environment/backend.js';
import { ComposeBackend, leftovers, removeByLabel } from '../../src/environment/compose.js';
import { claimProject, releaseClaims } from '../../src/environment/claim.js';
import { LABEL, runId } from '../../src/environment/project.js';
import { memoryLogger } from '../../src/model/log.js';
import type { QaRecord } from '../../src/model/record.js';
import { claimRun } from '../../src/pipeline/run-claim.js';
import {
  configFor,
  DIST,
  localBusyboxImage,
  makeRepo,
  slowDbService,
  TEST_SIGNING_KEY,
  type Repo,
} from '../support/fixtures.js';
import { cleanEnv } from '../support/promotion.js';

const DB_IMAGE = 'local/iqa-events-db:1';
const scratch = mkdtempSync(join(tmpdir(), 'iqa-events-'));
const repos: Repo[] = [];
const projects: string[] = [];

beforeAll(() => localBusyboxImage(DB_IMAGE));
afterAll(async () => {
  for (const p of projects) await removeByLabel(p);
  for (const r of repos) r.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** A db that turns healthy ~2 s after it starts, as Postgres does, from no image of the repository. */
const DB = slowDbService(DB_IMAGE, '300ms');

const COMPOSE = `services:
${DB}  web:
    image: \${IMMUTABLE_QA_IMAGE}
    ports: ["8080"]
    depends_on:
      db: { condition: service_healthy }
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
      interval: 300ms
      timeout: 2s
      retries: 60
`;

/** examples/hello's image with a step of `seconds` that no cache has (a fresh file before it). */
const slowDockerfile = (seconds: number): string => `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
COPY bust.txt /bust.txt
RUN ["sleep", "${seconds}"]
COPY www /www
EXPOSE 8080
USER 65534
CMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"]
`;

function slowRepo(seconds: number, compose = COMPOSE): Repo {
  const r = makeRepo(
    configFor(`iqa-events-${randomBytes(3).toString('hex')}`, '  - name: page\n    run: sh tests/smoke.sh\n'),
    {
      'compose.yml': compose,
      Dockerfile: slowDockerfile(seconds),
      'bust.txt': randomBytes(16).toString('hex'),
    },
  );
  repos.push(r);
  return r;
}

interface EngineEvent {
  Action: string;
  id: string;
  timeNano: number;
  Actor: { Attributes: Record<string, string> };
}

/** The engine's container events of containers whose compose project directory is `dir`. */
function watchEvents(dir: string): { stop: () => Promise<EngineEvent[]> } {
  const child = spawn(
    'docker',
    [
      'events',
      '--format',
      '{{json .}}',
      '--filter',
      'type=container',
      '--filter',
      `label=com.docker.compose.project.working_dir=${dir}`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    stop: async () => {
      await new Promise((r) => setTimeout(r, 300)); // the last events still in flight
      child.kill('SIGTERM');
      await closed;
      return out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as EngineEvent)
        .filter((e) => !e.Action.startsWith('exec_'));
    },
  };
}

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves once stderr contains `text`. */
  printed: (text: string) => Promise<void>;
}

function startQa(r: Repo, args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(
    process.execPath,
    [join(DIST, 'cli/index.js'), 'qa', '--config', r.config, '--json', ...args],
    {
      cwd: r.dir,
      env: cleanEnv({ IMMUTABLE_QA_SIGNING_KEY: TEST_SIGNING_KEY, ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    for (const w of waiters.filter((x) => stderr.includes(x.text))) w.resolve();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    printed: (text) =>
      stderr.includes(text)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ text, resolve });
            void exited.then(() => reject(new Error(`exited without printing "${text}":\n${stderr}`)));
          }),
  };
}

const recordOf = (r: Repo): QaRecord =>
  JSON.parse(readFileSync(join(r.dir, '.immutable-qa/qa-record.json'), 'utf8')) as QaRecord;

test('the db starts while the image builds and is the same container when the app starts (engine events order)', async () => {
  const r = slowRepo(5);
  const events = watchEvents(r.dir);
  const run = startQa(r, ['--pr', '71']);
  const code = await run.exited;
  const seen = await events.stop();
  const record = JSON.parse(run.stdout()) as QaRecord;
  projects.push(record.environment.project);
  expect({ code, stderr: code === 0 ? '' : run.stderr() }).toEqual({ code: 0, stderr: '' });
  const built = Date.parse(record.phases.find((p) => p.name === 'build')!.completed_at);
  const at = (service: string, action: string): number[] =>
    seen
      .filter((e) => e.Actor.Attributes['com.docker.compose.service'] === service && e.Action === action)
      .map((e) => e.timeNano / 1e6);
  // Running, and healthy, before the 5 s build step ended; the app only once the digest was known.
  expect(at('db', 'start')[0]).toBeLessThan(built);
  expect(at('db', 'health_status: healthy')[0]).toBeLessThan(built);
  expect(at('web', 'create')[0]).toBeGreaterThan(built);
  // Created once: the second `compose up` left it as it was.
  expect(at('db', 'create')).toHaveLength(1);
  expect(record.phases.find((p) => p.name === 'environment')!.summary).toContain(
    'db started during the build',
  );
  expect(await leftovers(record.environment.project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
});

test('with nothing to start before the image, a new commit still replaces the PR environment while it builds', async () => {
  const r = slowRepo(0, `services:\n  web:\n    image: \${IMMUTABLE_QA_IMAGE}\n    ports: ["8080"]\n`);
  const first = startQa(r, ['--pr', '76', '--keep']);
  expect(await first.exited).toBe(0);
  const kept = JSON.parse(first.stdout()) as QaRecord;
  projects.push(kept.environment.project);
  // The PR's next commit: a fresh 5 s build step, the same project.
  writeFileSync(join(r.dir, 'Dockerfile'), slowDockerfile(5));
  writeFileSync(join(r.dir, 'bust.txt'), randomBytes(16).toString('hex'));
  execFileSync('git', ['-C', r.dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'next']);
  const events = watchEvents(r.dir);
  const run = startQa(r, ['--pr', '76']);
  const code = await run.exited;
  const seen = await events.stop();
  expect({ code, stderr: code === 0 ? '' : run.stderr() }).toEqual({ code: 0, stderr: '' });
  const record = JSON.parse(run.stdout()) as QaRecord;
  expect(record.environment.project).toBe(kept.environment.project);
  const build = record.phases.find((p) => p.name === 'build')!;
  const destroyed = seen.filter((e) => e.Action === 'destroy').map((e) => e.timeNano / 1e6);
  const created = seen.filter((e) => e.Action === 'create').map((e) => e.timeNano / 1e6);
  // The kept web container went while the image built; the new one came once the digest was known.
  expect(destroyed[0]).toBeLessThan(Date.parse(build.completed_at));
  expect(created).toHaveLength(1);
  expect(created[0]).toBeGreaterThan(Date.parse(build.completed_at));
  expect(await leftovers(record.environment.project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
});

test('SIGTERM during the build, with the db already running: nothing is left', async () => {
  const r = slowRepo(20);
  const run = startQa(r, ['--pr', '72']);
  await run.printed('started db while the image builds');
  run.child.kill('SIGTERM');
  expect(await run.exited).toBe(143);
  const record = recordOf(r);
  // A cancelled run's verdict is failed; its build says why.
  expect(record.verdict).toBe('failed');
  expect(record.phases.find((p) => p.name === 'build')!.conclusion).toBe('cancelled');
  expect(await leftovers(record.environment.project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
});

test('SIGTERM while waiting for readiness: nothing is left', async () => {
  // web never turns healthy: the run is in ready() until the signal.
  const r = slowRepo(
    0,
    `services:\n${DB}  web:\n    image: \${IMMUTABLE_QA_IMAGE}\n    ports: ["8080"]\n    healthcheck:\n      test: ["CMD", "false"]\n      interval: 300ms\n      retries: 1000\n`,
  );
  const run = startQa(r, ['--pr', '73']);
  await run.printed('started db while the image builds');
  // Both containers up: compose up is done, readiness is waiting.
  for (let i = 0; i < 100; i++) {
    const ids = await psIds(r.dir);
    if (ids.length === 2) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  expect(await psIds(r.dir)).toHaveLength(2);
  run.child.kill('SIGTERM');
  expect(await run.exited).toBe(143);
  expect(await leftovers(recordOf(r).environment.project)).toEqual({
    containers: 0,
    networks: 0,
    volumes: 0,
  });
});

async function psIds(dir: string): Promise<string[]> {
  const out = await new Promise<string>((resolve) => {
    const c = spawn('docker', [
      'ps',
      '-q',
      '--filter',
      `label=com.docker.compose.project.working_dir=${dir}`,
      '--filter',
      'status=running',
    ]);
    let s = '';
    c.stdout.on('data', (b: Buffer) => (s += b.toString()));
    c.on('close', () => resolve(s));
  });
  return out.split('\n').filter(Boolean);
}

/** A docker CLI that holds `rm --force` (teardown) until the gate file exists, and logs every argv. */
function gatedDocker(): { bin: string; gate: string; log: string } {
  const dir = mkdtempSync(join(scratch, 'docker-'));
  const gate = join(dir, 'gate');
  const log = join(dir, 'argv.log');
  const bin = join(dir, 'docker');
  writeFileSync(
    bin,
    `#!/bin/sh\necho "$*" >> '${log}'\nif [ "$1" = rm ] && [ "$2" = --force ]; then\n  while [ ! -e '${gate}' ]; do sleep 0.05; done\nfi\nexec docker "$@"\n`,
  );
  chmodSync(bin, 0o755);
  return { bin, gate, log };
}

describe('the verdict is out before teardown', () => {
  test('--json is printed while the containers still run; the process exits after teardown', async () => {
    const r = slowRepo(0);
    const docker = gatedDocker();
    const run = startQa(r, ['--pr', '74'], { IMMUTABLE_QA_DOCKER: docker.bin });
    // Until the record is on stdout, teardown cannot have run: the gate holds its `rm` (a run that
    // printed only after teardown would never print while it is closed).
    const record = await new Promise<QaRecord | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 90_000);
      run.child.stdout!.on('data', () => {
        try {
          const parsed = JSON.parse(run.stdout()) as QaRecord;
          clearTimeout(timer);
          resolve(parsed);
        } catch {
          // not all of it yet
        }
      });
      void run.exited.then(() => resolve(undefined));
    });
    const running = await psIds(r.dir);
    writeFileSync(docker.gate, '');
    const code = await run.exited;
    expect(record?.verdict).toBe('passed');
    expect(running).toHaveLength(2);
    expect(code).toBe(0);
    expect(await leftovers(record!.environment.project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test('SIGTERM after the verdict, during teardown: teardown finishes, nothing is left, exit 143', async () => {
    const r = slowRepo(0);
    const docker = gatedDocker();
    const run = startQa(r, ['--pr', '75'], { IMMUTABLE_QA_DOCKER: docker.bin });
    await run.printed('── Teardown');
    // Held in its `rm` by the gate: the verdict is out, the containers still run.
    for (
      let i = 0;
      i < 100 && !(existsSync(docker.log) && readFileSync(docker.log, 'utf8').includes('rm --force'));
      i++
    )
      await new Promise((res) => setTimeout(res, 100));
    expect((JSON.parse(run.stdout()) as QaRecord).verdict).toBe('passed');
    run.child.kill('SIGTERM');
    await new Promise((res) => setTimeout(res, 300));
    writeFileSync(docker.gate, '');
    expect(await run.exited).toBe(143);
    expect(await leftovers(recordOf(r).environment.project)).toEqual({
      containers: 0,
      networks: 0,
      volumes: 0,
    });
  });
});

describe('readiness wakes on engine events, not a poll (in-process backend)', () => {
  const logged = gatedDocker();
  writeFileSync(logged.gate, ''); // nothing held: only the argv log is wanted
  const inspects = (): number =>
    existsSync(logged.log)
      ? readFileSync(logged.log, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('inspect ')).length
      : 0;
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.IMMUTABLE_QA_DOCKER;
    process.env.IMMUTABLE_QA_DOCKER = logged.bin;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.IMMUTABLE_QA_DOCKER;
    else process.env.IMMUTABLE_QA_DOCKER = saved;
  });

  const service = (command: string, healthcheck = ''): string =>
    `services:\n  app:\n    image: ${DB_IMAGE}\n    command: ["/bin/busybox", "sh", "-c", "${command}"]\n${healthcheck}`;

  async function readyOf(compose: string): Promise<{ ready: boolean; reason?: string; inspects: number }> {
    const root = mkdtempSync(join(scratch, 'env-'));
    writeFileSync(join(root, 'compose.yml'), compose);
    const spec: EnvironmentSpec = {
      project: `iqa-events-${randomBytes(4).toString('hex')}`,
      root,
      composeFiles: ['compose.yml'],
      variables: {},
      labels: {},
      run: { id: randomBytes(6).toString('hex'), dir: root },
    };
    projects.push(spec.project);
    const backend = new ComposeBackend('v2');
    await backend.up(spec);
    const before = inspects();
    try {
      const outcome = await backend.ready(spec, 30_000);
      return {
        ready: outcome.ready,
        ...(outcome.reason ? { reason: outcome.reason } : {}),
        inspects: inspects() - before,
      };
    } finally {
      await backend.down(spec);
    }
  }

  test('a run watches its claim on volume events: an idle run lists nothing, a newer claim replaces it at once', async () => {
    const project = `iqa-events-claim-${randomBytes(4).toString('hex')}`;
    const listings = (): number =>
      readFileSync(logged.log, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('volume ls') && l.includes(`${LABEL.claim}=${project}`)).length;
    const claim = await claimRun({
      project,
      repository: 'test/claims',
      logger: memoryLogger(),
      signal: new AbortController().signal,
    });
    const newer = runId(new Date(Date.now() + 60_000), 'ffffffff');
    try {
      const before = listings();
      await new Promise((r) => setTimeout(r, 3000));
      // A 1 s poll would have listed 3 times.
      expect(listings() - before).toBe(0);
      const claimed = Date.now();
      await claimProject(project, newer, { repository: 'test/claims' });
      while (!claim.signal.aborted && Date.now() - claimed < 10_000)
        await new Promise((r) => setTimeout(r, 50));
      // Well before the 5 s safety poll: the volume's create event woke the watch.
      expect(Date.now() - claimed).toBeLessThan(2000);
      expect(claim.replacedBy()).toBe(newer);
    } finally {
      await claim.close();
      await releaseClaims([newer]);
    }
  });

  // A 500 ms poll would inspect 6+ times over these 3 s; one inspect per event is 1-3.
  test('healthy after 3 s: ready with one inspect per health change', async () => {
    const outcome = await readyOf(
      service(
        '/bin/busybox sleep 3; /bin/busybox touch /ready; exec /bin/busybox sleep 600',
        '    healthcheck:\n      test: ["CMD", "/bin/busybox", "test", "-f", "/ready"]\n      interval: 200ms\n      retries: 100\n',
      ),
    );
    expect(outcome.ready).toBe(true);
    expect(outcome.inspects).toBeLessThanOrEqual(3);
  });

  test('dies after 3 s: the `die` event fails it at once, with its code', async () => {
    const outcome = await readyOf(
      service(
        '/bin/busybox sleep 3; exit 3',
        '    healthcheck:\n      test: ["CMD", "/bin/busybox", "false"]\n      interval: 200ms\n      retries: 1000\n',
      ),
    );
    expect(outcome).toMatchObject({ ready: false, reason: 'service "app" exited with code 3' });
    expect(outcome.inspects).toBeLessThanOrEqual(3);
  });

  test('unhealthy after 3 s: the `health_status: unhealthy` event fails it', async () => {
    const outcome = await readyOf(
      service(
        'exec /bin/busybox sleep 600',
        '    healthcheck:\n      test: ["CMD", "/bin/busybox", "false"]\n      interval: 200ms\n      retries: 15\n',
      ),
    );
    expect(outcome).toMatchObject({ ready: false, reason: 'service "app" is unhealthy' });
    expect(outcome.inspects).toBeLessThanOrEqual(3);
  });
});
