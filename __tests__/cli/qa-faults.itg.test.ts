// Faults around the QA pipeline through the CLI, on the real engine and the real registry behind
// a fault-injecting proxy (issue 11): push hiccups are retried, a registry that stays down or
// refuses the token is exit 3 (never a verdict), SIGTERM stops every phase within seconds with
// `cancelled` phases and no tested tag, and a report dir that cannot be written is exit 3 naming
// the path, with the environment torn down.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leftovers, removeByLabel } from '../../src/environment/compose.js';
import type { QaRecord } from '../../src/model/record.js';
import { cli, configFor, DIST, engineCounts, makeRepo, registry, type Repo } from '../support/fixtures.js';
import { cleanEnv, tagDigest } from '../support/promotion.js';
import { startFaultProxy, type Fault, type FaultProxy } from '../support/registry-proxy.js';

const repos: Repo[] = [];
const projects: string[] = [];
const proxies: FaultProxy[] = [];
const dirs: string[] = [];
/** The images this file built: local-mode ones (iqa-faults-*) and the proxied registry's. */
function removeOurImages(hosts: string[]): void {
  const refs = execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((ref) => /^iqa-faults-/.test(ref) || hosts.some((h) => ref.startsWith(`${h}/iqa-faults/`)));
  if (refs.length) execFileSync('docker', ['image', 'rm', '--force', ...refs], { stdio: 'ignore' });
}

afterEach(async () => {
  removeOurImages(proxies.map((p) => p.host));
  for (const p of proxies.splice(0)) await p.stop();
  for (const p of projects.splice(0)) await removeByLabel(p);
  for (const r of repos.splice(0)) r.cleanup();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const okChecks = `  - name: page
    run: sh tests/smoke.sh
`;

function repo(config: string, extra?: Record<string, string>): Repo {
  const r = makeRepo(config, extra);
  repos.push(r);
  return r;
}

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** A Dockerfile no earlier build has cached (so the build really runs), with extra lines. */
function dockerfile(extra = ''): string {
  return `FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nRUN echo ${randomBytes(6).toString('hex')} > /nonce\n${extra}COPY www /www\nEXPOSE 8080\nUSER 65534\nCMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"]\n`;
}

function parse(stdout: string): QaRecord | undefined {
  try {
    return stdout ? (JSON.parse(stdout) as QaRecord) : undefined;
  } catch {
    return undefined;
  }
}

async function qa(r: Repo, args: string[] = [], env: NodeJS.ProcessEnv = cleanEnv()) {
  const started = Date.now();
  const result = await cli(['qa', '--config', r.config, '--json', ...args], { cwd: r.dir, env });
  const record = parse(result.stdout);
  if (record) projects.push(record.environment.project);
  return { ...result, record, wallMs: Date.now() - started };
}

/** A Docker config whose only credentials are for `host` (what buildx and our client both read). */
function dockerConfigWithCredentials(host: string): string {
  const dir = tempDir('iqa-docker-config-');
  const auth = Buffer.from('ci-bot:ghp_revokedTokenValue1234').toString('base64');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [host]: { auth } } }));
  return dir;
}

const isManifestPut = (method: string, url: string, tag: string): boolean =>
  method === 'PUT' && url.endsWith(`/manifests/${tag}`);

