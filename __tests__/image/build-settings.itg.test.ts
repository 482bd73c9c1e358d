// Issue 12, item 13, on the real engine and buildx: image.secrets reach the build through the
// environment only (never the argv, a layer, the log or the record), image.labels join ours,
// type=gha caches are skipped where there is no GitHub cache service, an inline cache lands in
// the pushed image, and what this machine's builder cannot do fails with the config key and the fix.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { removeByLabel } from '../../src/environment/compose.js';
import { configFor, EXAMPLE, makeRepo, registry, type Repo } from '../support/fixtures.js';
import { cleanEnv, runQa } from '../support/promotion.js';

const repos: Repo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' });

/**
 * The example's Dockerfile with a RUN that needs the secret (fails without it), keeps only its
 * length and hash, and prints it, as careless build scripts do: the log must show *** instead.
 */
const dockerfile = readFileSync(join(EXAMPLE, 'Dockerfile'), 'utf8').replace(
  /^USER /m,
  // BuildKit's cache key of a RUN leaves out the secret's value: a fresh ENV keeps an earlier run's layer out.
  `ENV IQA_FRESH=${randomBytes(8).toString('hex')}\n` +
    'RUN --mount=type=secret,id=npm_token ["/bin/sh", "-c", "set -e; test -s /run/secrets/npm_token; ' +
    "wc -c < /run/secrets/npm_token > /token-length; sha256sum /run/secrets/npm_token | cut -d ' ' -f1 > /token-sha; " +
    'echo \\"npm token: $(cat /run/secrets/npm_token)\\""]\nUSER ',
);

function repoWith(repository: string, imageLines: string, extra: Record<string, string> = {}): Repo {
  const config = configFor(repository, '  - name: page\n    run: sh tests/smoke.sh\n').replace(
    `  repository: ${repository}\n`,
    `  repository: ${repository}\n${imageLines}`,
  );
  const r = makeRepo(config, { Dockerfile: dockerfile, ...extra });
  repos.push(r);
  return r;
}

/** Every file under dir, read (the records and logs a run left in .immutable-qa). */
function filesUnder(dir: string): Array<{ file: string; text: string }> {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return names
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ file, text: readFileSync(file, 'latin1') }));
}

const npmToken = (): string => `npm_${randomBytes(18).toString('hex')}`;

test('a build secret: the build uses it; no layer, log line or record holds it; labels join ours', async () => {
  const token = npmToken();
  const r = repoWith(
    `iqa-build-secrets-${Date.now().toString(36)}`,
    [
      '  platforms: [linux/amd64]',
      '  secrets: { npm_token: IQA_TEST_NPM_TOKEN }',
      '  labels: { org.example.team: qa, org.example.pr: "pr-${IMMUTABLE_QA_PR}" }',
      // No GitHub cache service outside Actions: skipped with a warning, the build goes on.
      '  cache-from: [type=gha]',
      '  cache-to: ["type=gha,mode=max", type=inline]',
      '',
    ].join('\n'),
  );
  const run = await runQa(r, ['--pr', '31'], cleanEnv({ IQA_TEST_NPM_TOKEN: token }));
  if (run.record) await removeByLabel(run.record.environment.project);
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  const id = run.record!.image.digest!;

  // (a) the build had it: the RUN that fails without it ran, and kept its hash.
  const inImage = docker('run', '--rm', '--entrypoint', '/bin/cat', id, '/token-sha', '/token-length');
  expect(inImage.split('\n').slice(0, 2)).toEqual([
    createHash('sha256').update(token).digest('hex'),
    String(token.length),
  ]);

  // (b) in no layer, nor in the image's config or history.
  const saved = execFileSync('docker', ['save', id], { maxBuffer: 256 * 1024 * 1024 });
  expect(saved.length).toBeGreaterThan(100_000);
  expect(saved.includes(token)).toBe(false);
  expect(docker('image', 'inspect', id)).not.toContain(token);
  expect(docker('image', 'history', '--no-trunc', id)).not.toContain(token);

  // (c) the build printed it: the log shows *** there; neither the log nor any record or log file has it.
  expect(run.stderr).toContain('npm token: ***');
  expect(run.stdout + run.stderr).not.toContain(token);
  const written = filesUnder(join(r.dir, '.immutable-qa'));
  expect(written.length).toBeGreaterThan(0);
  expect(written.filter((f) => f.text.includes(token)).map((f) => f.file)).toEqual([]);

  expect(run.stderr).toContain(
    "image.cache-from: type=gha skipped: GitHub's cache service is not reachable here",
  );
  expect(run.stderr).toContain(
    "image.cache-to: type=gha,mode=max skipped: GitHub's cache service is not reachable here",
  );

  const labels = JSON.parse(docker('image', 'inspect', '--format', '{{json .Config.Labels}}', id)) as Record<
    string,
    string
  >;
  expect(labels).toMatchObject({
    'org.example.team': 'qa',
    'org.example.pr': 'pr-31',
    'org.opencontainers.image.revision': r.sha,
  });
});

