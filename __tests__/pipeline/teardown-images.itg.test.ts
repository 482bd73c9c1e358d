// Issue 12, item 14: `teardown --images` removes the local convenience tags QA runs leave
// (pr-<n>, sha-<sha12>) of image.repository, and nothing else: qa-<sha> and promoted tags stay.
import { execFileSync } from 'node:child_process';
import { cli, configFor, localBusyboxImage, makeRepo, type Repo } from '../support/fixtures.js';

const repository = `iqa-teardown-images-${Date.now().toString(36)}`;
const sha12 = '0123456789ab';
const qa = `qa-${'c'.repeat(40)}`;
let r: Repo;
beforeAll(() => {
  localBusyboxImage(`${repository}:main`);
  for (const tag of ['pr-5', 'pr-6', `sha-${sha12}`, qa, 'release-1'])
    execFileSync('docker', ['tag', `${repository}:main`, `${repository}:${tag}`]);
  r = makeRepo(configFor(repository, '  - name: page\n    run: exit 0\n'));
});
afterAll(() => {
  const refs = tags().map((t) => `${repository}:${t}`);
  if (refs.length) execFileSync('docker', ['image', 'rm', '--force', ...refs], { stdio: 'ignore' });
  r.cleanup();
});

function tags(): string[] {
  return execFileSync('docker', ['image', 'ls', '--format', '{{.Tag}}', repository], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .sort();
}

test('--pr N --images removes pr-N; --all --images every pr-*/sha-*; qa-* and other tags stay', async () => {
  const one = await cli(['teardown', '--pr', '5', '--images', '--json'], { cwd: r.dir });
  expect(one.code).toBe(0);
  expect(JSON.parse(one.stdout)).toMatchObject({ images: [`${repository}:pr-5`] });
  expect(tags()).toEqual(['main', 'pr-6', qa, 'release-1', `sha-${sha12}`].sort());

  const all = await cli(['teardown', '--all', '--images'], { cwd: r.dir });
  expect(all.code).toBe(0);
  expect(all.stderr).toContain('local tags removed: 2');
  expect(tags()).toEqual(['main', qa, 'release-1'].sort());
});