describe('registry faults on the image push (items 7 and 10)', () => {
  test('a 429 with Retry-After, then a 503, on the push: retried, and QA passes', async () => {
    let faults = 0;
    const proxy = await startFaultProxy(`http://${registry()}`, ({ method, url }): Fault | undefined => {
      if (!isManifestPut(method, url, 'pr-71')) return undefined;
      faults++;
      if (faults === 1) return { status: 429, headers: { 'Retry-After': '1' } };
      if (faults === 2) return { status: 503 };
      return undefined;
    });
    proxies.push(proxy);
    const repository = `${proxy.host}/iqa-faults/push-hiccup${Date.now().toString(36)}`;
    const r = repo(configFor(repository, okChecks), { Dockerfile: dockerfile() });
    const run = await qa(r, ['--pr', '71']);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.record!.verdict).toBe('passed');
    expect(run.stderr).toMatch(/pushing .*:pr-71 failed \(attempt 1\/3\)/);
    expect(run.stderr).toMatch(/pushing .*:pr-71 failed \(attempt 2\/3\)/);
    const puts = proxy.log.filter((l) => isManifestPut(l.method, l.url, 'pr-71'));
    expect(puts.map((p) => p.outcome)).toEqual([429, 503, 201]);
    expect(await tagDigest(repository, 'pr-71')).toBe(run.record!.image.digest);
  });

  test('a registry that answers 503 to everything: exit 3, an infrastructure error, not "build failed"', async () => {
    const proxy = await startFaultProxy(`http://${registry()}`, () => ({ status: 503 }));
    proxies.push(proxy);
    const repository = `${proxy.host}/iqa-faults/down${Date.now().toString(36)}`;
    const r = repo(configFor(repository, okChecks), { Dockerfile: dockerfile() });
    const run = await qa(r, ['--pr', '72']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /build: infrastructure error \(not a verdict on the code\): registry 127\.0\.0\.1:\d+/,
    );
    expect(run.stderr).toMatch(/answered 503/);
    expect(run.stderr).not.toMatch(/docker buildx build failed/);
    expect(run.stderr).not.toMatch(/verdict: failed/);
    expect(run.wallMs).toBeLessThan(90_000);
  });

  test('401 Bad credentials on the push: exit 3, says the token is invalid or revoked, not read-only', async () => {
    const proxy = await startFaultProxy(`http://${registry()}`, () => ({
      status: 401,
      headers: { 'WWW-Authenticate': 'Basic realm="registry"' },
      body: JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'Bad credentials' }] }),
    }));
    proxies.push(proxy);
    const repository = `${proxy.host}/iqa-faults/revoked${Date.now().toString(36)}`;
    const r = repo(configFor(repository, okChecks), { Dockerfile: dockerfile() });
    const env = cleanEnv({ DOCKER_CONFIG: dockerConfigWithCredentials(proxy.host) });
    const run = await qa(r, ['--pr', '73'], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/build: infrastructure error/);
    expect(run.stderr).toMatch(/refused \(401, UNAUTHORIZED: Bad credentials\)/);
    expect(run.stderr).toMatch(/the token or password is invalid, expired or revoked/);
    expect(run.stderr).not.toMatch(/read-only/);
    expect(run.stderr).not.toContain('ghp_revokedTokenValue1234');
  });
});

