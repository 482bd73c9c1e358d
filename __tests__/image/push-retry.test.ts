// Issue 11, items 7, 9 and 10 as logic: the build and the push are separate steps, so a failure is
// classified by where it happened (and by the registry's typed answer), never by what docker
// printed. A push that fails while the registry takes pushes is retried within PUSH_ATTEMPTS; a
// registry that is down or refuses the token is a RegistryError (exit 3), and phase() reports a
// cancelled build as `cancelled`. A fake `docker` script stands in for the CLI.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { buildImage, PUSH_ATTEMPTS } from '../../src/image/build.js';
import { CancelledError, ExitCode, exitCodeOf, PhaseFailure } from '../../src/model/errors.js';
import type { Logger } from '../../src/model/log.js';
import { silentReporter } from '../../src/model/reporter.js';
import { phase } from '../../src/pipeline/phase.js';
import { RegistryError } from '../../src/registry/errors.js';
import type { ImageStore } from '../../src/store/image-store.js';

const warnings: string[] = [];
const logger: Logger = {
  info: () => undefined,
  debug: () => undefined,
  warning: (m) => void warnings.push(m),
  error: () => undefined,
  group: (_name, fn) => fn(),
};
const DIGEST = `sha256:${'d'.repeat(64)}`;

/**
 * A `docker` whose `buildx build --push` fails the first `failures` times (as BuildKit does on a
 * 503: no retry), and whose `buildx build --load` fails when `buildFails`. Every call is logged.
 */
function fakeDocker(
  dir: string,
  failures: number,
  buildFails = false,
  driver = 'docker-container',
): { calls: () => string[] } {
  const log = join(dir, 'calls');
  const count = join(dir, 'pushes');
  writeFileSync(count, '0');
  writeFileSync(log, '');
  const script = join(dir, 'docker');
  writeFileSync(
    script,
    `#!/bin/sh
echo "$*" >> '${log}'
case "$1" in
  version) echo 27.0.0; exit 0 ;;
  image) echo ${DIGEST}; exit 0 ;;
esac
if [ "$1 $2" = "buildx inspect" ]; then printf 'Name: b\nDriver: ${driver}\n'; exit 0; fi
for a in "$@"; do
  if [ "$a" = --load ]; then
    ${buildFails ? "echo 'RUN make: exit 2' >&2; exit 1" : 'exit 0'}
  fi
  if [ "$a" = --push ]; then
    ${buildFails ? "echo 'RUN make: exit 2' >&2; exit 1" : ''}
    n=$(cat '${count}'); n=$((n+1)); echo $n > '${count}'
    if [ $n -le ${failures} ]; then echo 'ERROR: failed to push: unexpected status from PUT request: 503 Service Unavailable' >&2; exit 1; fi
    prev=""
    for b in "$@"; do
      if [ "$prev" = --metadata-file ]; then echo '{"containerimage.digest":"${DIGEST}"}' > "$b"; fi
      prev="$b"
    done
    exit 0
  fi
done
exit 0
`,
  );
  chmodSync(script, 0o755);
  process.env.IMMUTABLE_QA_DOCKER = script;
  return { calls: () => readFileSync(log, 'utf8').trim().split('\n') };
}

const SAVED = ['IMMUTABLE_QA_DOCKER', 'IMMUTABLE_QA_BUILDER'] as const;
let dir: string;
let saved: Record<string, string | undefined>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iqa-push-retry-'));
  saved = Object.fromEntries(SAVED.map((k) => [k, process.env[k]]));
  process.env.IMMUTABLE_QA_BUILDER = 'buildx';
  warnings.length = 0;
});
afterEach(() => {
  for (const k of SAVED)
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  rmSync(dir, { recursive: true, force: true });
});