test('a secret whose variable is not set fails the build phase by name, before anything is built', async () => {
  const r = repoWith(
    `iqa-build-nosecret-${Date.now().toString(36)}`,
    '  secrets: { npm_token: IQA_TEST_NPM_TOKEN }\n',
  );
  const env = cleanEnv();
  delete env.IQA_TEST_NPM_TOKEN;
  const run = await runQa(r, [], env);
  if (run.record) await removeByLabel(run.record.environment.project);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    'image.secrets.npm_token: the environment variable IQA_TEST_NPM_TOKEN is not set, so the build cannot have the secret',
  );
  expect(run.record?.verdict).toBe('failed');
  expect(run.record?.image.digest ?? null).toBeNull();
});

test('the legacy builder cannot mount secrets or export caches: the keys are named, nothing is built', async () => {
  const r = repoWith(
    `iqa-build-legacy-${Date.now().toString(36)}`,
    '  secrets: { npm_token: IQA_TEST_NPM_TOKEN }\n  cache-to: [type=inline]\n',
  );
  const run = await runQa(
    r,
    [],
    cleanEnv({ IQA_TEST_NPM_TOKEN: npmToken(), IMMUTABLE_QA_BUILDER: 'legacy' }),
  );
  if (run.record) await removeByLabel(run.record.environment.project);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    'image.cache-to, image.secrets need docker buildx, which this machine lacks: the legacy builder (docker build) has no such option',
  );
});

/** This machine's builder: buildx's `docker` driver cannot export a local cache (classic image store). */
const driver = /^Driver:\s*(\S+)/m.exec(docker('buildx', 'inspect'))?.[1];

test(`cache-to type=local with this builder (driver ${driver})`, async () => {
  const r = repoWith(
    `iqa-build-cache-${Date.now().toString(36)}`,
    '  cache-from: ["type=local,src=.buildx-cache"]\n  cache-to: ["type=local,dest=.buildx-cache,mode=max"]\n',
  );
  const run = await runQa(r, [], cleanEnv({ IQA_TEST_NPM_TOKEN: npmToken() }));
  if (run.record) await removeByLabel(run.record.environment.project);
  if (driver === 'docker') {
    // Unless the engine uses the containerd image store; this one (Docker 20.10) does not.
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "docker buildx build failed (exit 1); with image.cache-to: the current builder uses buildx's docker driver, " +
        'which exports no cache but inline and builds one platform, unless the engine uses the containerd image store. ' +
        'Use a docker-container builder: docker/setup-buildx-action before immutable-qa',
    );
  } else {
    // A docker-container (or remote) builder exports it, at the path relative to the repository root.
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(statSync(join(r.dir, '.buildx-cache/index.json')).isFile()).toBe(true);
  }
});

test('registry mode: an inline cache is in the pushed image, the one image importers read', async () => {
  const repository = `${registry()}/iqa-build-inline-${Date.now().toString(36)}`;
  const r = repoWith(repository, '  cache-to: [type=inline]\n  secrets: { npm_token: IQA_TEST_NPM_TOKEN }\n');
  const run = await runQa(r, [], cleanEnv({ IQA_TEST_NPM_TOKEN: npmToken() }));
  if (run.record) await removeByLabel(run.record.environment.project);
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  const [host, ...path] = repository.split('/');
  const base = `http://${host}/v2/${path.join('/')}`;
  const manifest = (await (
    await fetch(`${base}/manifests/${run.record!.image.digest}`, {
      headers: {
        Accept:
          'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
      },
    })
  ).json()) as { config: { digest: string } };
  const imageConfig = (await (await fetch(`${base}/blobs/${manifest.config.digest}`)).json()) as Record<
    string,
    unknown
  >;
  expect(Object.keys(imageConfig)).toContain('moby.buildkit.cache.v0');
});