/** Runs the CLI with stderr streamed: wait until it prints something, then SIGTERM it. */
function startCli(r: Repo, args: string[], env: NodeJS.ProcessEnv = cleanEnv()) {
  const child = spawn(
    process.execPath,
    [join(DIST, 'cli/index.js'), 'qa', '--config', r.config, '--json', ...args],
    {
      cwd: r.dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const waiters: { test: (s: string) => boolean; resolve: () => void }[] = [];
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    for (const w of waiters.splice(0)) {
      if (w.test(stderr)) w.resolve();
      else waiters.push(w);
    }
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string; at: number }>((resolve) =>
    child.on('close', (code: number | null) => resolve({ code, stdout, stderr, at: Date.now() })),
  );
  return {
    done,
    stderr: () => stderr,
    /** Resolves once stderr matches (or the process ended). */
    until: (test: (s: string) => boolean) =>
      new Promise<void>((resolve) => {
        if (test(stderr)) return resolve();
        waiters.push({ test, resolve });
        void done.then(() => resolve());
      }),
    terminate: () => {
      const at = Date.now();
      child.kill('SIGTERM');
      return at;
    },
  };
}

describe('SIGTERM stops every phase within seconds (items 4 and 9)', () => {
  test('during the record step (registry slowed down): exit 143 within seconds, no qa-<sha> tag, nothing left', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<undefined>((resolve) => (release = () => resolve(undefined)));
    // Not forever: a run that ignores SIGTERM then fails the assertions below, not the test timeout.
    setTimeout(() => release(), 90_000).unref();
    let recordStarted: () => void = () => undefined;
    const recording = new Promise<void>((resolve) => (recordStarted = resolve));
    const proxy = await startFaultProxy(`http://${registry()}`, ({ userAgent }) => {
      // The build pushes through the engine; immutable-qa's own client speaks only to record the
      // verdict (a push that succeeds needs no probe): hold it, a registry that hangs.
      if (userAgent !== 'immutable-qa') return undefined;
      recordStarted();
      return held;
    });
    proxies.push(proxy);
    const repository = `${proxy.host}/iqa-faults/slow-record${Date.now().toString(36)}`;
    const r = repo(configFor(repository, okChecks), { Dockerfile: dockerfile() });
    const run = startCli(r, ['--pr', '74']);
    await Promise.race([recording, run.done]);
    const sentAt = run.terminate();
    const result = await run.done;
    release();
    const record = parse(result.stdout);
    if (record) projects.push(record.environment.project);
    expect({ code: result.code, tail: result.stderr.slice(-2000) }).toMatchObject({ code: 143 });
    expect(result.at - sentAt).toBeLessThan(5_000);
    expect(result.stderr).toMatch(/no tested tag: the run was cancelled while recording/);
    expect(result.stderr).not.toMatch(/tested-tag:/);
    expect(record?.verdict).toBe('failed');
    expect(
      await tagDigest(`${registry()}/${repository.split('/').slice(1).join('/')}`, `qa-${r.sha}`),
    ).toBeNull();
    expect(await leftovers(record!.environment.project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect(JSON.parse(readFileSync(join(r.dir, '.immutable-qa/qa-record.json'), 'utf8')).verdict).toBe(
      'failed',
    );
  });

  test('during the build: the build phase is cancelled (not failed), exit 143 within seconds', async () => {
    const r = repo(configFor(`iqa-faults-build-${Date.now().toString(36)}`, okChecks), {
      Dockerfile: dockerfile('RUN echo build-is-sleeping && sleep 60\n'),
    });
    const run = startCli(r, []);
    await run.until((s) => s.includes('build-is-sleeping'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sentAt = run.terminate();
    const result = await run.done;
    const record = parse(result.stdout);
    if (record) projects.push(record.environment.project);
    expect(result.code).toBe(143);
    expect(result.at - sentAt).toBeLessThan(8_000);
    expect(record!.phases.map((p) => [p.name, p.conclusion])).toEqual([
      ['build', 'cancelled'],
      ['environment', 'cancelled'],
    ]);
    expect(record!.checks.map((c) => c.conclusion)).toEqual(['cancelled']);
    expect(result.stderr).not.toMatch(/docker buildx build failed/);
  });

  test('during environment start: the environment phase is cancelled (not failed), nothing left', async () => {
    const compose = `services:\n  web:\n    image: \${IMMUTABLE_QA_IMAGE}\n    ports: ["8080"]\n    healthcheck: { test: ["CMD", "false"], interval: 1s, retries: 1000 }\n`;
    const config = configFor(`iqa-faults-env-${Date.now().toString(36)}`, okChecks).replace(
      'ready-timeout: 30s',
      'ready-timeout: 120s',
    );
    const r = repo(config, { 'compose.yml': compose });
    const before = engineCounts();
    const run = startCli(r, []);
    // The environment phase has begun once the build's summary is logged and a container exists.
    await run.until((s) => /Environment/.test(s));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const sentAt = run.terminate();
    const result = await run.done;
    const record = parse(result.stdout);
    if (record) projects.push(record.environment.project);
    expect(result.code).toBe(143);
    expect(result.at - sentAt).toBeLessThan(15_000);
    expect(record!.phases.map((p) => [p.name, p.conclusion])).toEqual([
      ['build', 'success'],
      ['environment', 'cancelled'],
    ]);
    expect(record!.phases[1]!.summary).toBe('cancelled');
    expect(record!.checks.map((c) => c.conclusion)).toEqual(['cancelled']);
    expect(await leftovers(record!.environment.project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect(engineCounts()).toEqual(before);
  });
});

describe('a report dir that cannot be written (item 5)', () => {
  test('a file where the checks/ folder should be: exit 3 naming the path, nothing started', async () => {
    const r = repo(configFor(`iqa-faults-notdir-${Date.now().toString(36)}`, okChecks));
    const reportDir = tempDir('iqa-report-');
    writeFileSync(join(reportDir, 'checks'), 'a file, not a folder');
    const before = engineCounts();
    const run = await qa(r, ['--report-dir', reportDir]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`cannot write ${join(reportDir, 'checks')}`);
    expect(run.stderr).not.toMatch(/Unhandled|at .*\.js:\d+/);
    expect(engineCounts()).toEqual(before);
  });

  test('the QA record on a full disk (/dev/full): exit 3 naming the path, environment torn down, no tested tag', async () => {
    const repository = `iqa-faults-full-${Date.now().toString(36)}`;
    const r = repo(configFor(repository, okChecks));
    const reportDir = tempDir('iqa-report-');
    mkdirSync(join(reportDir, 'checks'));
    symlinkSync('/dev/full', join(reportDir, 'qa-record.json'));
    const run = await qa(r, ['--report-dir', reportDir]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`cannot write ${join(reportDir, 'qa-record.json')}: ENOSPC`);
    expect(run.stderr).not.toMatch(/Unhandled 'error' event/);
    expect(run.record?.verdict).toBe('passed');
    expect(await leftovers(run.record!.environment.project)).toEqual({
      containers: 0,
      networks: 0,
      volumes: 0,
    });
    const tagged = execFileSync('docker', ['image', 'ls', '-q', `${repository}:qa-${r.sha}`], {
      encoding: 'utf8',
    });
    expect(tagged.trim()).toBe('');
    expect(existsSync(join(r.dir, '.immutable-qa/records'))).toBe(false);
  });
});