async function config() {
  mkdirSync(join(dir, '.github'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(dir, 'compose.yml'), 'services:\n  web:\n    image: ${IMMUTABLE_QA_IMAGE}\n');
  writeFileSync(
    join(dir, '.github/immutable-qa.yml'),
    'version: 1\nimage:\n  repository: registry.example/shop\nenvironment:\n  compose: compose.yml\nchecks:\n  - name: page\n    run: exit 0\n',
  );
  return loadConfig(join(dir, '.github/immutable-qa.yml'));
}

const takesPushes = { checkPush: () => Promise.resolve() };
const noWait = { sleep: () => Promise.resolve() };
const pushes = (calls: string[]): number => calls.filter((c) => c.includes('--push')).length;

describe('the push, apart from the build', () => {
  test('a push that fails twice while the registry takes pushes is retried, and the build succeeds', async () => {
    const docker = fakeDocker(dir, PUSH_ATTEMPTS - 1);
    const image = await buildImage({
      config: await config(),
      tag: 'pr-1',
      push: true,
      registry: takesPushes,
      labels: {},
      logger,
      ...noWait,
    });
    expect(image.digest).toBe(DIGEST);
    expect(pushes(docker.calls())).toBe(PUSH_ATTEMPTS);
    // Built once (--load), then only pushed again: the build step never re-runs.
    expect(docker.calls().filter((c) => c.includes('--load'))).toHaveLength(1);
    expect(warnings[0]).toMatch(/pushing registry\.example\/shop:pr-1 failed \(attempt 1\/3\)/);
  });

  test('a registry that is down (its typed answer) ends the run after the first failed push: exit 3', async () => {
    const docker = fakeDocker(dir, 99);
    const down = new RegistryError('registry registry.example: unreachable', {
      kind: 'unavailable',
      registry: 'registry.example',
      status: 0,
    });
    const error = await buildImage({
      config: await config(),
      tag: 'pr-1',
      push: true,
      registry: { checkPush: () => Promise.reject(down) },
      labels: {},
      logger,
      ...noWait,
    }).catch((e: unknown) => e);
    expect(error).toBe(down);
    expect(exitCodeOf(error)).toBe(ExitCode.Infrastructure);
    expect(pushes(docker.calls())).toBe(1);
  });

  test('a push that keeps failing though the registry answers: a RegistryError, never a failed build', async () => {
    fakeDocker(dir, 99);
    const error = await buildImage({
      config: await config(),
      tag: 'pr-1',
      push: true,
      registry: takesPushes,
      labels: {},
      logger,
      ...noWait,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).not.toBeInstanceOf(PhaseFailure);
    expect((error as RegistryError).kind).toBe('unavailable');
    expect((error as Error).message).toMatch(/failed 3 times \(the build itself succeeded\)/);
  });

  test('a failing build step is a failed phase, and nothing is pushed', async () => {
    const docker = fakeDocker(dir, 0, true);
    const error = await buildImage({
      config: await config(),
      tag: 'pr-1',
      push: true,
      registry: takesPushes,
      labels: {},
      logger,
      ...noWait,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PhaseFailure);
    expect(pushes(docker.calls())).toBe(0);
  });
});

// Issue 14: on buildx's docker driver the image is stored in the engine by the --push build
// itself, so the success path is one build; a failure is still classified by the registry's typed
// answer and by re-running the build alone, never by what docker printed.
describe('one --push build on the docker driver', () => {
  const build = async (registry: Pick<ImageStore, 'checkPush'> = takesPushes) =>
    buildImage({
      config: await config(),
      tag: 'pr-1',
      push: true,
      registry,
      labels: {},
      logger,
      ...noWait,
    });
  const loads = (calls: string[]): number => calls.filter((c) => c.includes('--load')).length;

  test('success: one build, with --push, and no --load', async () => {
    const docker = fakeDocker(dir, 0, false, 'docker');
    const image = await build();
    expect(image).toEqual({ digest: DIGEST, ref: `registry.example/shop@${DIGEST}`, builder: 'buildx' });
    expect(docker.calls().filter((c) => c.startsWith('buildx build'))).toHaveLength(1);
    expect(pushes(docker.calls())).toBe(1);
    expect(loads(docker.calls())).toBe(0);
  });

  test('a failed push while the registry takes pushes: the build alone passes, then the push is retried', async () => {
    const docker = fakeDocker(dir, 1, false, 'docker');
    const image = await build();
    expect(image.digest).toBe(DIGEST);
    expect(
      docker
        .calls()
        .filter((c) => c.startsWith('buildx build'))
        .map((c) => (c.includes('--push') ? 'push' : 'load')),
    ).toEqual(['push', 'load', 'push']);
    expect(warnings[0]).toMatch(/pushing registry\.example\/shop:pr-1 failed \(attempt 1\/3\)/);
  });

  test('a push that keeps failing counts the first build as attempt 1: a RegistryError after 3', async () => {
    const docker = fakeDocker(dir, 99, false, 'docker');
    const error = await build().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(pushes(docker.calls())).toBe(PUSH_ATTEMPTS);
  });

  test('a failing build is a failed phase, found by the build alone failing too', async () => {
    const docker = fakeDocker(dir, 0, true, 'docker');
    const error = await build().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PhaseFailure);
    expect((error as PhaseFailure).message).toMatch(/docker buildx build failed \(exit 1\)/);
    expect(pushes(docker.calls())).toBe(1);
    expect(loads(docker.calls())).toBe(1);
  });

  test('a registry that is down ends the run after the one build: exit 3, the build is not re-run', async () => {
    const docker = fakeDocker(dir, 99, false, 'docker');
    const down = new RegistryError('registry registry.example: unreachable', {
      kind: 'unavailable',
      registry: 'registry.example',
      status: 0,
    });
    const error = await build({ checkPush: () => Promise.reject(down) }).catch((e: unknown) => e);
    expect(error).toBe(down);
    expect(loads(docker.calls())).toBe(0);
  });
});

describe('phase() conclusions (items 7 and 9)', () => {
  const none = () => ({ endpoints: {} });
  test('a body stopped by the run\'s cancellation is "cancelled", not a failure', async () => {
    const controller = new AbortController();
    controller.abort(new Error('received SIGTERM'));
    const io = { reporter: silentReporter, logger, signal: controller.signal };
    const cancelled = await phase('build', io, none, () =>
      Promise.reject(new PhaseFailure('docker buildx build failed (exit null)', 'context canceled')),
    );
    expect(cancelled.result).toMatchObject({ conclusion: 'cancelled', summary: 'cancelled' });
    const env = await phase('environment', io, none, () =>
      Promise.reject(new CancelledError('received SIGTERM')),
    );
    expect(env.result.conclusion).toBe('cancelled');
  });

  test('a RegistryError ends the run after the phase shows an infrastructure error', async () => {
    const completed: string[] = [];
    const reporter = {
      ...silentReporter,
      complete: async (r: { name: string; conclusion: string; summary: string }) =>
        void completed.push(`${r.name}:${r.conclusion}:${r.summary}`),
    };
    const down = new RegistryError('registry r.example: unreachable', {
      kind: 'unavailable',
      registry: 'r.example',
    });
    await expect(phase('build', { reporter, logger }, none, () => Promise.reject(down))).rejects.toBe(down);
    expect(completed).toEqual([
      'build:failure:infrastructure error (not a verdict on the code): registry r.example: unreachable',
    ]);
  });
});
