// Issue 12, item 14: `teardown --images` removes the local convenience tags QA runs leave
// (pr-<n>, sha-<sha12>) of image.repository, and nothing else: qa-<sha> and promoted tags stay.
// The teardown sub-action's `images` input does the same, through its bundle as the runner runs it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cli,
  configFor,
  DIST,
  localBusyboxImage,
  makeRepo,
  runNode,
  type Repo,
} from '../support/fixtures.js';
import { mergedPullRequestEvent } from '../support/promotion.js';
import { outputs, runnerEnv } from '../support/runner.js';

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

test('the teardown action, images: true on pull_request closed: pr-N of that PR goes, every other tag stays', async () => {
  const events = mkdtempSync(join(tmpdir(), 'iqa-teardown-images-events-'));
  try {
    const event = mergedPullRequestEvent(events, { number: 6, head: r.sha, merge: null, merged: false });
    // A repository of its own: teardown removes that repository's PR 6 environment, none of another test's.
    const env = runnerEnv(r, {
      event,
      eventName: 'pull_request',
      repository: `acme/teardown-images-${process.pid}`,
      inputs: { images: 'true' },
    });
    const result = await runNode([join(DIST, 'teardown/index.js')], { cwd: r.dir, env });
    expect({ code: result.code, out: result.code === 0 ? '' : result.stdout }).toEqual({ code: 0, out: '' });
    expect(result.stdout).toContain(`removed the local tag ${repository}:pr-6`);
    expect(result.stdout).toContain('local tags removed: 1');
    expect(outputs(r).removed).toBe('0');
    expect(tags()).toEqual(['main', 'pr-5', qa, 'release-1', `sha-${sha12}`].sort());
  } finally {
    rmSync(events, { recursive: true, force: true });
    execFileSync('docker', ['tag', `${repository}:main`, `${repository}:pr-6`]); // as the next test expects
  }
});

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
