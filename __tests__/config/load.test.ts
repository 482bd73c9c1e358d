import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { formatPath } from '../../src/config/issues.js';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { registryOf } from '../../src/config/repository.js';
import { findRoot } from '../../src/config/root.js';
import { ConfigurationError } from '../../src/model/errors.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = path.join(REPO, 'examples/hello/.github/immutable-qa.yml');
const FILE = '.github/immutable-qa.yml';

// Line numbers below refer to this config (1-based).
const BASE = `version: 1
image:
  repository: shop
environment:
  compose: compose.yml
checks:
  - name: unit
    run: npm test
`;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A temp repository with compose.yml and the given files; returns its (real) path. */
function tmpRepo(files: Record<string, string> = {}): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'iqa-config-')));
  dirs.push(dir);
  for (const [name, text] of Object.entries({ 'compose.yml': 'services: {}\n', ...files })) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function load(yaml: string, files: Record<string, string> = {}) {
  const dir = tmpRepo({ [FILE]: yaml, ...files });
  return { dir, config: await loadConfig(FILE, { cwd: dir }) };
}

async function errorOf(yaml: string, files: Record<string, string> = {}): Promise<string> {
  const dir = tmpRepo({ [FILE]: yaml, ...files });
  try {
    await loadConfig(FILE, { cwd: dir });
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadConfig errors: file:line:col and what to fix', () => {
  test('YAML syntax error', async () => {
    const message = await errorOf(
      BASE.replace('  repository: shop\n', '  repository: shop\n  context: [a, b\n'),
    );
    expect(message).toBe(
      `${FILE}:5:1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
  });

  test('YAML duplicate key is a syntax error at the second key, naming the key', async () => {
    expect(await errorOf(`version: 1\n${BASE}`)).toBe(
      `${FILE}:2:1: duplicate key "version" (first set on line 1): a key can appear once in a mapping; remove or merge one of them`,
    );
  });

  test('empty file', async () => {
    expect(await errorOf('')).toMatch(
      new RegExp(`^${FILE}:1:1: expected a mapping with version, image, environment and checks`),
    );
  });

  test('unknown key at the top level points at the key and lists the allowed keys', async () => {
    const message = await errorOf(`${BASE}checkz: []\n`);
    expect(message).toBe(
      `${FILE}:9:1: checkz: unknown key "checkz" (did you mean "checks"?); ` +
        'allowed keys at the top level: version, image, environment, checks, record, promote',
    );
  });

  test('unknown key inside a check', async () => {
    const message = await errorOf(`${BASE}    timout: 1m\n`);
    expect(message).toBe(
      `${FILE}:9:5: checks[0].timout: unknown key "timout" (did you mean "timeout"?); ` +
        'allowed keys in checks[0]: name, run, http, load, drift, env, timeout, required, needs, reports',
    );
  });

  test('wrong type', async () => {
    expect(await errorOf(`${BASE}    required: yes\n`)).toBe(
      `${FILE}:9:15: checks[0].required: expected true or false (got "yes")`,
    );
    expect(await errorOf(BASE.replace('compose: compose.yml', 'compose: 5'))).toBe(
      `${FILE}:5:12: environment.compose: expected a string or a list (got 5)`,
    );
  });

  test('bad duration', async () => {
    const message = await errorOf(`${BASE}  - name: e2e\n    run: npm run e2e\n    timeout: 10 minutes\n`);
    expect(message).toBe(
      `${FILE}:11:14: checks[1].timeout: expected a duration like 90s, 2m or 1h (got "10 minutes")`,
    );
  });

  test('missing image.repository points at the image map', async () => {
    const message = await errorOf(BASE.replace('  repository: shop', '  context: .'));
    expect(message).toMatch(
      new RegExp(
        `^${FILE}:3:3: image\\.repository: required key "repository" is missing; add it under image: `,
      ),
    );
    expect(message).toContain('e.g. ghcr.io/acme/shop');
  });

  test('missing top-level key points at the top-level map', async () => {
    const message = await errorOf('version: 1\nimage:\n  repository: shop\n');
    expect(message).toBe(
      `${FILE}:1:1: environment: required key "environment" is missing; add it at the top level\n` +
        `${FILE}:1:1: checks: required key "checks" is missing; add it at the top level: ` +
        'list the checks that decide the verdict (a run with no checks cannot earn the tested tag)',
    );
  });

  test('invalid check name', async () => {
    const message = await errorOf(BASE.replace('name: unit', 'name: Unit Tests'));
    expect(message).toBe(
      `${FILE}:7:11: checks[0].name: check names use lowercase letters, digits and dashes ` +
        '([a-z0-9-], starting with a letter or digit, at most 63) (got "Unit Tests")',
    );
  });

  test('duplicate check name points at the second', async () => {
    const message = await errorOf(`${BASE}  - name: unit\n    run: npm run other\n`);
    expect(message).toBe(
      `${FILE}:9:11: checks[1].name: duplicate check name "unit" (already used by checks[0]); give every check a unique name`,
    );
  });

  test.each(['build', 'environment', 'immutable-qa'])(
    'check name "%s" is reserved (it would collide with a phase or the overall check run)',
    async (name) => {
      const message = await errorOf(BASE.replace('name: unit', `name: ${name}`));
      expect(message).toBe(
        `${FILE}:7:11: checks[0].name: "${name}" is a reserved name (build, environment, immutable-qa are ` +
          `the phase and overall check runs); rename the check, e.g. "${name}-check"`,
      );
    },
  );

  test('names that only contain a reserved word are accepted', async () => {
    const { config } = await load(BASE.replace('name: unit', 'name: build-test'));
    expect(config.checks.map((c) => c.name)).toEqual(['build-test']);
  });

  test('a check with none of run/http/load/drift points at the check', async () => {
    const message = await errorOf(`${BASE}  - name: nothing\n    timeout: 1m\n`);
    expect(message).toBe(
      `${FILE}:9:5: checks[1]: check "nothing" must have exactly one of run, http, load, drift (it has none)`,
    );
  });

  test('a check with two of run/http/load/drift points at the second', async () => {
    const message = await errorOf(`${BASE}    http: { url: "http://x/" }\n`);
    expect(message).toBe(
      `${FILE}:9:5: checks[0].http: check "unit" must have exactly one of run, http, load, drift (it has run and http)`,
    );
  });

  test('unknown ${NAME} points at the string', async () => {
    const yaml = `${BASE.replace('compose: compose.yml', 'compose: compose.yml\n  endpoints:\n    web: { service: app, port: 80 }')}  - name: smoke
    env: { BASE: "\${IMMUTABLE_QA_ENDPOINT_WEB}" }
    http:
      url: "\${BASE}healthz?q=$\${NOT_A_REF}"
      headers: { X-Image: "\${IMMUTABLE_QA_IMAGE}", X-Home: "\${HOME}" }
  - name: load
    load: { url: "\${IMMUTABLE_QA_ENDPOINT_API}" }
  - name: shell
    run: echo "\${WHATEVER}"
`;
    const message = await errorOf(yaml);
    expect(message.split('\n')).toEqual([
      `${FILE}:15:60: checks[1].http.headers.X-Home: unknown variable \${HOME} (available: \${IMMUTABLE_QA_IMAGE}, ` +
        '${IMMUTABLE_QA_DIGEST}, ${IMMUTABLE_QA_PROJECT}, ${IMMUTABLE_QA_NETWORK}, ${IMMUTABLE_QA_SHA}, ${IMMUTABLE_QA_PR}, ' +
        '${IMMUTABLE_QA_REF}, ${IMMUTABLE_QA_ENDPOINT_WEB}, ${BASE}); ' +
        'write "$$" for a literal "$"',
      `${FILE}:17:18: checks[2].load.url: unknown variable \${IMMUTABLE_QA_ENDPOINT_API}: no such endpoint in ` +
        'environment.endpoints (declared: "web")',
    ]);
  });

  test('env values cannot refer to other env keys', async () => {
    const message = await errorOf(`${BASE}    env:\n      A: x\n      B: "\${A}"\n`);
    expect(message).toMatch(
      new RegExp(`^${FILE}:11:10: checks\\[0\\]\\.env\\.B: \\$\\{A\\}: env values cannot refer`),
    );
  });

  test('compose file that does not exist (relative to the repository root)', async () => {
    const message = await errorOf(
      BASE.replace('compose: compose.yml', 'compose: [compose.yml, compose.qa.yml]'),
    );
    expect(message).toMatch(
      new RegExp(
        `^${FILE}:5:26: environment\\.compose\\[1\\]: compose file "compose\\.qa\\.yml" does not exist \\(looked for /`,
      ),
    );
  });

  test('every issue is reported, one per line, in document order', async () => {
    const message = await errorOf(`version: 2
image:
  repository: shop
  tag: latest
environment:
  compose: missing.yml
checks:
  - name: a
    run: x
    timeout: 5
  - name: a
`);
    expect(message.split('\n').map((line) => line.split(': ')[0])).toEqual([
      `${FILE}:1:10`,
      `${FILE}:4:3`,
      `${FILE}:6:12`,
      `${FILE}:10:14`,
      `${FILE}:11:5`,
      `${FILE}:11:11`,
    ]);
  });

  test('the file is shown relative to cwd when inside it, else absolute', async () => {
    const dir = tmpRepo({ [FILE]: 'version: 3\n' });
    const outside = tmpRepo();
    await expect(loadConfig(path.join(dir, FILE), { cwd: outside })).rejects.toThrow(
      `${path.join(dir, FILE)}:1:10: version:`,
    );
    await expect(loadConfig(FILE, { cwd: dir })).rejects.toThrow(`${FILE}:1:10: version:`);
  });

  test('a missing config file is a ConfigurationError', async () => {
    const dir = tmpRepo();
    await expect(loadConfig(FILE, { cwd: dir })).rejects.toThrow(ConfigurationError);
    await expect(loadConfig(FILE, { cwd: dir })).rejects.toThrow(`${FILE}: config file not found`);
  });
});

describe('loadConfig result', () => {
  test('defaults are applied, durations in ms, paths absolute', async () => {
    const { dir, config } = await load(
      `version: 1
image:
  repository: ghcr.io/acme/shop
  context: app
  build-args: { NODE_ENV: production, PORT: 8080, DEBUG: false }
environment:
  compose: compose.yml
  endpoints:
    web: { service: app, port: 8080 }
checks:
  - name: integration
    run: npm run test:integration
    reports: { junit: "reports/*.xml" }
  - name: smoke
    http: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}healthz" }
  - name: load
    load: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}", duration: 15s }
    timeout: 90s
    required: false
  - name: drift
    drift: {}
`,
      { 'app/Dockerfile': 'FROM scratch\n' },
    );
    expect(config.file).toBe(path.join(dir, FILE));
    expect(config.root).toBe(dir);
    expect(config.image).toEqual({
      repository: 'ghcr.io/acme/shop',
      local: false,
      registry: 'ghcr.io',
      context: path.join(dir, 'app'),
      dockerfile: path.join(dir, 'app/Dockerfile'),
      buildArgs: { NODE_ENV: 'production', PORT: '8080', DEBUG: 'false' },
      provenance: false,
      platforms: [],
      cacheFrom: [],
      cacheTo: [],
      labels: {},
      secrets: {},
    });
    expect(config.environment).toEqual({
      backend: 'compose',
      composeFiles: [path.join(dir, 'compose.yml')],
      readyTimeoutMs: 120_000,
      endpoints: { web: { service: 'app', port: 8080, path: '/', scheme: 'http' } },
    });
    expect(config.checks.map((c) => [c.name, c.kind, c.timeoutMs, c.required])).toEqual([
      ['integration', 'run', 600_000, true],
      ['smoke', 'http', 600_000, true],
      ['load', 'load', 90_000, false],
      ['drift', 'drift', 600_000, true],
    ]);
    expect(config.checks[0]!.reports).toEqual({
      junit: [path.join(dir, 'reports/*.xml')],
      sarif: [],
      'sarif-fail-on': 'error',
      'annotations-limit': 500,
    });
    expect(config.checks[0]!.env).toEqual({});
    expect(config.checks[1]!.http).toEqual({
      url: '${IMMUTABLE_QA_ENDPOINT_WEB}healthz',
      method: 'GET',
      headers: {},
      status: 200,
      interval: '1s',
      'retry-for': '30s',
    });
    expect(config.checks[2]!.load).toMatchObject({ duration: '15s', connections: 10, 'max-regression': 0.2 });
    expect(config.promote).toEqual({
      tags: ['main'],
      policy: 'same-tree',
      trust: { keys: [], identities: [] },
    });
    expect(config.record).toEqual({ signing: 'keyless' });
  });

  test.each([
    ['shop', true, undefined],
    ['acme/shop', true, undefined],
    ['localhost/shop', false, 'localhost'],
    ['localhost:5000/shop', false, 'localhost:5000'],
    ['127.0.0.1:5000/x', false, '127.0.0.1:5000'],
    ['ghcr.io/a/b', false, 'ghcr.io'],
  ])('image %s: local=%s registry=%s', async (repository, local, registry) => {
    expect(registryOf(repository)).toBe(registry);
    const { config } = await load(BASE.replace('repository: shop', `repository: ${repository}`));
    expect(config.image.local).toBe(local);
    expect(config.image.registry).toBe(registry);
  });

  test('a dockerfile resolves against the context', async () => {
    const { dir, config } = await load(
      BASE.replace('repository: shop', 'repository: shop\n  context: svc\n  dockerfile: ../Containerfile'),
      { 'svc/main.go': '' },
    );
    expect(config.image.dockerfile).toBe(path.join(dir, 'Containerfile'));
  });
});

describe('repository root', () => {
  test('the parent of .github', async () => {
    const dir = tmpRepo({ [`sub/${FILE}`]: BASE, 'sub/compose.yml': 'services: {}\n' });
    execFileSync('git', ['init', '-q', dir]);
    expect(await findRoot(path.join(dir, 'sub', FILE))).toBe(path.join(dir, 'sub'));
    const config = await loadConfig(path.join(dir, 'sub', FILE));
    expect(config.root).toBe(path.join(dir, 'sub'));
    expect(config.environment.composeFiles).toEqual([path.join(dir, 'sub/compose.yml')]);
  });

  test('else the git top level of the config directory', async () => {
    const dir = tmpRepo({ 'config/qa.yml': BASE });
    execFileSync('git', ['init', '-q', dir]);
    expect(await findRoot(path.join(dir, 'config/qa.yml'))).toBe(dir);
    expect((await loadConfig('config/qa.yml', { cwd: dir })).environment.composeFiles).toEqual([
      path.join(dir, 'compose.yml'),
    ]);
  });

  test('else the config directory', async () => {
    const dir = tmpRepo({ 'config/qa.yml': BASE });
    expect(await findRoot(path.join(dir, 'config/qa.yml'))).toBe(path.join(dir, 'config'));
  });
});

describe('the example config', () => {
  test('loads with examples/hello as its root', async () => {
    const config = await loadConfig(EXAMPLE, { cwd: REPO });
    const root = path.join(REPO, 'examples/hello');
    expect(config.root).toBe(root);
    expect(config.image).toMatchObject({
      repository: 'hello-immutable-qa',
      local: true,
      context: root,
      dockerfile: path.join(root, 'Dockerfile'),
    });
    expect(config.environment.composeFiles).toEqual([path.join(root, 'compose.yml')]);
    expect(config.checks.map((c) => [c.name, c.kind])).toEqual([
      ['page', 'run'],
      ['healthz', 'run'],
      ['smoke', 'http'],
      ['image-pinned', 'run'],
    ]);
  });

  test('parseConfig is the same without the file system root lookup', () => {
    const root = path.join(REPO, 'examples/hello');
    const config = parseConfig(readFileSync(EXAMPLE, 'utf8'), EXAMPLE, root);
    expect(config.checks.map((c) => c.kind)).toEqual(['run', 'run', 'http', 'run']);
    expect(config.environment.readyTimeoutMs).toBe(60_000);
  });

  test('is valid against the generated JSON schema', () => {
    const schema = JSON.parse(
      readFileSync(path.join(REPO, 'schema/immutable-qa.schema.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    expect(validate(parseYaml(readFileSync(EXAMPLE, 'utf8')))).toBe(true);
    expect(validate.errors ?? null).toBeNull();
    expect(
      validate({ version: 1, image: { repository: 'shop', tag: 'x' }, environment: { compose: 'c.yml' } }),
    ).toBe(false);
  });
});

test('formatPath', () => {
  expect(formatPath([])).toBe('(top level)');
  expect(formatPath(['checks', 1, 'timeout'])).toBe('checks[1].timeout');
  expect(formatPath(['environment', 'endpoints', 'my endpoint'])).toBe(
    'environment.endpoints["my endpoint"]',
  );
  expect(formatPath(['image', 'build-args'])).toBe('image.build-args');
});
