// The Docker daemon dying mid-build is an infrastructure error (exit 3), told by its type, not a
// failed build phase (exit 1). Issue 10, bug 4: qa() matched /Cannot connect to the Docker daemon/
// on the error message, and a build that failed because the daemon died was a failed phase.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { buildImage } from '../../src/image/build.js';
import {
  EngineUnreachableError,
  ExitCode,
  exitCodeOf,
  InfrastructureError,
  PhaseFailure,
} from '../../src/model/errors.js';
import type { Logger } from '../../src/model/log.js';
import { silentReporter } from '../../src/model/reporter.js';
import { phase } from '../../src/pipeline/phase.js';
import { qa } from '../../src/pipeline/qa.js';
import { recordSigner } from '../../src/record/signing.js';
import { imageStore } from '../../src/store/store.js';

const logger: Logger = {
  info: () => undefined,
  debug: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  group: (_name, fn) => fn(),
};

/**
 * A `docker` whose daemon dies during `buildx build`: the build fails with what buildx prints when
 * its connection drops (no "Cannot connect" in it), and from then on nothing answers.
 */
function dyingDocker(dir: string, buildError: string): string {
  const dead = join(dir, 'daemon-dead');
  const script = join(dir, 'docker');
  writeFileSync(
    script,
    `#!/bin/sh
if [ -e '${dead}' ]; then
  echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2
  exit 1
fi
case "$1" in
  version) echo 27.0.0 ;;
  buildx) if [ "$2" = build ]; then echo '#1 [internal] load build definition'; touch '${dead}'; echo '${buildError}' >&2; exit 1; fi ;;
  *) exit 0 ;;
esac
`,
  );
  chmodSync(script, 0o755);
  return script;
}

const SAVED = ['IMMUTABLE_QA_DOCKER', 'IMMUTABLE_QA_BUILDER', 'IMMUTABLE_QA_COMPOSE'] as const;
let dir: string;
let saved: Record<string, string | undefined>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iqa-dying-daemon-'));
  saved = Object.fromEntries(SAVED.map((k) => [k, process.env[k]]));
  process.env.IMMUTABLE_QA_BUILDER = 'buildx';
  process.env.IMMUTABLE_QA_COMPOSE = 'v2';
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
    'version: 1\nimage:\n  repository: shop\nenvironment:\n  compose: compose.yml\nchecks:\n  - name: page\n    run: exit 0\n',
  );
  return loadConfig(join(dir, '.github/immutable-qa.yml'));
}

const BUILDX_EOF =
  'ERROR: failed to receive status: rpc error: code = Unavailable desc = error reading from server: EOF';

describe('a daemon that dies mid-build', () => {
  test('buildImage raises EngineUnreachableError (exit 3), not a failed phase', async () => {
    process.env.IMMUTABLE_QA_DOCKER = dyingDocker(dir, BUILDX_EOF);
    const built = buildImage({ config: await config(), tag: 'pr-1', push: false, labels: {}, logger });
    const error: unknown = await built.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error).not.toBeInstanceOf(PhaseFailure);
    expect(exitCodeOf(error)).toBe(ExitCode.Infrastructure);
    expect(existsSync(join(dir, 'daemon-dead'))).toBe(true);
  });

  test('the build printing "Cannot connect" itself: typed where docker is called', async () => {
    process.env.IMMUTABLE_QA_DOCKER = dyingDocker(
      dir,
      'ERROR: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
    await expect(
      buildImage({ config: await config(), tag: 'pr-1', push: false, labels: {}, logger }),
    ).rejects.toBeInstanceOf(EngineUnreachableError);
  });

  test('qa() ends with the error (exit 3) instead of a failed verdict', async () => {
    process.env.IMMUTABLE_QA_DOCKER = dyingDocker(dir, BUILDX_EOF);
    const cfg = await config();
    const run = qa({
      config: cfg,
      context: { sha: 'a'.repeat(40), pr: 1, apiUrl: 'https://api.github.com' },
      store: imageStore(cfg, {}, logger),
      signer: recordSigner(cfg.record, { context: {}, env: {} }),
      reportDir: join(dir, 'report'),
      logger,
    });
    const error: unknown = await run.then(
      (result) => result.record.verdict,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(exitCodeOf(error)).toBe(ExitCode.Infrastructure);
  });
});

describe('phase() classifies by type', () => {
  test('an unreachable engine ends the run; any other error fails the phase', async () => {
    const io = { reporter: silentReporter, logger };
    const none = () => ({ endpoints: {} });
    await expect(
      phase('build', io, none, () =>
        Promise.reject(new EngineUnreachableError('the Docker engine stopped answering')),
      ),
    ).rejects.toBeInstanceOf(EngineUnreachableError);
    // The same words in another error are not the engine's answer: a failed phase.
    const failed = await phase('environment', io, none, () =>
      Promise.reject(new InfrastructureError('compose up failed: Cannot connect to the Docker daemon')),
    );
    expect(failed.result).toMatchObject({ conclusion: 'failure' });
    expect(failed.value).toBeUndefined();
    const ok = await phase('build', io, none, async () => ({ value: 42, summary: 'built' }));
    expect(ok).toMatchObject({ value: 42, result: { conclusion: 'success', summary: 'built' } });
  });
});
