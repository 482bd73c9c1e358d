// environment.engine in the config: a docker address, no password in it, registry mode only; each
// mistake at file:line:col with what to fix (src/config/schema.ts engineSchema, rules.ts engineRules).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';

const FILE = '.github/immutable-qa.yml';
const config = (repository: string, engine: string) => `version: 1
image:
  repository: ${repository}
environment:
  engine: ${engine}
  compose: compose.yml
checks:
  - name: unit
    run: npm test
`;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function load(yaml: string) {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'iqa-engine-')));
  dirs.push(dir);
  for (const [name, text] of Object.entries({ 'compose.yml': 'services: {}\n', [FILE]: yaml })) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return loadConfig(FILE, { cwd: dir });
}

test.each([
  'tcp://preview-1:2376',
  'ssh://deploy@preview-1',
  'ssh://deploy@preview-1:2222',
  'unix:///run/other.sock',
])('%s is taken as it is', async (host) => {
  const loaded = await load(config('ghcr.io/acme/shop', `{ host: "${host}" }`));
  expect(loaded.environment.engine).toEqual({ host });
});

test('without environment.engine the config has none (the runner’s engine)', async () => {
  const loaded = await load(
    config('ghcr.io/acme/shop', '{ host: tcp://x:1 }').replace(/ {2}engine:.*\n/, ''),
  );
  expect(loaded.environment.engine).toBeUndefined();
});

test('local mode cannot reach another engine: the error is at environment.engine', async () => {
  await expect(load(config('shop', '{ host: tcp://preview-1:2376 }'))).rejects.toThrow(
    /immutable-qa\.yml:5:11: environment\.engine needs a registry: .*"shop" has no registry host.*Set image\.repository to a registry/,
  );
});

test.each([
  ['http://preview-1:2375', 'expected a Docker engine address'],
  ['preview-1:2375', 'expected a Docker engine address'],
  ['tcp://', 'expected a Docker engine address'],
])('%s is not a docker address', async (host, message) => {
  await expect(load(config('ghcr.io/acme/shop', `{ host: "${host}" }`))).rejects.toThrow(
    new RegExp(`immutable-qa\\.yml:5:\\d+: .*${message}`),
  );
});

test('a password in the URL is refused, and the error does not repeat it', async () => {
  const error = await load(config('ghcr.io/acme/shop', '{ host: "ssh://deploy:s3cret-pw@preview-1" }')).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error?.message).toMatch(/immutable-qa\.yml:5:\d+: .*no password in environment\.engine\.host/);
  expect(error?.message).not.toContain('s3cret-pw');
});

test('unknown keys under environment.engine are named', async () => {
  await expect(load(config('ghcr.io/acme/shop', '{ host: "tcp://a:1", tls: true }'))).rejects.toThrow(
    /environment\.engine.*tls/,
  );
});

test('environment.backend: compose by default; swarm needs a registry, said at that line', async () => {
  const swarm = (repository: string): string =>
    config(repository, '{ host: tcp://m:2375 }').replace('  engine:', '  backend: swarm\n  engine:');
  expect((await load(swarm('ghcr.io/acme/shop'))).environment.backend).toBe('swarm');
  const error = await load(swarm('shop').replace(/ {2}engine:.*\n/, '')).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error?.message).toMatch(
    /immutable-qa\.yml:5:\d+: environment\.backend swarm needs a registry: every node of the swarm pulls the tested image/,
  );
  await expect(
    load(
      config('ghcr.io/acme/shop', '{ host: tcp://m:1 }').replace('  engine:', '  backend: k8s\n  engine:'),
    ),
  ).rejects.toThrow(/environment\.backend.*compose.*swarm/);
});
