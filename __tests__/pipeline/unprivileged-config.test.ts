// What a fork's (or Dependabot's) run changes in the config (issue 16): it cannot push, sign or
// export a registry cache, so it runs in local mode, unsigned; everything else stays as written.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { unprivilegedConfig } from '../../src/pipeline/config.js';

const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'iqa-unprivileged-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('registry mode becomes local mode, unsigned; only registry cache exports are dropped', async () => {
  mkdirSync(path.join(dir, '.github'));
  writeFileSync(path.join(dir, 'compose.yml'), 'services: {}\n');
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(
    path.join(dir, '.github/immutable-qa.yml'),
    [
      'version: 1',
      'image:',
      '  repository: ghcr.io/acme/shop',
      '  cache-from: ["type=gha", "type=registry,ref=ghcr.io/acme/shop:buildcache"]',
      '  cache-to: ["type=gha,mode=max", "type=registry,ref=ghcr.io/acme/shop:buildcache,mode=max"]',
      'environment:',
      '  compose: compose.yml',
      'record:',
      '  signing: keyless',
      'checks:',
      '  - name: unit',
      '    run: npm test',
      '',
    ].join('\n'),
  );
  const config = await loadConfig('.github/immutable-qa.yml', { cwd: dir });
  expect(config.image).toMatchObject({ local: false, registry: 'ghcr.io' });
  const forked = unprivilegedConfig(config);
  expect(forked.image.local).toBe(true);
  expect(forked.image).not.toHaveProperty('registry');
  expect(forked.image.repository).toBe('ghcr.io/acme/shop');
  // Reading a public cache works without credentials; writing one to the registry does not.
  expect(forked.image.cacheFrom).toEqual(config.image.cacheFrom);
  expect(forked.image.cacheTo).toEqual(['type=gha,mode=max']);
  expect(forked.record.signing).toBe('none');
  expect(forked.checks).toEqual(config.checks);
  expect(forked.environment).toEqual(config.environment);
});
