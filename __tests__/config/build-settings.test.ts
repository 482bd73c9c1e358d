// Issue 12, item 13: the build settings build-push-action users expect, under image:
// platforms, cache-from, cache-to, labels and secrets. Each is validated at load time with
// file:line:col, and a secret's value never appears in the config nor in a message.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { cacheSpecProblem } from '../../src/config/schema.js';
import { ConfigurationError } from '../../src/model/errors.js';

const FILE = '.github/immutable-qa.yml';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The config with these lines after `repository:` (line 4 on). */
const config = (imageLines: string, repository = 'shop'): string =>
  `version: 1\nimage:\n  repository: ${repository}\n${imageLines}environment:\n  compose: compose.yml\nchecks:\n  - name: unit\n    run: npm test\n`;

function repo(yaml: string): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'iqa-build-settings-')));
  dirs.push(dir);
  mkdirSync(path.join(dir, '.github'));
  writeFileSync(path.join(dir, 'compose.yml'), 'services: {}\n');
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(path.join(dir, FILE), yaml);
  return dir;
}

async function errorOf(yaml: string): Promise<string[]> {
  try {
    await loadConfig(FILE, { cwd: repo(yaml) });
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loaded', () => {
  test('defaults: none of them', async () => {
    const { image } = await loadConfig(FILE, { cwd: repo(config('')) });
    expect(image).toMatchObject({ platforms: [], cacheFrom: [], cacheTo: [], labels: {}, secrets: {} });
  });

  test('lists, single strings, labels as written, a local cache path from the repository root', async () => {
    const dir = repo(
      config(
        [
          '  platforms: [linux/amd64, linux/arm64/v8]',
          '  cache-from: type=gha',
          '  cache-to: ["type=gha,mode=max", "type=local,dest=.cache/buildx,mode=max", "type=local,dest=/tmp/abs"]',
          '  labels: { org.opencontainers.image.source: https://github.com/acme/shop, build.number: 0012, org.example.pr: "pr-${IMMUTABLE_QA_PR}" }',
          '  secrets: { npm_token: NPM_TOKEN, git.auth: GITHUB_TOKEN }',
          '',
        ].join('\n'),
        'ghcr.io/acme/shop',
      ),
    );
    // Loaded from inside .github: the cache path is still the repository root's.
    const { image } = await loadConfig('immutable-qa.yml', { cwd: path.join(dir, '.github') });
    expect(image).toMatchObject({
      platforms: ['linux/amd64', 'linux/arm64/v8'],
      cacheFrom: ['type=gha'],
      cacheTo: [
        'type=gha,mode=max',
        `type=local,dest=${dir}/.cache/buildx,mode=max`,
        'type=local,dest=/tmp/abs',
      ],
      labels: {
        'org.opencontainers.image.source': 'https://github.com/acme/shop',
        'build.number': '0012',
        'org.example.pr': 'pr-${IMMUTABLE_QA_PR}',
      },
      secrets: { npm_token: 'NPM_TOKEN', 'git.auth': 'GITHUB_TOKEN' },
    });
  });

  test('one platform is fine in local mode', async () => {
    const { image } = await loadConfig(FILE, { cwd: repo(config('  platforms: linux/arm64\n')) });
    expect(image.platforms).toEqual(['linux/arm64']);
  });
});

describe('errors name the file, line and column', () => {
  test('several platforms in local mode: the engine loads one', async () => {
    expect(await errorOf(config('  platforms: [linux/amd64, linux/arm64]\n'))).toEqual([
      `${FILE}:4:14: image.platforms: 2 platforms need a registry: in local mode ("shop" has no registry host) the image is ` +
        'loaded into the local engine, which takes one platform per build (`docker buildx build --load`). List one platform, ' +
        'or set image.repository to a registry (e.g. ghcr.io/acme/shop) to push a multi-platform image',
    ]);
  });

  test('a platform twice, a platform without os', async () => {
    expect(
      await errorOf(config('  platforms: [linux/amd64, linux/amd64, amd64]\n', 'ghcr.io/acme/shop')),
    ).toEqual([
      `${FILE}:4:28: image.platforms[1]: "linux/amd64" is listed twice`,
      `${FILE}:4:41: image.platforms[2]: expected one platform like linux/amd64 or linux/arm64/v8 (a list for several) (got "amd64")`,
    ]);
  });

  test('cache specs', async () => {
    const lines = await errorOf(
      config(
        '  cache-from: ["type=foo", type=inline]\n  cache-to:\n    - type=gha\n    - type=local,src=x\n',
      ),
    );
    expect(lines).toEqual([
      `${FILE}:4:16: image.cache-from[0]: unknown cache type "foo": buildx knows registry, local, inline, gha, s3, azblob`,
      `${FILE}:4:28: image.cache-from[1]: type=inline only exports (into the pushed image): import it with type=registry,ref=<that image>`,
      `${FILE}:7:7: image.cache-to[1]: type=local needs dest=…, e.g. type=gha,mode=max, type=registry,ref=ghcr.io/acme/shop:buildcache,mode=max or type=local,dest=.buildx-cache`,
    ]);
  });

  test('${NAME} in caches and labels: only the build variables', async () => {
    const lines = await errorOf(
      config(
        '  cache-to: ["type=gha,scope=${GITHUB_REF}"]\n  labels: { org.example.v: "v-${IMMUTABLE_QA_SHA}-${HOME}" }\n',
      ),
    );
    expect(lines).toEqual([
      `${FILE}:4:30: image.cache-to[0]: unknown variable \${GITHUB_REF}: caches may use \${IMMUTABLE_QA_SHA}, \${IMMUTABLE_QA_PR}, ` +
        '${IMMUTABLE_QA_REF} (the commit, PR and ref of the run); write "$$" for a literal "$"',
      `${FILE}:5:51: image.labels["org.example.v"]: unknown variable \${HOME}: labels may use \${IMMUTABLE_QA_SHA}, \${IMMUTABLE_QA_PR}, ` +
        '${IMMUTABLE_QA_REF} (the commit, PR and ref of the run); write "$$" for a literal "$"',
    ]);
  });

  test('labels immutable-qa sets itself, and keys docker cannot take', async () => {
    expect(
      await errorOf(
        config('  labels: { org.opencontainers.image.revision: x, io.immutable-qa.pr: 1, "a=b": c }\n'),
      ),
    ).toEqual([
      `${FILE}:4:13: image.labels["org.opencontainers.image.revision"]: invalid key "org.opencontainers.image.revision": ` +
        'set by immutable-qa (org.opencontainers.image.revision is the tested commit; io.immutable-qa.* are its own): remove it',
      `${FILE}:4:51: image.labels["io.immutable-qa.pr"]: invalid key "io.immutable-qa.pr": ` +
        'set by immutable-qa (org.opencontainers.image.revision is the tested commit; io.immutable-qa.* are its own): remove it',
      `${FILE}:4:74: image.labels["a=b"]: invalid key "a=b": a label key has no spaces and no "="`,
    ]);
  });

  test('a secret is the name of a variable: a pasted value is refused and not echoed', async () => {
    const token = 'npm_0123456789abcdefghijklmnopqrstuv';
    const lines = await errorOf(config(`  secrets:\n    npm_token: ${token}\n    "bad id": X\n`));
    expect(lines).toEqual([
      `${FILE}:5:16: image.secrets.npm_token: expected the name of the environment variable that holds the secret, like NPM_TOKEN ` +
        '(uppercase letters, digits and _): the value itself never goes in the config',
      `${FILE}:6:5: image.secrets["bad id"]: invalid key "bad id": a secret id is letters, digits, ".", "_" and "-", like npm_token`,
    ]);
    expect(lines.join('\n')).not.toContain(token);
  });

  test('a secret cannot come from what the code under test is denied (GITHUB_TOKEN it may ask for)', async () => {
    const lines = await errorOf(
      config('  secrets: { gh: GITHUB_TOKEN, rt: ACTIONS_RUNTIME_TOKEN, key: IMMUTABLE_QA_SIGNING_KEY }\n'),
    );
    const why =
      "is withheld from the code under test (the action's inputs, ACTIONS_* runner tokens, registry credentials, " +
      'the signing key): a build cannot have it either. Put the value in a variable of its own (env: on the step)';
    expect(lines).toEqual([
      `${FILE}:4:36: image.secrets.rt: ACTIONS_RUNTIME_TOKEN ${why}`,
      `${FILE}:4:64: image.secrets.key: IMMUTABLE_QA_SIGNING_KEY ${why}`,
    ]);
  });
});

describe('cacheSpecProblem', () => {
  test.each<[string, 'from' | 'to', string | undefined]>([
    ['ghcr.io/acme/shop:buildcache', 'from', undefined],
    ['type=registry,ref=ghcr.io/acme/shop:buildcache', 'from', undefined],
    ['type=registry,ref=ghcr.io/acme/shop:buildcache,mode=max', 'to', undefined],
    ['type=gha', 'from', undefined],
    ['type=gha,scope=main,mode=max', 'to', undefined],
    ['type=local,src=.cache', 'from', undefined],
    ['type=local,dest=.cache', 'to', undefined],
    ['type=inline', 'to', undefined],
    ['type=s3,region=eu-west-1,bucket=b', 'to', undefined],
    ['type=registry', 'to', 'type=registry needs ref=…'],
    ['type=registry,ref=', 'from', 'type=registry needs ref=…'],
    ['mode=max', 'to', 'name the cache backend with type=…'],
    // What YAML makes of the second half of an unquoted `[type=gha,mode=max]`.
    ['mode=max', 'to', 'in a [flow, list] quote each cache ("type=gha,mode=max")'],
    ['type=gha,', 'to', 'expected key=value fields'],
    ['type=gha\ntype=local', 'from', 'one cache per list entry'],
  ])('%j (%s)', (spec, direction, problem) => {
    const got = cacheSpecProblem(spec, direction);
    if (problem === undefined) expect(got).toBeUndefined();
    else expect(got).toContain(problem);
  });
});
